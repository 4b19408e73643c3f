"""A user's own API tokens (/account/tokens/) and the organiser's list of sign-in lock-outs (/access/lockouts/)."""

from axes.models import AccessAttempt
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from yuanqu.core import access, lockout, tokens
from yuanqu.core.views import OperationMixin, call_service, run_service


class TokenListView(OperationMixin, View):
    """Every token of the signed-in user, with the form for a new one (shown once) and a revoke button each."""

    operation = access.SIGNED_IN

    def get(self, request, made: str | None = None, status: int = 200):
        return render(request, "core/tokens.html", {
            "tokens": tokens.tokens_of(request.user), "made": made, "max_days": tokens.MAX_DAYS,
            "default_days": tokens.DEFAULT_DAYS, "now": timezone.now(),
        }, status=status)

    def post(self, request):
        if "revoke" in request.POST:
            token = get_object_or_404(tokens.tokens_of(request.user), pk=request.POST["revoke"])
            return run_service(request, lambda: tokens.token_revoke(user=request.user, token=token),
                               _("已撤销令牌：%(t)s") % {"t": token}, "account_tokens")
        ok, made = call_service(request, lambda: tokens.token_create(
            user=request.user, name=request.POST.get("name", ""), days=request.POST.get("days", "")))
        if not ok:
            return redirect("account_tokens")
        record, token = made
        messages.success(request, _("已生成令牌“%(name)s”：请立即复制，离开本页后将不再显示。") % {"name": record.name})
        return self.get(request, made=token)


class LockoutListView(OperationMixin, View):
    """Usernames and addresses locked out after too many failed sign-ins; the organiser unlocks them here."""

    operation = "accounts.manage"

    def get(self, request):
        return render(request, "core/lockouts.html", {"attempts": lockout.lockouts(), "message": lockout.message()})

    def post(self, request):
        attempt = get_object_or_404(AccessAttempt, pk=request.POST.get("unlock", 0) or 0)
        return run_service(request, lambda: lockout.lockout_clear(user=request.user, attempt=attempt),
                           _("已解锁：%(user)s（%(ip)s）") % {"user": attempt.username, "ip": attempt.ip_address},
                           "access_lockouts")

