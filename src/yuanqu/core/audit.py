"""The change log: every service that writes calls `record` inside its transaction."""

import contextvars
import datetime
import decimal
import hashlib
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models

from yuanqu.core.models import ChangeAction, ObjectChange

current_request_id: contextvars.ContextVar[uuid.UUID | None] = contextvars.ContextVar("request_id", default=None)


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def _fingerprint(secret: str) -> str | None:
    """A short one-way mark of a secret: the log shows that it changed, never the secret itself."""
    return f"sha256:{hashlib.sha256(secret.encode()).hexdigest()[:8]}" if secret else None


def snapshot(instance: models.Model) -> dict:
    """The instance's concrete field values (foreign keys as ids, many-to-many as sorted id lists), JSON-ready.

    Fields a model lists in `audit_secret_fields` (personal link tokens, ...) are logged as fingerprints; fields it
    lists in `audit_ignore_fields` are bookkeeping like `updated` (when a result was last recomputed, ...): left
    out, so that a save changing only them is not logged as a change.
    """
    data = {}
    opts = instance._meta
    secret = set(getattr(type(instance), "audit_secret_fields", ()))
    ignored = {"id", "created", "updated", "password", *getattr(type(instance), "audit_ignore_fields", ())}
    for field in opts.concrete_fields:
        if field.name in ignored:
            continue
        value = field.value_from_object(instance)
        if field.name in secret:
            data[field.name] = _fingerprint(value)
            continue
        if isinstance(field, models.DecimalField) and value is not None:
            # 1500 and Decimal("1500.00") are the same stored amount: compare and show them alike
            value = decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-field.decimal_places))
        data[field.name] = _plain(value)
    if instance.pk is not None:
        for field in opts.many_to_many:
            data[field.name] = sorted(o.pk for o in getattr(instance, field.name).all())
    return data


def entry(*, user, action: str, instance: models.Model, before: dict | None) -> ObjectChange | None:
    """The unsaved log entry of one change (for `record`, `record_many`, and the scoring cards' own INSERT); None
    for an update that changed nothing."""
    after = None if action == ChangeAction.DELETE else snapshot(instance)
    if action == ChangeAction.UPDATE and before == after:
        return None
    return ObjectChange(
        # the command line's SystemActor has no user row: it is logged by its name only
        user=user if isinstance(user, models.Model) and user.is_authenticated else None,
        user_name=getattr(user, "username", "") or "",
        request_id=current_request_id.get(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
    )


def record(*, user, action: str, instance: models.Model, before: dict | None) -> ObjectChange | None:
    """Log one change; an update that changed nothing is not logged."""
    change = entry(user=user, action=action, instance=instance, before=before)
    if change is not None:
        change.save()
    return change


def record_many(*, user, changes: list[tuple[str, models.Model, dict | None]]) -> int:
    """Log many changes in one INSERT (a recompute of 50,000 lights): each (action, instance, before) as `record`
    would, an update that changed nothing left out. Returns how many were logged."""
    rows = [entry(user=user, action=action, instance=instance, before=before)
            for action, instance, before in changes]
    rows = [row for row in rows if row is not None]
    ObjectChange.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def record_saved(*, user, instance: models.Model, before: dict | None) -> ObjectChange | None:
    """Log a save: a creation when there was no `before` snapshot, otherwise an update."""
    action = ChangeAction.CREATE if before is None else ChangeAction.UPDATE
    return record(user=user, action=action, instance=instance, before=before)


def history(instance: models.Model):
    """Changes of one object, newest first."""
    return ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True), object_id=str(instance.pk)
    ).select_related("user")
