from django.urls import path

from yuanqu.atlas import views

urlpatterns = [
    path("map/", views.ProjectMapView.as_view(), name="project_map"),
]
