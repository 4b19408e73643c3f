"""Sign-in lock-out (django-axes): the answer a locked-out user gets, the client address behind the proxy, the
change-log entries of a lock-out and an unlock, and the organiser's list of current lock-outs."""

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from yuanqu.core import access, audit
from yuanqu.core.models import ChangeAction


def message() -> str:
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return _("登录失败次数过多，该账号或地址已被暂时锁定%(minutes)d分钟；如需立即解锁，请联系市项目办。") % {
        "minutes": minutes}


def lockout_response(request, *args, **kwargs):
    """429 with the reason: JSON for the API, the login page with the message for people."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message(), "code": "locked_out"}, status=429)
    return render(request, "core/login.html", {"lockout": message()}, status=429)


def client_ip(request) -> str:
    """Behind the HTTPS proxy the client is the address the proxy saw: the last X-Forwarded-For entry (those
    before it are the client's own claims); otherwise the socket's peer."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.BEHIND_HTTPS_PROXY and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@receiver(user_locked_out)
def _log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    attempt = AccessAttempt.objects.filter(username=username, ip_address=ip_address).order_by("-pk").first()
    attempt = attempt or AccessAttempt.objects.filter(username=username).order_by("-pk").first()
    if attempt is not None:
        audit.record(user=None, action=ChangeAction.CREATE, instance=attempt, before=None)


def lockouts():
    """Usernames and addresses now refused: at the failure limit within the cool-off time."""
    return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).order_by("-attempt_time")


@transaction.atomic
def lockout_clear(*, user, attempt: AccessAttempt) -> int:
    """Unlock the username and the address of one lock-out; every cleared record is logged as deleted."""
    access.require(user, "accounts.manage")
    cleared = list(AccessAttempt.objects.filter(username=attempt.username) | AccessAttempt.objects.filter(
        ip_address=attempt.ip_address))
    for record in cleared:
        before = audit.snapshot(record)
        audit.record(user=user, action=ChangeAction.DELETE, instance=record, before=before)
    return reset(username=attempt.username) + reset(ip=attempt.ip_address)
