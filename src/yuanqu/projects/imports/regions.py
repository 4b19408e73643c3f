"""The 所在区县 column of the project and monthly-report sheets: a district by code or name, which the user must be
allowed to write."""

from django.utils.translation import gettext as _

from yuanqu.core.tabular import BaseImporter, CellError
from yuanqu.places import scoping
from yuanqu.places.models import Region


def region_lookup() -> tuple[dict, dict]:
    """(code -> Region, name -> [Region]) over every region."""
    by_code, by_name = {}, {}
    for region in Region.objects.all():
        by_code[region.code] = region
        by_name.setdefault(region.name, []).append(region)
    return by_code, by_name


def resolve_region(value: str, by_code: dict, by_name: dict) -> Region:
    """A region from its 6-digit code or its (unambiguous) name; CellError in Chinese otherwise."""
    if value in by_code:
        return by_code[value]
    found = by_name.get(value, [])
    if len(found) == 1:
        return found[0]
    if found:
        raise CellError(_("有多个名为“%(name)s”的行政区，请填写6位行政区划代码。") % {"name": value})
    raise CellError(_("未知的区县“%(name)s”：请填写已登记的区县名称或6位行政区划代码。") % {"name": value[:30]})


class DistrictImporter(BaseImporter):
    """An importer whose rows belong to the district in their "region" column."""

    # "%(region)s": the Chinese refusal when the district is not the user's (a lazy translation)
    region_refused: str

    def load_regions(self) -> None:
        self.regions_by_code, self.regions_by_name = region_lookup()

    def writable_region(self, row: int, value: str) -> Region | None:
        """The row's district, or None after reporting why it cannot be imported (unknown, or not the user's)."""
        try:
            region = resolve_region(value, self.regions_by_code, self.regions_by_name)
        except CellError as exc:
            self.problem(row, "region", str(exc))
            return None
        if not scoping.can_write_region(self.user, region):
            self.problem(row, "region", str(self.region_refused) % {"region": region})
            return None
        return region
