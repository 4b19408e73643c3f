"""Web pages (urlpatterns) and REST endpoints (api_urlpatterns) of this app."""

from django.urls import path

from yuanqu.newsroom import views

urlpatterns = [
    path("news/", views.news_import, name="news_import"),
    path("news/<int:pk>/", views.news_review, name="news_review"),
]
api_urlpatterns = []
