from django.http import Http404

from yuanqu.core import access
from yuanqu.meetings import selectors
from yuanqu.meetings.models import Meeting


def get_meeting(request, pk: int, action: str = access.VIEW) -> Meeting:
    """The meeting if the user may `action` it, else 404 (a reader learns nothing about what they may not do)."""
    try:
        return selectors.meeting_get(user=request.user, pk=pk, action=action)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc

