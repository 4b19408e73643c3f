"""The one place that decides who may read or change which rows (after NetBox's `RestrictedQuerySet.restrict`).

Every page, API viewset, export and file view goes through `restrict` (querysets) or `can` (one object).
"""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _

from yuanqu.core.models import Role

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
WRITE_ACTIONS = {ADD, CHANGE, DELETE}


def region_ids_for(user) -> set[int] | None:
    """Region ids the user is scoped to, including every region below them; None means all regions."""
    if user.is_organiser or user.role != Role.REPORTER:
        return None
    region_model = apps.get_model("places", "Region")
    frontier = set(user.regions.values_list("pk", flat=True))
    allowed = set(frontier)
    while frontier:
        frontier = set(region_model.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - allowed
        allowed |= frontier
    return allowed


def _region_filter(model: type[models.Model], region_ids: set[int]) -> models.Q:
    path = model.scope_path
    return models.Q(pk__in=region_ids) if path == "" else models.Q(**{f"{path}__in": region_ids})


def restrict(queryset: models.QuerySet, user, action: str = VIEW) -> models.QuerySet:
    """The rows of `queryset` that `user` may `action` (view/add/change/delete)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_organiser:
        return queryset
    model = queryset.model
    scope_path = getattr(model, "scope_path", None)
    if user.role == Role.RATER:
        return queryset.none()
    if action in WRITE_ACTIONS:
        if user.role != Role.REPORTER or scope_path is None:
            return queryset.none()
        return queryset.filter(_region_filter(model, region_ids_for(user)))
    if scope_path is None or user.is_city_wide_reader:
        return queryset
    return queryset.filter(_region_filter(model, region_ids_for(user)))


def can(user, action: str, obj: models.Model) -> bool:
    """Whether `user` may `action` this saved or unsaved object (unsaved: judged by its region)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_organiser:
        return True
    if obj.pk is not None and action != ADD:
        return restrict(type(obj).objects.filter(pk=obj.pk), user, action).exists()
    return can_write_region(user, region_of(obj)) and getattr(type(obj), "scope_path", None) is not None


def can_write_region(user, region) -> bool:
    if user.is_organiser:
        return True
    if user.role != Role.REPORTER or region is None:
        return False
    return region.pk in region_ids_for(user)


def region_of(obj: models.Model):
    """Follow `scope_path` on an in-memory object (unsaved objects included)."""
    path = getattr(type(obj), "scope_path", None)
    if path is None:
        return None
    current = obj
    for part in filter(None, path.split("__")):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


def check(user, action: str, obj: models.Model) -> None:
    """Raise PermissionDenied (with a Chinese message) unless `user` may `action` `obj`."""
    if not can(user, action, obj):
        raise PermissionDenied(_("无权操作该记录：它不在您负责的区县范围内，或您的角色不允许此操作。"))


def require_organiser(user, message: str | None = None) -> None:
    """Raise PermissionDenied (with `message`, or a general Chinese one) unless `user` is the city organiser.

    `user=None` is the system itself (demo loading, a data migration); the command line's actor is an organiser.
    """
    if user is None:
        return
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_organiser", False)):
        raise PermissionDenied(message or _("只有市项目办（组织者）可以进行此操作。"))
