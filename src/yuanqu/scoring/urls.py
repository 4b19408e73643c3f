"""Web pages (urlpatterns) and REST endpoints (api_urlpatterns) of this app."""

from django.urls import path

from yuanqu.scoring import api, views

api_urlpatterns = [
    path("score/<str:token>/", api.ScoreView.as_view(), name="scoring_api_score"),
    path("score/<str:token>/undo/", api.UndoView.as_view(), name="scoring_api_undo"),
    path("meetings/<int:pk>/scores/export", api.ExportView.as_view(), name="scoring_api_export"),
    path("meetings/<int:pk>/live/", api.LiveView.as_view(), name="scoring_api_live"),
    path("meetings/<int:pk>/results/", api.ResultsView.as_view(), name="scoring_api_results"),
]

urlpatterns = [
    path("scoring/", views.scoring_index, name="scoring_index"),
    path("m/<str:token>/score/", views.RaterPageView.as_view(), name="scoring_rater"),
    path("m/<str:token>/sw.js", views.rater_service_worker, name="scoring_rater_sw"),
    path("meetings/<int:pk>/screen/", views.screen, name="scoring_screen"),
    path("meetings/<int:pk>/results/", views.results, name="scoring_results"),
    path("meetings/<int:pk>/results.pdf", views.results_pdf, name="scoring_results_pdf"),
    path("meetings/<int:pk>/results.xlsx", views.results_xlsx, name="scoring_results_xlsx"),
    path("meetings/<int:pk>/scheme/default/", views.scheme_default, name="scoring_scheme_default"),
    path("meetings/<int:pk>/scheme/", views.scheme_edit, name="scoring_scheme_edit"),
    path("meetings/<int:pk>/scoring/close/", views.meeting_close, name="scoring_meeting_close"),
    path("meetings/<int:pk>/scoring/publish/", views.publish, name="scoring_publish"),
    path("meetings/stops/<int:pk>/close/", views.stop_close, name="scoring_stop_close"),
]
