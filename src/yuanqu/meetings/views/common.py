from django.http import Http404
from django.shortcuts import redirect

from yuanqu.core import scoping
from yuanqu.core.views import call_service
from yuanqu.meetings import selectors
from yuanqu.meetings.models import Meeting


def get_meeting(request, pk: int, action: str = scoping.VIEW) -> Meeting:
    """The meeting if the user may `action` it, else 404 (a reader learns nothing about what they may not do)."""
    try:
        return selectors.meeting_get(user=request.user, pk=pk, action=action)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def run_service(request, call, success: str | None, redirect_to: str):
    """Call a service from a button, then redirect (or return the service's own response)."""
    ok, result = call_service(request, call, success)
    return result if ok and hasattr(result, "status_code") else redirect(redirect_to)
