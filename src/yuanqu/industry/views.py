"""Pages of the industry analysis (产业分析): thin, the reads are in selectors and the maths in pure modules."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from yuanqu.core import access
from yuanqu.core.views import OperationMixin
from yuanqu.industry import selectors
from yuanqu.industry.chains import STATUS_LABELS
from yuanqu.industry.costs import COST_ITEMS, ReferenceFactory, reference_factory_cost
from yuanqu.industry.forms import CarrierMatchForm, CostForm, GradesUploadForm
from yuanqu.industry.importer import efficiency_import
from yuanqu.industry.matching import ProjectNeed, match_carriers
from yuanqu.industry.models import Chain, CostProfile, GradingScheme
from yuanqu.industry.targets import ORIENTATIONS
from yuanqu.places.models import CarrierKind

STAGE_X = {"upstream": 0, "midstream": 1, "downstream": 2}
STATUS_COLOURS = {"missing": "#c62828", "weak": "#f9a825", "covered": "#2e7d32"}


class AnalysisView(OperationMixin, View):
    """Every signed-in role except raters reads the analysis pages."""

    operation = "analysis.view"

    def measure(self) -> str:
        """?measure= a registry measure or table:<id> of an imported table; else the default (the page's basis
        line then says what was used)."""
        measure = self.request.GET.get("measure", selectors.DEFAULT_MEASURE)
        return measure if selectors.measure_known(measure) else selectors.DEFAULT_MEASURE

    def region(self):
        """The district asked for (?region=code or name), else the user's own, else the first one."""
        value = self.request.GET.get("region")
        if value:
            region = selectors.find_district(value)
            if region is None:
                raise Http404(_("没有该区县。"))
            return region
        own = self.request.user.regions.filter(level__in=selectors.DISTRICT_LEVELS).order_by("code").first()
        region = own or selectors.districts().first()
        if region is None:
            raise Http404(_("尚未登记区县。"))
        return region

    def common(self, **extra) -> dict:
        measure = self.measure()
        return {
            "districts": selectors.districts(),
            "measures": selectors.measure_choices(),
            "measure": measure,
            "basis": selectors.measure_basis(measure),
            **extra,
        }


def _xlsx(title: str, headers: list, rows: list, basis: list | None = None):
    """The page's table as .xlsx; `basis` (the page's basis lines) follows the rows, after a blank one."""
    from yuanqu.core.tabular.workbook import table_workbook_response

    pad = [""] * (len(headers) - 1)
    lines = [_("注：") + str(b.text) + (str(_("（示例数据）")) if b.illustrative else "") for b in basis or []]
    tail = [["", *pad], *[[line, *pad] for line in lines]] if lines else []
    return table_workbook_response(title, [str(h) for h in headers], rows + tail)


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class LeadingView(AnalysisView):
    def get(self, request):
        rows = selectors.leading_industries(measure=self.measure())
        if request.GET.get("export") == "xlsx":
            basis = [selectors.measure_basis(self.measure())]
            return _xlsx(
                _("主导产业"),
                [_("区县"), _("优势产业（区位商≥1）"), _("规划主导产业"), _("不一致之处")],
                [
                    [
                        r["region"].name,
                        "、".join(f"{e['code']} {e['name']}（LQ {e['lq']:.2f}，{_pct(e['share'])}）" for e in r["top"]),
                        "、".join(f"{e['code']} {e['name']}" for e in r["designated"]),
                        "；".join(r["mismatches"]),
                    ]
                    for r in rows
                ],
                basis,
            )
        return render(request, "industry/leading.html", self.common(rows=rows))


class ChainListView(AnalysisView):
    def get(self, request):
        region = self.region()
        chains = []
        for chain in Chain.objects.all():
            coverage = selectors.chain_coverage(chain=chain, region=region, user=request.user)
            statuses = [n["status"] for n in coverage["nodes"]]
            chains.append(
                {
                    "chain": chain,
                    "nodes": len(statuses),
                    "missing": statuses.count("missing"),
                    "weak": statuses.count("weak"),
                    "covered": statuses.count("covered"),
                }
            )
        context = self.common(region=region, chains=chains, basis=selectors.chain_basis())
        return render(request, "industry/chain_list.html", context)


