"""Writes to the reference data that are more than one generic create/update."""

import csv
import datetime
import io
import json
import struct
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import shapefile
import shapely
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from shapely.prepared import prep

from yuanqu.core import access, audit, mapping
from yuanqu.core.models import ChangeAction
from yuanqu.places import divisions, geo
from yuanqu.places.models import Boundary, Industry, Region, RegionChange


class ImportRefused(Exception):
    """The file was refused as a whole; `errors` lists each problem as 'row N, column X: message'."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def industries_import(*, user, text: str) -> dict:
    """Add or rename GB/T 4754 codes from CSV text with columns code,name,parent — all rows or none.

    Deeper codes (中类 3 digits, 小类 4 digits) must name an existing or earlier-listed parent.
    Returns {"created": n, "updated": n, "unchanged": n}.
    """
    access.check(user, access.ADD, Industry())
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    errors: list[str] = []
    if not rows or not {"code", "name", "parent"} <= set(rows[0]):
        raise ImportRefused(["第1行：表头应为 code,name,parent"])
    known = set(Industry.objects.values_list("code", flat=True))
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        code, name, parent = (row.get(k, "").strip() for k in ("code", "name", "parent"))
        if not code or len(code) > 5:
            errors.append(f"第{number}行，列 code：行业代码不能为空且不超过5位")
        if not name:
            errors.append(f"第{number}行，列 name：行业名称不能为空")
        if code in seen:
            errors.append(f"第{number}行，列 code：行业代码 {code} 在文件中重复")
        if parent and parent not in known | seen:
            errors.append(f"第{number}行，列 parent：上级行业代码 {parent} 不存在")
        seen.add(code)
    if errors:
        raise ImportRefused(errors)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for row in rows:
            code, name, parent = (row[k].strip() for k in ("code", "name", "parent"))
            existing = Industry.objects.filter(code=code).first()
            parent_obj = Industry.objects.get(code=parent) if parent else None
            if existing and existing.name == name and existing.parent == parent_obj:
                counts["unchanged"] += 1
                continue
            before = audit.snapshot(existing) if existing else None
            industry = existing or Industry(code=code)
            industry.name, industry.parent = name, parent_obj
            industry.full_clean()
            industry.save()
            audit.record_saved(user=user, instance=industry, before=before)
            counts["updated" if existing else "created"] += 1
    return counts


# --- the official division list: setting up a city, and moving records after a re-zoning ---------------------


@dataclass
class SetupResult:
    """What `region_setup` did (or, in a dry run, would do)."""

    code: str
    created: list[str] = field(default_factory=list)  # codes
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)  # rows that differ from the list and were left alone
    levels: dict[str, int] = field(default_factory=dict)  # level → divisions in the tree (ancestors not counted)
    dry_run: bool = False

    def describe(self) -> str:
        """The summary line of `yuanqu setup-city` and the first-run page."""
        return _("新增 %(created)d，更新 %(updated)d，未变 %(unchanged)d，与名单不同未改 %(differ)d") % {
            "created": len(self.created), "updated": len(self.updated), "unchanged": len(self.unchanged),
            "differ": len(self.differences)}


def _division_fields(division: divisions.Division) -> dict:
    return {"name": division.name, "level": division.level, "parent": division.parent or None}


@transaction.atomic
def region_setup(*, user, code: str, correct: bool = False, dry_run: bool = False) -> SetupResult:
    """Create the current division `code` (a province, a prefecture or a county) with every division below it and
    the ones above it, names, levels and parents from the official list; rows that exist are left as they are
    (reported in `differences`) unless `correct`, when their name, level and parent are set to the list's.
    Idempotent: a second run creates nothing. Raises a Chinese ValidationError for a code not on the list."""
    access.require(user, "reference.change")
    code = (code or "").strip()
    if divisions.get(code) is None:
        raise ValidationError(divisions.problem(code) or _("行政区划代码 %(code)s 不能单独建立。") % {"code": code})
    below = divisions.tree(code)
    above = []
    parent = divisions.get(code).parent
    while parent:
        above.insert(0, divisions.get(parent))
        parent = above[0].parent
    result = SetupResult(code=code, dry_run=dry_run, levels=dict(Counter(d.level for d in below)))
    existing = {r.code: r for r in Region.objects.filter(code__in=[d.code for d in above + below])}
    by_code: dict[str, Region | None] = dict(existing)
    for division in above + below:
        wanted = _division_fields(division)
        row = existing.get(division.code)
        parent_row = by_code.get(division.parent) if division.parent else None
        if row is None:
            result.created.append(division.code)
            if not dry_run:
                row = Region(code=division.code, name=division.name, level=division.level, parent=parent_row)
                row.full_clean()
                row.save()
                audit.record(user=user, action=ChangeAction.CREATE, instance=row, before=None)
            by_code[division.code] = row
            continue
        now = {"name": row.name, "level": row.level, "parent": row.parent.code if row.parent_id else None}
        if now == wanted:
            result.unchanged.append(division.code)
            continue
        differing = "，".join(f"{key} {now[key] or '—'} → {wanted[key] or '—'}"
                             for key in now if now[key] != wanted[key])
        if not correct:
            result.differences.append(f"{division.code} {row.name}：{differing}")
            continue
        result.updated.append(division.code)
        if not dry_run:
            before = audit.snapshot(row)
            row.name, row.level, row.parent = division.name, division.level, parent_row
            row.full_clean()
            row.save()
            audit.record(user=user, action=ChangeAction.UPDATE, instance=row, before=before)
    return result


@dataclass
class RemapResult:
    """What `region_remap` moved (or, in a dry run, would move): model verbose name → records."""

    old_code: str
    new_codes: list[str]
    moved: dict[str, int] = field(default_factory=dict)
    left: list[str] = field(default_factory=list)  # records left on the old code (a split), "模型 记录"
    created: list[str] = field(default_factory=list)  # regions created for the new codes
    dry_run: bool = False

    def describe(self) -> str:
        moved = "，".join(f"{name} {n}" for name, n in self.moved.items()) or _("无")
        return _("%(old)s → %(new)s：移动 %(moved)s；留在原代码 %(left)d 条；新建区划 %(created)d 个") % {
            "old": self.old_code, "new": "、".join(self.new_codes), "moved": moved, "left": len(self.left),
            "created": len(self.created)}


def _region_for_new_code(code: str, old: Region, new_name: str) -> Region:
    """The region of a new code: the existing row, or a new one from the list (or, for a code recorded in a
    RegionChange, with its name and the old region's level and parent)."""
    row = Region.objects.filter(code=code).first()
    if row is not None:
        if row.retired:
            raise ValidationError(_("行政区划代码 %(code)s 已撤销，不能作为新代码。") % {"code": code})
        return row
    division = divisions.get(code)
    if division is not None:
        parent = Region.objects.filter(code=division.parent).first() if division.parent else None
        return Region(code=code, name=division.name, level=division.level, parent=parent or old.parent,
                      group=old.group)
    recorded = [c for c in RegionChange.objects.exclude(new_name="") if code in c.new_code_list]
    new_name = new_name or (recorded[0].new_name if recorded else "")
    if not recorded or not new_name:
        raise ValidationError(
            _("新代码 %(code)s 不在民政部名单中：请先登记区划变更并填写新区划名称。") % {"code": code})
    return Region(code=code, name=new_name, level=old.level, parent=old.parent, group=old.group)


def _region_references():
    """Every foreign key and many-to-many field that names a Region, from any app (found, not listed, so that a
    model added on a higher floor is moved too): (model, field name, many_to_many)."""
    found = []
    for relation in Region._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            found.append((relation.related_model, relation.field.name, False))
        elif relation.many_to_many and relation.related_model is not Region:
            found.append((relation.related_model, relation.field.name, True))
    return found


@transaction.atomic
def region_remap(*, user, old_code: str, new_codes: list[str], date: datetime.date | None = None,
                 new_name: str = "", dry_run: bool = False) -> RemapResult:
    """Move every record of region `old_code` to the new code after a re-zoning, and keep the old row, retired on
    `date` with the new region(s) as successors (its code stays readable in old records' history).

    One new code (renamed, merged): projects, enterprises, parks, supervised tasks, child regions, meetings'
    visited regions and the assigned users all move, each move logged. Several (a split): nothing can tell
    which record goes where, so records stay on the old code and are listed in `left`, for an organiser to
    reassign one by one (forms offer only current regions). No new code (retired): records stay, listed.
    """
    access.require(user, "reference.change")
    old = Region.objects.select_for_update().filter(code=old_code).first()
    if old is None:
        raise ValidationError(_("没有行政区划代码为 %(code)s 的区域。") % {"code": old_code})
    if old.retired:
        raise ValidationError(_("行政区划代码 %(code)s 已于%(date)s撤销。") % {
            "code": old_code, "date": f"{old.retired.year}年{old.retired.month}月{old.retired.day}日"})
    if old_code in new_codes:
        raise ValidationError(_("新代码不能与原代码相同。"))
    result = RemapResult(old_code=old_code, new_codes=list(new_codes), dry_run=dry_run)
    targets = [_region_for_new_code(code, old, new_name) for code in new_codes]
    for target in targets:
        if target.pk is None:
            result.created.append(target.code)
            if not dry_run:
                target.full_clean()
                target.save()
                audit.record(user=user, action=ChangeAction.CREATE, instance=target, before=None)
    one = targets[0] if len(targets) == 1 else None
    for model, name, many in _region_references():
        label = str(model._meta.verbose_name)
        records = list(model._default_manager.filter(**{name: old}).order_by("pk"))
        for record in records:
            if one is None:
                result.left.append(f"{label} {record}")
                continue
            result.moved[label] = result.moved.get(label, 0) + 1
            if dry_run:
                continue
            before = audit.snapshot(record)
            if many:
                getattr(record, name).remove(old)
                getattr(record, name).add(one)
            else:
                setattr(record, name, one)
                record.save(update_fields=[name, "updated"] if hasattr(record, "updated") else [name])
            audit.record(user=user, action=ChangeAction.UPDATE, instance=record, before=before)
    users = list(old.users.all())
    if users and one is None:
        result.left += [f"{_('所属区县用户')} {u.username}" for u in users]
    if users and one is not None:
        result.moved[str(_("所属区县用户"))] = len(users)
        if not dry_run:
            before = audit.snapshot(one)
            one.users.add(*users)
            audit.record(user=user, action=ChangeAction.UPDATE, instance=one, before=before)
    if not dry_run:
        before = audit.snapshot(old)
        old.retired = date or datetime.date.today()
        old.save(update_fields=["retired", "updated"])
        old.successors.set(targets)
        if one is not None:
            old.users.clear()
        audit.record(user=user, action=ChangeAction.UPDATE, instance=old, before=before)
    return result


def region_remap_history(*, user, year: int, dry_run: bool = False) -> list[RemapResult]:
    """Apply the list's recorded changes of `year` to the regions in the database: every region whose code the
    list retired that year (and does not use again now) is remapped to its successors, followed to the codes in
    force now (a successor retired since is not a valid region code any more)."""
    access.require(user, "reference.change")
    results = []
    present = set(Region.objects.filter(retired__isnull=True).values_list("code", flat=True))
    for entry in divisions.history_entries():
        if entry.until != year or entry.code not in present or divisions.get(entry.code) is not None:
            continue
        successors = list(divisions.resolve_successors(entry.successors, frozenset({entry.code})))
        results.append(region_remap(user=user, old_code=entry.code, new_codes=successors,
                                    date=datetime.date(year, 12, 31), dry_run=dry_run))
    return results


def region_change_apply(*, user, change: RegionChange, dry_run: bool = False) -> RemapResult:
    """Remap the records of a re-zoning an organiser recorded (`RegionChange`)."""
    return region_remap(user=user, old_code=change.old_code, new_codes=change.new_code_list, date=change.date,
                        new_name=change.new_name, dry_run=dry_run)


BOUNDARY_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class BoundaryResult:
    boundary: object
    outside: dict[str, int]  # model's verbose name → how many positioned records fall outside the new boundary

    def describe(self) -> str:
        text = _("边界“%(title)s”已启用，共 %(features)d 个要素。") % {
            "title": self.boundary.title, "features": self.boundary.features}
        if self.outside:
            text += _("已有坐标不在新边界内：%(list)s，请核对。") % {
                "list": "，".join(f"{name} {n} 个" for name, n in self.outside.items())}
        return text


def _read_boundary_file(name: str, content: bytes):
    """The (polygon, name) pairs of an uploaded .geojson/.json or a zipped Shapefile (.shp, .shx, .dbf)."""

    lower = name.lower()
    if lower.endswith((".geojson", ".json")):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("GeoJSON 文件应为 UTF-8 编码的文本。")) from None
        try:
            return mapping.parse_geojson(text)
        except ValueError as error:
            raise ValidationError(str(error)) from None
    if lower.endswith(".zip"):
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
            members = {m.rsplit(".", 1)[-1].lower(): m for m in archive.namelist() if "." in m}
        except zipfile.BadZipFile:
            raise ValidationError(_("不是有效的 ZIP 压缩包。")) from None
        missing = [ext for ext in ("shp", "shx", "dbf") if ext not in members]
        if missing:
            raise ValidationError(_("压缩包中缺少 Shapefile 的 %(ext)s 文件（需要 .shp、.shx、.dbf）。") % {
                "ext": "、".join(f".{e}" for e in missing)})
        try:
            reader = shapefile.Reader(**{ext: io.BytesIO(archive.read(members[ext])) for ext in ("shp", "shx", "dbf")},
                                      encoding="utf-8", encodingErrors="replace")
            collection = reader.__geo_interface__
        except (shapefile.ShapefileException, ValueError, KeyError, IndexError, struct.error) as error:
            raise ValidationError(_("Shapefile 无法读取：%(error)s") % {"error": error}) from None
        try:
            return mapping.parse_geojson(json.dumps(collection, default=str))
        except ValueError as error:
            raise ValidationError(str(error)) from None
    raise ValidationError(_("边界文件应为 GeoJSON（.geojson/.json）或打包为 .zip 的 Shapefile。"))


