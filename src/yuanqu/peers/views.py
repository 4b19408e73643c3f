"""Pages of the peer benchmarking (区域对标): thin; reads in selectors, maths in `yuanqu.industry.peers`."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yuanqu.core import access
from yuanqu.core.views import OperationMixin
from yuanqu.peers import selectors
from yuanqu.peers.importer import HEADERS, PeerValueImporter, peer_values_import

DEFAULT_GROUP = "长三角中心区27城"
EXPORT_HEADERS = [
    "排名",
    "地区",
    "地区代码",
    "数值",
    "单位",
    "与第一名差距",
    "与中位数差距",
    "年均增长率（%）",
    "年均变化量",
    "趋势起止年份",
    "示例数据",
    "来源",
    "来源网址",
    "发布日期",
    "口径",
    "核对来源网址",
]
NOT_FOUND = gettext_lazy("未找到公开数据")


def provenance_cells(record) -> list:
    """来源, 来源网址, 发布日期, 口径, 核对来源网址 of a row's value (None: not found; illustrative: says so)."""
    if record is None:
        return [str(NOT_FOUND), "", None, "", ""]
    if record.illustrative:
        return [_("示例数据，非真实统计"), "", None, "", ""]
    return [record.source, record.source_url, record.published, record.get_basis_display(), record.check_url]


class PeerImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("对标数据文件（.xlsx 或 .csv）"))
    dry_run = forms.BooleanField(label=gettext_lazy("只检查，不写入"), required=False)


class PeersBaseView(OperationMixin, View):
    """Every signed-in role except raters reads the peer benchmarking pages."""

    operation = "analysis.view"


def _pick(queryset, value, *, field: str, default=None):
    """The object whose pk (or `field`) is `value`, else `default`, else the first."""
    if value:
        lookup = {"pk": int(value)} if value.isdigit() else {field: value}
        found = queryset.filter(**lookup).first()
        if found is not None:
            return found
    if default is not None:
        found = queryset.filter(**{field: default}).first()
        if found is not None:
            return found
    return queryset.first()


def _fmt(value, digits: int = 2):
    return None if value is None else round(value, digits)


def export_rows(bench) -> list[list]:
    rows = []
    for r in bench.rows:
        t = r.result.trend
        rows.append(
            [
                r.result.rank,
                r.region.name,
                r.region.code,
                r.result.value,
                bench.indicator.unit,
                _fmt(r.result.gap_to_leader, 4),
                _fmt(r.result.gap_to_median, 4),
                None if t.cagr is None else round(t.cagr * 100, 2),
                _fmt(t.slope, 4),
                f"{t.first_year}–{t.last_year}" if t.n_points >= 2 else "",
                "是" if r.illustrative else "否",
                *provenance_cells(r.record),
            ]
        )
    return rows


class PeersView(PeersBaseView):
    def get(self, request):
        user = request.user
        group = _pick(selectors.groups(user), request.GET.get("group"), field="name", default=DEFAULT_GROUP)
        indicator = _pick(selectors.indicators(user), request.GET.get("indicator"), field="key")
        years = selectors.years(user, group=group, indicator=indicator)
        value = request.GET.get("year", "")
        year = int(value) if value.isdigit() and int(value) in years else (years[0] if years else None)
        bench = selectors.benchmark(user, group=group, indicator=indicator, year=year) if year else None
        if bench is not None and request.GET.get("export") == "xlsx":
            from yuanqu.core.tabular.workbook import table_workbook_response

            title = _("%(group)s %(indicator)s %(year)d年") % {
                "group": group.name,
                "indicator": indicator.name,
                "year": year,
            }
            return table_workbook_response(title, EXPORT_HEADERS, export_rows(bench))
        context = {
            "groups": selectors.groups(user),
            "indicators": selectors.indicators(user),
            "group": group,
            "indicator": indicator,
            "years": years,
            "year": year,
            "bench": bench,
            "chart": bench.chart_data() if bench else None,
            "can_import": access.allows(user, "reference.change"),
        }
        return render(request, "peers/peers.html", context)


class PeerImportView(PeersBaseView):
    template = "peers/import.html"
    operation = "reference.change"  # peer figures are city-level reference data

    def context(self, **extra) -> dict:
        return {"form": PeerImportForm(), "headers": HEADERS, **extra}

    def get(self, request):
        if request.GET.get("template") == "xlsx":  # the blank template: the same columns, 口径 as a drop-down
            from yuanqu.core.tabular.template import template_workbook
            from yuanqu.core.tabular.workbook import xlsx_response

            return xlsx_response(_("对标数据导入模板"), template_workbook(PeerValueImporter))
        return render(request, self.template, self.context())

    def post(self, request):
        form = PeerImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template, self.context(form=form), status=400)
        upload = form.cleaned_data["file"]
        result = peer_values_import(
            user=request.user, data=upload.read(), filename=upload.name, dry_run=form.cleaned_data["dry_run"]
        )
        if result.ok:
            messages.success(request, result.summary())
            return redirect("peers")
        problems = result.problems[:200]
        return render(
            request,
            self.template,
            self.context(form=form, problems=problems, hidden=max(len(result.problems) - 200, 0)),
            status=400,
        )
