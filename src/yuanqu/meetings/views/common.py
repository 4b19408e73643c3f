from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect

from yuanqu.core import scoping
from yuanqu.meetings import selectors
from yuanqu.meetings.models import Meeting


def get_meeting(request, pk: int, action: str = scoping.VIEW) -> Meeting:
    """The meeting if the user may `action` it, else 404 (a reader learns nothing about what they may not do)."""
    try:
        return selectors.meeting_get(user=request.user, pk=pk, action=action)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def run_service(request, call, success: str | None, redirect_to: str):
    """Call a service; a Chinese ValidationError/PermissionDenied becomes an error message. Then redirect."""
    try:
        result = call()
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc) or "无权进行此操作。")
    else:
        if success:
            messages.success(request, success)
        return result if hasattr(result, "status_code") else redirect(redirect_to)
    return redirect(redirect_to)
