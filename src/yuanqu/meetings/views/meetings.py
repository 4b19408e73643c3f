from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yuanqu.core import access
from yuanqu.core.views import ObjectDetailView, ObjectEditView, operation_required, run_service
from yuanqu.meetings import selectors, services
from yuanqu.meetings.forms import DemandForm
from yuanqu.meetings.models import Demand, Meeting, MeetingStatus
from yuanqu.meetings.views.common import get_meeting


class MeetingDetailView(ObjectDetailView):
    template_name = "meetings/meeting_detail.html"

    def extra_context(self, obj) -> dict:
        user = self.request.user
        manages = access.allows(user, "meetings.manage")
        return {
            "agenda": selectors.agenda(obj),
            "demands": obj.demands.all(),
            "demand_form": DemandForm(user=user) if manages else None,
            "transitions": [
                MeetingStatus(s) for s in MeetingStatus.values if s in services.ALLOWED_TRANSITIONS[obj.status]
            ] if manages else [],
            "attendee_count": obj.attendees.count(),
        }


class MeetingEditView(ObjectEditView):
    def create(self, data):
        return services.meeting_create(user=self.request.user, data=data)

    def update(self, instance, data):
        return services.meeting_update(user=self.request.user, meeting=instance, data=data)


@operation_required("meetings.manage", model=Meeting)
@require_POST
def meeting_status(request, pk):
    meeting = get_meeting(request, pk, access.CHANGE)
    status = request.POST.get("status", "")
    return run_service(
        request,
        lambda: services.meeting_set_status(user=request.user, meeting=meeting, status=status),
        _("会议状态已更新。"),
        reverse("meeting_detail", args=[pk]),
    )


@operation_required("meetings.manage", model=Meeting)
@require_POST
def demand_add(request, pk):
    meeting = get_meeting(request, pk, access.CHANGE)
    form = DemandForm(data=request.POST, user=request.user)
    target = reverse("meeting_detail", args=[pk]) + "#demands"
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(target)
    return run_service(
        request, lambda: services.demand_add(user=request.user, meeting=meeting, data=form.cleaned_data),
        _("已添加会议要求。"), target,
    )


@operation_required("meetings.manage", model=Demand)
@require_POST
def demand_remove(request, pk):
    demand = get_object_or_404(access.restrict(Demand.objects.all(), request.user, access.DELETE), pk=pk)
    target = reverse("meeting_detail", args=[demand.meeting_id]) + "#demands"
    return run_service(request, lambda: services.demand_remove(user=request.user, demand=demand),
                       _("已删除会议要求。"), target)
