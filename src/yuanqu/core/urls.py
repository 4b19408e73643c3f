"""Core pages, and `crud_urls`, which gives a registry model its list/detail/add/edit/delete/history pages."""

from django.contrib.auth import views as auth_views
from django.urls import path

from yuanqu.core import account_views, job_views, views


def crud_urls(prefix: str, model_name: str, *, list_view=None, detail_view=None, edit_view=None, **common) -> list:
    """URL patterns named `<model_name>_list|detail|add|edit|delete|history` under `prefix/`.

    `common` (queryset, ...) is passed to every view; the view classes default to the generic ones.
    """
    list_view = list_view or views.ObjectListView
    detail_view = detail_view or views.ObjectDetailView
    edit_view = edit_view or views.ObjectEditView
    own = {k: common.pop(k) for k in ("filterset", "table", "fields", "form_class", "empty_hint") if k in common}
    as_list = list_view.as_view(**common, **{k: v for k, v in own.items() if k in ("filterset", "table", "empty_hint")})
    as_detail = detail_view.as_view(**common, **{k: v for k, v in own.items() if k == "fields"})
    as_edit = edit_view.as_view(**common, **{k: v for k, v in own.items() if k == "form_class"})
    return [
        path(f"{prefix}/", as_list, name=f"{model_name}_list"),
        path(f"{prefix}/add/", as_edit, name=f"{model_name}_add"),
        path(f"{prefix}/<int:pk>/", as_detail, name=f"{model_name}_detail"),
        path(f"{prefix}/<int:pk>/edit/", as_edit, name=f"{model_name}_edit"),
        path(f"{prefix}/<int:pk>/delete/", views.ObjectDeleteView.as_view(**common), name=f"{model_name}_delete"),
        path(f"{prefix}/<int:pk>/history/", views.ObjectHistoryView.as_view(**common), name=f"{model_name}_history"),
    ]


urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="core/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("changes/", views.ChangeLogView.as_view(), name="changelog"),
    path("csp-report/", views.csp_report, name="csp_report"),
    path("account/tokens/", account_views.TokenListView.as_view(), name="account_tokens"),
    path("jobs/", job_views.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", job_views.JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/status/", job_views.JobStatusView.as_view(), name="job_status"),
    path("jobs/<int:pk>/result/", job_views.JobResultView.as_view(), name="job_result"),
    path("access/lockouts/", account_views.LockoutListView.as_view(), name="access_lockouts"),
]
api_urlpatterns = []
