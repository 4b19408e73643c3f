"""Named, expiring, revocable API tokens, hashed at rest (after django-rest-knox, with a name per token).

A token is `yq_` + 43 random characters, shown once when it is made; the database keeps its SHA-256 and its first
characters. `Authorization: Token <token>` authenticates the API, as before.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from yuanqu.core import access, audit
from yuanqu.core.models import ApiToken, ChangeAction

PREFIX_LENGTH = 10
MAX_DAYS = 365
DEFAULT_DAYS = 30


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, user, name: str, days: int | str = DEFAULT_DAYS) -> tuple[ApiToken, str]:
    """A new token of `user` valid for `days` (1–365, a number or its text from a form or JSON); returns the record
    and the token, which is never shown again."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("请为令牌起一个名称（如用途），以便日后识别和撤销。")]})
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": [_("有效天数应为 1 到 %(max)d 之间的整数。") % {"max": MAX_DAYS}]})
    if not access.allows(user, access.SIGNED_IN):
        raise PermissionDenied(_("该账号不能使用接口令牌。"))
    token = "yq_" + secrets.token_urlsafe(32)
    record = ApiToken(user=user, name=name[:60], prefix=token[:PREFIX_LENGTH], digest=_digest(token),
                      expires=timezone.now() + datetime.timedelta(days=days))
    record.full_clean()
    record.save()
    audit.record(user=user, action=ChangeAction.CREATE, instance=record, before=None)
    return record, token


@transaction.atomic
def token_revoke(*, user, token: ApiToken) -> ApiToken:
    """Revoke a token at once: its owner may, and whoever manages accounts."""
    if token.user_id != user.pk and not access.allows(user, "accounts.manage"):
        raise PermissionDenied(_("只能撤销自己的令牌。"))
    if token.revoked is None:
        before = audit.snapshot(token)
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        audit.record(user=user, action=ChangeAction.UPDATE, instance=token, before=before)
    return token


def tokens_of(user):
    return ApiToken.objects.filter(user=user)


class TokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <token>` against the hashed tokens; an expired or revoked one is refused (401)."""

    def authenticate_credentials(self, key):
        record = ApiToken.objects.select_related("user").filter(digest=_digest(key)).first()
        now = timezone.now()
        if record is None or record.revoked is not None or record.expires <= now or not record.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌无效、已过期或已撤销。"))
        if record.last_used is None or now - record.last_used > datetime.timedelta(minutes=5):
            ApiToken.objects.filter(pk=record.pk).update(last_used=now)  # bookkeeping, not a change worth a log
        return record.user, record