def _positioned_outside(geometry) -> dict[str, int]:
    """Records with a position (latitude/longitude fields, on any floor) that the new boundary leaves outside."""
    prepared = prep(geometry)  # one geometry, many points (mapping.prepared does the same from GeoJSON)
    found = {}
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        for lat_field, lon_field in (("latitude", "longitude"), ("seat_latitude", "seat_longitude")):
            if {lat_field, lon_field} <= names:
                rows = model.objects.exclude(**{f"{lat_field}__isnull": True}).exclude(
                    **{f"{lon_field}__isnull": True}).values_list(lon_field, lat_field)
                pairs = [(float(lon), float(lat)) for lon, lat in rows]
                if pairs:
                    outside = sum(1 for point in shapely.points(pairs) if not prepared.covers(point))
                    if outside:
                        found[str(model._meta.verbose_name)] = outside
    return found


@transaction.atomic
def boundary_upload(*, user, name: str, content: bytes, title: str, approval_number: str, source: str,
                    coordinate_system: str = "CGCS2000") -> BoundaryResult:
    """Store the city's approved boundary (converted to CGCS2000/WGS-84) as the one the maps draw; the previous
    one is kept, inactive. Every write logged; a refused file changes nothing."""
    access.require(user, "reference.change", _("只有组织者可以上传边界。"))
    if len(content) > BOUNDARY_MAX_BYTES:
        raise ValidationError(_("边界文件不能超过 %(mb)d MB。") % {"mb": BOUNDARY_MAX_BYTES // (1024 * 1024)})
    system = geo.parse_system(coordinate_system)
    if system is None:
        raise ValidationError({"coordinate_system": _("未知的坐标系“%(value)s”。") % {"value": coordinate_system}})
    parts = _read_boundary_file(name, content)
    if system not in (geo.CoordinateSystem.CGCS2000, geo.CoordinateSystem.WGS84):
        def convert(array):  # (n, 2) of lon, lat in the file's system → stored
            return np.array([[float(v) for v in reversed(geo.to_stored(lat, lon, system))] for lon, lat in array])

        parts = [(shapely.transform(polygon, convert), part_name) for polygon, part_name in parts]
    geometry = shapely.union_all([polygon for polygon, _name in parts])
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    c_min_lon, c_min_lat, c_max_lon, c_max_lat = geo.CHINA
    if not (c_min_lon <= min_lon and max_lon <= c_max_lon and c_min_lat <= min_lat and max_lat <= c_max_lat):
        raise ValidationError(_("边界范围（经度 %(a).3f–%(b).3f，纬度 %(c).3f–%(d).3f）超出中国境内，"
                                "请确认坐标为经纬度（度），不是投影坐标（米）。") % {
                                    "a": min_lon, "b": max_lon, "c": min_lat, "d": max_lat})
    for old in Boundary.objects.select_for_update().filter(active=True):
        before = audit.snapshot(old)
        old.active = False
        old.save(update_fields=["active", "updated"])
        audit.record(user=user, action=ChangeAction.UPDATE, instance=old, before=before)
    boundary = Boundary(
        title=title.strip(), approval_number=approval_number.strip(), source=source.strip(),
        coordinate_system=system.value, original_name=name[:200],
        geojson=mapping.feature_collection(parts),
        features=len(parts), min_longitude=min_lon, min_latitude=min_lat, max_longitude=max_lon,
        max_latitude=max_lat, active=True, uploaded_by=user if getattr(user, "pk", None) else None,
    )
    boundary.full_clean()
    boundary.save()
    audit.record(user=user, action=ChangeAction.CREATE, instance=boundary, before=None)
    return BoundaryResult(boundary, _positioned_outside(geometry))
