"""Pages of the supervision app: lights, rules and exemptions, supervised tasks, the progress dashboard."""

from yuanqu.supervision.views.dashboard import DashboardView
from yuanqu.supervision.views.lights import (
    LightDetailView,
    LightListView,
    LightTaskView,
    ProjectLightsView,
    RecomputeView,
)
from yuanqu.supervision.views.rules import ExemptionDecideView, ExemptionListView, ExemptionRequestView, RulesView
from yuanqu.supervision.views.tasks import (
    DemandTasksView,
    TaskDeleteView,
    TaskDetailView,
    TaskEditView,
    TaskFeedbackView,
    TaskListView,
    TaskStatusView,
)

__all__ = [
    "DashboardView",
    "DemandTasksView",
    "ExemptionDecideView",
    "ExemptionListView",
    "ExemptionRequestView",
    "LightDetailView",
    "LightListView",
    "LightTaskView",
    "ProjectLightsView",
    "RecomputeView",
    "RulesView",
    "TaskDeleteView",
    "TaskDetailView",
    "TaskEditView",
    "TaskFeedbackView",
    "TaskListView",
    "TaskStatusView",
]
