"""Generic writes shared by every app's services: permission check, full_clean, save, audit, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from yuanqu.core import access, audit
from yuanqu.core.models import ChangeAction


def _assign(instance: models.Model, data: dict) -> dict:
    """Set plain fields; return the many-to-many values to set after saving."""
    m2m_names = {f.name for f in instance._meta.many_to_many}
    m2m = {}
    for name, value in data.items():
        if name in m2m_names:
            m2m[name] = value
        else:
            setattr(instance, name, value)
    return m2m


@transaction.atomic
def object_create(*, user, model: type[models.Model], data: dict) -> models.Model:
    """Create `model` from `data` (field name → value) as `user`; raises ValidationError or PermissionDenied."""
    instance = model()
    m2m = _assign(instance, data)
    access.check(user, access.ADD, instance)
    instance.full_clean()
    instance.save()
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    audit.record(user=user, action=ChangeAction.CREATE, instance=instance, before=None)
    return instance


@transaction.atomic
def object_update(*, user, instance: models.Model, data: dict) -> models.Model:
    """Change `instance` with `data` as `user`; an edit that changes nothing writes no history."""
    access.check(user, access.CHANGE, instance)
    before = audit.snapshot(type(instance)._default_manager.select_for_update().get(pk=instance.pk))
    m2m = _assign(instance, data)
    instance.full_clean()
    instance.save()
    for name, value in m2m.items():
        getattr(instance, name).set(value)
    access.check_still_own(user, instance)  # NetBox checks the object again after saving
    audit.record(user=user, action=ChangeAction.UPDATE, instance=instance, before=before)
    return instance


def _many_to_many_referrers(instance: models.Model) -> list[models.Model]:
    """Objects that list `instance` in one of their many-to-many fields (a park's leading industries, a chain
    link's upstream links): deleting `instance` changes them too."""
    referrers = []
    for relation in instance._meta.related_objects:
        if relation.many_to_many:
            referrers += getattr(instance, relation.get_accessor_name()).all()
    return referrers


@transaction.atomic
def object_delete(*, user, instance: models.Model) -> None:
    """Delete `instance` as `user`; objects still referenced elsewhere raise a Chinese ValidationError.

    Objects that listed it in a many-to-many field lose it with the deletion: each such change is logged too.
    """
    access.check(user, access.DELETE, instance)
    before = audit.snapshot(instance)
    referrers = [(referrer, audit.snapshot(referrer)) for referrer in _many_to_many_referrers(instance)]
    pk = instance.pk
    try:
        instance.delete()
    except (ProtectedError, RestrictedError) as exc:
        names = "、".join(sorted({str(o) for o in list(exc.args[1])[:5]}))
        raise ValidationError(_("该记录仍被其他记录引用，不能删除：%(names)s") % {"names": names}) from exc
    instance.pk = pk
    audit.record(user=user, action=ChangeAction.DELETE, instance=instance, before=before)
    for referrer, referrer_before in referrers:
        audit.record(user=user, action=ChangeAction.UPDATE, instance=referrer, before=referrer_before)


@transaction.atomic
def version_create(*, user, model: type[models.Model], params: dict, note: str = "") -> models.Model:
    """A new active version of a parameter set (`model` a `core.models.VersionedParams` with its `params`):
    the active one is retired, every earlier one is kept, each write logged. The caller checks permission and
    validates `params`; the model's `clean()` validates again."""
    for old in model.objects.select_for_update().filter(active=True):
        before = audit.snapshot(old)
        old.active = False
        old.save(update_fields=["active", "updated"])
        audit.record(user=user, action=ChangeAction.UPDATE, instance=old, before=before)
    latest = model.objects.aggregate(v=models.Max("version"))["v"] or 0
    instance = model(version=latest + 1, params=params, active=True, note=note,
                     created_by=user if getattr(user, "pk", None) else None)
    instance.full_clean()
    instance.save()
    audit.record(user=user, action=ChangeAction.CREATE, instance=instance, before=None)
    return instance
