from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from yuanqu.core.views import call_service


def require_organiser(request) -> None:
    if not request.user.is_organiser:
        raise PermissionDenied


def run_service(request, call, success: str, back: str):
    """Call a service from a button; returns (redirect to `back`, its result or None)."""
    _ok, result = call_service(request, call, success)
    return redirect(back), result
