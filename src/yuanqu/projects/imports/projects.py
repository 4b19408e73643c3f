"""Import of projects (and the enterprises they name), upserted by the natural key 项目名称 + 所在区县."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yuanqu.core import access, audit
from yuanqu.core.tabular import Pending
from yuanqu.places import geo
from yuanqu.places.models import Carrier, Industry, Park
from yuanqu.projects.imports.columns import PROJECT_SHEET, PROJECT_SPECS
from yuanqu.projects.imports.regions import DistrictImporter
from yuanqu.projects.models import Enterprise, KeyLevel, Project, ProjectKind

READ_ONLY = ("enterprise_name", "credit_code", "coordinate_system")  # resolved or converted, not fields
WRITTEN_FIELDS = [spec.key for spec in PROJECT_SPECS if spec.key not in READ_ONLY] + ["enterprise"]
DEFAULTS = {"kind": ProjectKind.NEW, "key_level": KeyLevel.NONE, "orientation": ""}


class ProjectImporter(DistrictImporter):
    kind = "projects"
    label = "项目"
    sheet_name = PROJECT_SHEET
    specs = PROJECT_SPECS
    region_refused = gettext_lazy("无权导入“%(region)s”的项目：它不在您负责的区县范围内。")

    def prepare(self) -> None:
        self.load_regions()
        self.parks = {(p.region_id, p.name): p for p in Park.objects.all()}
        self.carriers = {(c.park_id, c.name): c for c in Carrier.objects.all()}
        self.industries = {i.code: i for i in Industry.objects.all()}
        self.enterprises = {e.credit_code: e for e in Enterprise.objects.all()}
        self.visible_enterprises = set(
            access.restrict(Enterprise.objects.all(), self.user, access.VIEW).values_list("pk", flat=True)
        )
        self.existing = {(p.region_id, p.name): p for p in Project.objects.all()}
        self.new_enterprises: dict[str, tuple[int, Enterprise]] = {}  # credit code -> (first row, instance)
        self.seen: dict[tuple, int] = {}

    def _resolve(self, row: int, values: dict) -> dict | None:
        """Text names → related objects; problems reported at their column."""
        resolved, ok = {}, True
        region = None
        if values.get("region"):
            region = self.writable_region(row, values["region"])
            if region is None:
                return None
        resolved["region"] = region
        park = None
        if values.get("park"):
            park = self.parks.get((region.pk, values["park"])) if region else None
            if park is None:
                self.problem(
                    row,
                    "park",
                    _("“%(region)s”没有名为“%(park)s”的园区。") % {"region": region, "park": values["park"]},
                )
                ok = False
        resolved["park"] = park
        carrier = None
        if values.get("carrier"):
            if park is None:
                if ok:
                    self.problem(row, "carrier", _("填写了载体时必须填写所在园区。"))
                ok = False
            else:
                carrier = self.carriers.get((park.pk, values["carrier"]))
                if carrier is None:
                    self.problem(
                        row,
                        "carrier",
                        _("园区“%(park)s”没有名为“%(c)s”的载体。") % {"park": park, "c": values["carrier"]},
                    )
                    ok = False
        resolved["carrier"] = carrier
        industry = None
        if values.get("industry"):
            code = values["industry"].split()[0]
            industry = self.industries.get(code)
            if industry is None:
                self.problem(row, "industry", _("未知的行业代码“%(code)s”（GB/T 4754-2017）。") % {"code": code[:10]})
                ok = False
        resolved["industry"] = industry
        enterprise = self._enterprise(row, values, region, industry)
        if enterprise is False:
            ok = False
        resolved["enterprise"] = enterprise or None
        return resolved if ok else None

    def _enterprise(self, row: int, values: dict, region, industry):
        """The enterprise by credit code (created if new), by unique name if no code; False on a problem."""
        code, name = values.get("credit_code"), values.get("enterprise_name")
        if not code and not name:
            return None
        if code:
            existing = self.enterprises.get(code)
            if existing is not None:
                if existing.pk not in self.visible_enterprises:
                    self.problem(row, "credit_code", _("该信用代码已登记为其他区县的企业，请联系市项目办关联。"))
                    return False
                if name and name != existing.name:
                    self.problem(
                        row,
                        "enterprise_name",
                        _("企业名称与该信用代码已登记的名称“%(name)s”不一致。") % {"name": existing.name},
                    )
                    return False
                return existing
            if code in self.new_enterprises:
                first_row, enterprise = self.new_enterprises[code]
                if name and name != enterprise.name:
                    self.problem(
                        row, "enterprise_name", _("与第%(row)d行同一信用代码的企业名称不一致。") % {"row": first_row}
                    )
                    return False
                return enterprise
            if not name:
                self.problem(row, "enterprise_name", _("新企业须填写企业名称。"))
                return False
            if region is None:
                return False
            enterprise = Enterprise(name=name, credit_code=code, region=region, industry=industry)
            try:
                enterprise.full_clean(exclude=["region", "industry"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                self.validation_problems(row, exc, {"name": "enterprise_name", "credit_code": "credit_code"})
                return False
            self.new_enterprises[code] = (row, enterprise)
            return enterprise
        matches = [e for e in self.enterprises.values() if e.name == name and e.pk in self.visible_enterprises]
        if len(matches) == 1:
            return matches[0]
        self.problem(row, "credit_code", _("请填写企业“%(name)s”的统一社会信用代码。") % {"name": name})
        return False

    def validate_row(self, row: int, values: dict, cells_ok: bool) -> Pending | None:
        resolved = self._resolve(row, values) if values.get("region") is not None else None
        if not cells_ok or resolved is None:
            return None
        key = (resolved["region"].pk, values["name"])
        if key in self.seen:
            self.problem(
                row, "name", _("与第%(row)d行重复：同一区县的同名项目只能出现一次。") % {"row": self.seen[key]}
            )
            return None
        self.seen[key] = row
        system = values.get("coordinate_system")
        if system and values.get("latitude") is not None and values.get("longitude") is not None:
            values["latitude"], values["longitude"] = geo.to_stored(values["latitude"], values["longitude"], system)
        project = self.existing.get(key)
        before = audit.snapshot(project) if project is not None else None
        if project is None:
            project = Project()
        present = set(self.letters) | (
            {"enterprise"} if {"enterprise_name", "credit_code"} & set(self.letters) else set()
        )
        for name in WRITTEN_FIELDS:
            if name in resolved:
                if name in present:
                    setattr(project, name, resolved[name])
            elif name in self.letters:  # a column left out of the file keeps its value
                value = values.get(name)
                setattr(project, name, DEFAULTS.get(name, "") if value is None and name in DEFAULTS else value)
        if project.construction_content is None:
            project.construction_content = ""
        try:
            # The cell parsers already enforced the field rules (lengths, decimals, choices, signs); the model's
            # clean() adds the cross-field invariants (park in region, carrier in park, stage dates in order).
            project.clean()
        except ValidationError as exc:
            self.validation_problems(row, exc, {"enterprise": "enterprise_name"})
            return None
        return Pending(row=row, instance=project, before=before)

    def write(self, changed: list[Pending]) -> None:
        needed = {id(p.instance.enterprise) for p in changed if p.instance.enterprise is not None}
        new_enterprises = [
            Pending(row=row, instance=e, before=None) for row, e in self.new_enterprises.values() if id(e) in needed
        ]
        if new_enterprises:
            self.bulk_save(Enterprise, new_enterprises, [])
        self.bulk_save(Project, changed, WRITTEN_FIELDS)