def chain_graph(coverage: dict) -> dict:
    """ECharts graph series data: nodes placed by stage (x) and order (y), coloured by coverage."""
    rows: dict[str, int] = {}
    nodes = []
    for node in coverage["nodes"]:
        y = rows.get(node["stage"], 0)
        rows[node["stage"]] = y + 1
        items = [f"{i['name']}（{i['reason']}）" for i in node["items"][:8]]
        more = node["count"] - len(items)
        nodes.append(
            {
                "id": str(node["id"]),
                "name": node["name"],
                "x": STAGE_X[node["stage"]] * 300,
                "y": y * 90,
                "value": node["count"],
                "status": node["status_label"],
                "stage": node["stage_label"],
                "items": items + ([_("另有 %(n)d 家/个") % {"n": more}] if more > 0 else []),
                "itemStyle": {"color": STATUS_COLOURS[node["status"]]},
            }
        )
    edges = [{"source": str(e["source"]), "target": str(e["target"])} for e in coverage["edges"]]
    return {"nodes": nodes, "edges": edges, "colours": STATUS_COLOURS, "labels": STATUS_LABELS}


class ChainDetailView(AnalysisView):
    pk_model = Chain

    def get(self, request, pk):
        chain = get_object_or_404(Chain, pk=pk)
        region = self.region()
        coverage = selectors.chain_coverage(chain=chain, region=region, user=request.user)
        return render(
            request,
            "industry/chain_detail.html",
            self.common(chain=chain, region=region, coverage=coverage, graph=chain_graph(coverage),
                        basis=selectors.chain_basis()),
        )


TARGET_HEADERS = [
    "排名",
    "行业代码",
    "行业名称",
    "综合得分",
    "关联密度",
    "可补链环节",
    "主要关联产业",
    "产业转移导向",
    "招商策略",
    "说明",
]


def target_rows(targets, names) -> list[list]:
    return [
        [
            t.rank,
            t.code,
            names.get(t.code, t.code),
            round(t.score, 3),
            round(t.density, 3),
            "、".join(t.chain_links),
            "、".join(f"{names.get(r.code, r.code)}（{r.proximity:.2f}）" for r in t.related),
            ORIENTATIONS.get(t.orientation, "") if t.orientation else "",
            t.strategy or "",
            t.explanation,
        ]
        for t in targets
    ]


class TargetsView(AnalysisView):
    def get(self, request):
        region = self.region()
        targets, names = selectors.targets_for_region(region=region, measure=self.measure())
        if request.GET.get("export") == "xlsx":
            basis = [selectors.measure_basis(self.measure()), selectors.chain_basis()]
            title = _("%(region)s招商目标") % {"region": region.name}
            return _xlsx(title, TARGET_HEADERS, target_rows(targets, names), basis)
        rows = [
            {
                "target": t,
                "name": names.get(t.code, t.code),
                "related": [
                    {"code": r.code, "name": names.get(r.code, r.code), "proximity": r.proximity} for r in t.related
                ],
                "orientation": ORIENTATIONS.get(t.orientation or "", ""),
            }
            for t in targets
        ]
        return render(
            request, "industry/targets.html", self.common(region=region, rows=rows, chain_basis=selectors.chain_basis())
        )


class CostsView(AnalysisView):
    def get(self, request):
        form = CostForm(request.GET or None)
        results, chart = None, None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            profiles = data["locations"] or CostProfile.objects.all()
            factory = ReferenceFactory(
                **{
                    k: float(data[k])
                    for k in (
                        "land_mu",
                        "floor_area_m2",
                        "employees",
                        "power_kwh_per_year",
                        "water_t_per_year",
                        "freight_t_km_per_year",
                        "revenue_per_year",
                    )
                }
            )
            rate = None if data["discount_rate"] is None else float(data["discount_rate"])
            illustrative = {p.location for p in profiles if p.illustrative}
            totals = reference_factory_cost([p.as_location_costs() for p in profiles], factory, data["years"], rate)
            results = [
                {
                    "total": t,
                    "items": [(COST_ITEMS[k], (t.items_discounted or t.items)[k]) for k in COST_ITEMS],
                    "illustrative": t.location in illustrative,
                }
                for t in totals
            ]
            chart = {
                "locations": [t.location for t in totals],
                "series": [
                    {"name": label, "data": [round((t.items_discounted or t.items)[k], 1) for t in totals]}
                    for k, label in COST_ITEMS.items()
                ],
            }
        return render(
            request, "industry/costs.html", {"form": form, "results": results, "chart": chart, "items": COST_ITEMS}
        )


