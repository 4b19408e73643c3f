"""Web pages (urlpatterns) and REST endpoints (api_urlpatterns) of this app."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from yuanqu.core.urls import crud_urls
from yuanqu.supervision import api, views
from yuanqu.supervision.filtersets import TaskFilterSet
from yuanqu.supervision.forms import TaskForm
from yuanqu.supervision.models import SupervisedTask
from yuanqu.supervision.tables import TaskTable

router = SimpleRouter()
router.register("lights", api.LightViewSet)
router.register("tasks", api.TaskViewSet)
api_urlpatterns = [path("", include(router.urls))]

_task_urls = [
    p
    for p in crud_urls(
        "supervision/tasks",
        "supervisedtask",
        queryset=SupervisedTask.objects.with_overdue().select_related("region", "project", "light", "created_by"),
        filterset=TaskFilterSet,
        table=TaskTable,
        form_class=TaskForm,
        list_view=views.TaskListView,
        detail_view=views.TaskDetailView,
        edit_view=views.TaskEditView,
        fields=[
            "title", "description", "region", "project", "source", "light", "source_ref", "source_text",
            "owner_unit", "responsible_person", "deadline", "status", TaskTable.column("overdue"), "finished_on",
            "created_by",
        ],
    )
    if p.name != "supervisedtask_delete"
]

urlpatterns = [
    path("supervision/dashboard/", views.DashboardView.as_view(), name="supervision_dashboard"),
    path("supervision/lights/", views.LightListView.as_view(), name="light_list"),
    path("supervision/lights/recompute/", views.RecomputeView.as_view(), name="light_recompute"),
    path("supervision/lights/<int:pk>/", views.LightDetailView.as_view(), name="light_detail"),
    path("supervision/lights/<int:pk>/task/", views.LightTaskView.as_view(), name="light_task"),
    path("supervision/projects/<int:pk>/lights/", views.ProjectLightsView.as_view(), name="project_lights"),
    path("supervision/rules/", views.RulesView.as_view(), name="supervision_rules"),
    path("supervision/exemptions/", views.ExemptionListView.as_view(), name="exemption_list"),
    path("supervision/exemptions/request/", views.ExemptionRequestView.as_view(), name="exemption_request"),
    path("supervision/exemptions/<int:pk>/decide/", views.ExemptionDecideView.as_view(), name="exemption_decide"),
    *_task_urls,
    path(
        "supervision/tasks/<int:pk>/delete/",
        views.TaskDeleteView.as_view(queryset=SupervisedTask.objects.all()),
        name="supervisedtask_delete",
    ),
    path("supervision/tasks/<int:pk>/status/", views.TaskStatusView.as_view(), name="supervisedtask_status"),
    path("supervision/demands/<int:pk>/tasks/", views.DemandTasksView.as_view(), name="demand_tasks"),
    path("supervision/tasks/<int:pk>/feedback/", views.TaskFeedbackView.as_view(), name="supervisedtask_feedback"),
]
