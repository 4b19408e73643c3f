from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect


def require_organiser(request) -> None:
    if not request.user.is_organiser:
        raise PermissionDenied


def run_service(request, call, success: str, back: str):
    """Call a service from a button; its Chinese error becomes a message, never a half-written change."""
    try:
        result = call()
    except (ValidationError, PermissionDenied) as exc:
        text = "；".join(exc.messages) if isinstance(exc, ValidationError) else (str(exc) or "无权进行此操作。")
        messages.error(request, text)
        return redirect(back), None
    messages.success(request, success)
    return redirect(back), result