class CarrierMatchView(AnalysisView):
    def get(self, request):
        form = CarrierMatchForm(request.GET or None)
        result = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            need = ProjectNeed(float(data["area_m2"]), data["industry"].code, data["needed_by"], tuple(data["kinds"]))
            offers = selectors.carrier_offers(user=request.user)
            result = match_carriers(need, offers)
            parks = {o.carrier_id: o.park for o in offers}
            result = {
                "matches": [(m, parks[m.carrier_id]) for m in result.matches],
                "excluded": [(e, parks[e.carrier_id]) for e in result.excluded],
            }
        return render(
            request, "industry/carrier_match.html", {"form": form, "result": result, "kinds": dict(CarrierKind.choices)}
        )


GRADE_HEADERS = ["企业", "统一社会信用代码", "区县", "年度", "综合得分", "等级", "说明", "评价参数"]


class GradesView(AnalysisView):
    operation = ("analysis.view", "analysis.import")
    def year(self):
        years = selectors.efficiency_years()
        value = self.request.GET.get("year", "")
        year = int(value) if value.isdigit() else (years[0] if years else None)
        return year, years

    def scheme(self):
        """The grading version asked for with ?scheme=N (404 if there is none), else the active one."""
        try:
            return selectors.grading_scheme_asked(self.request.GET.get("scheme"))
        except GradingScheme.DoesNotExist as exc:
            raise Http404(_("没有该版本的评价参数。")) from exc

    def context(self, **extra) -> dict:
        year, years = self.year()
        scheme = self.scheme()
        records = selectors.efficiency_records(user=self.request.user, year=year)
        pairs = selectors.graded(records, scheme) if year else []
        return {
            "year": year,
            "years": years,
            "pairs": pairs,
            "d_list": [(r, g) for r, g in pairs if g.grade == "D"],
            "distribution": selectors.grade_distribution(year=year, scheme=scheme) if year else [],
            "scheme": scheme,
            "scheme_label": str(scheme) if scheme else _("默认参数"),
            "parameters": selectors.rules_of(scheme),
            "scheme_query": f"&scheme={scheme.version}" if scheme and not scheme.active else "",
            "can_import": access.allows(self.request.user, "analysis.import"),
            "form": GradesUploadForm(),
            **extra,
        }

    def get(self, request):
        context = self.context()
        if request.GET.get("export") == "xlsx":
            pairs = context["d_list"] if request.GET.get("grade") == "D" else context["pairs"]
            return _xlsx(
                _("亩均效益评价%(year)s") % {"year": context["year"] or ""},
                GRADE_HEADERS,
                [
                    [
                        r.enterprise.name,
                        r.enterprise.credit_code,
                        r.enterprise.region.name,
                        r.year,
                        g.score,
                        g.grade or "不予评价",
                        g.reason,
                        context["scheme_label"],
                    ]
                    for r, g in pairs
                ],
            )
        return render(request, "industry/grades.html", context)

    def post(self, request):
        form = GradesUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "industry/grades.html", self.context(form=form), status=400)
        upload = form.cleaned_data["file"]
        result, _records = efficiency_import(
            user=request.user, data=upload.read(), filename=upload.name, dry_run=form.cleaned_data["dry_run"]
        )
        if result.ok:
            messages.success(request, result.summary())
            return redirect("industry_grades")
        return render(
            request,
            "industry/grades.html",
            self.context(form=form, problems=result.problems[:200], hidden=max(len(result.problems) - 200, 0)),
            status=400,
        )
