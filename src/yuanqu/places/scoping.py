"""What a user's "own" rows are: the regions they are assigned to (`Region.users`) and every region below them.

Registered with `yuanqu.core.access` when the app is ready, so the ground floor asks without importing this app.
A model reaches its region along `scope_path` (an ORM path; "" when the model is itself a Region).
"""

from django.db import models

from yuanqu.core import access


def region_ids_for(user) -> set[int]:
    """Ids of the regions `user` is assigned to, and of every region below them."""
    from yuanqu.places.models import Region

    frontier = set(user.regions.values_list("pk", flat=True))
    allowed = set(frontier)
    while frontier:
        frontier = set(Region.objects.filter(parent__in=frontier).values_list("pk", flat=True)) - allowed
        allowed |= frontier
    return allowed


def region_of(obj: models.Model):
    """Follow `scope_path` on an in-memory object (unsaved objects included); None if it has no region yet."""
    path = getattr(type(obj), "scope_path", None)
    if path is None:
        return None
    current = obj
    for part in filter(None, path.split("__")):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


def rows_in_regions(model: type[models.Model], user) -> models.Q:
    path, ids = model.scope_path, region_ids_for(user)
    return models.Q(pk__in=ids) if path == "" else models.Q(**{f"{path}__in": ids})


def in_regions(user, obj: models.Model) -> bool:
    region = region_of(obj)
    return region is not None and region.pk in region_ids_for(user)


def can_write_region(user, region) -> bool:
    """Whether `user` may write district records of `region` (imports check each row's region with it)."""
    given = access.scope(user, "district.change")
    if given is access.ALL:
        return True
    return given is access.OWN and region is not None and region.pk in region_ids_for(user)


ROW_SCOPE = access.RowScope(filter=rows_in_regions, contains=in_regions)
