"""Pages where the city organiser edits the industry app's reference data (chains, their nodes, location cost
profiles) and the per-mu grading parameters; everybody else (not raters) reads them. Thin: the generic
registry views and the audited services do the work."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from yuanqu.core import access
from yuanqu.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OperationMixin,
    call_service,
)
from yuanqu.industry import grading, selectors, services
from yuanqu.industry.forms import GradingSchemeForm, RegionIndustryImportForm
from yuanqu.industry.models import ChainNode, RegionIndustryTable
from yuanqu.industry.table_importer import region_industry_figures_import, template_workbook
from yuanqu.industry.tables import CostProfileExportTable


class RecordListView(ObjectListView):
    template_name = "industry/record_list.html"


class ChainRecordView(ObjectDetailView):
    """A chain with its nodes in order, each linked to its page; the organiser adds nodes from here."""

    template_name = "industry/chain_record.html"

    def extra_context(self, obj) -> dict:
        return {
            "nodes": obj.nodes.prefetch_related("parents"),
            "can_add_node": access.can(self.request.user, access.ADD, ChainNode(chain=obj)),
        }


class ChainDeleteView(ObjectDeleteView):
    """Deleting a chain deletes its nodes; the page lists them and each deletion is logged."""

    template_name = "industry/chain_delete.html"

    def perform_delete(self, request, obj) -> None:
        services.chain_delete(user=request.user, instance=obj)


class ChainNodeEditView(ObjectEditView):
    def create(self, data: dict):
        return services.chain_node_create(user=self.request.user, data=data)

    def update(self, instance, data: dict):
        return services.chain_node_update(user=self.request.user, instance=instance, data=data)


class CostProfileListView(RecordListView):
    export_table = CostProfileExportTable


class RegionIndustryTableRecordView(ObjectDetailView):
    """An imported table: its description, the basis line the analysis pages print, its cells (districts ×
    divisions), links to the analysis computed on it and, for the organiser, the import."""

    template_name = "industry/table_record.html"

    def extra_context(self, obj) -> dict:
        return {
            "basis": selectors.measure_basis(obj.measure_key),
            "grid": selectors.table_grid(obj),
            "can_import": access.can(self.request.user, access.CHANGE, obj),
        }


class RegionIndustryTableEditView(ObjectEditView):
    def create(self, data: dict):
        return services.region_industry_table_create(user=self.request.user, data=data)


class RegionIndustryTableDeleteView(ObjectDeleteView):
    def perform_delete(self, request, obj) -> None:
        services.region_industry_table_delete(user=request.user, instance=obj)


class RegionIndustryImportView(OperationMixin, View):
    """Import a table's cells (organiser): wide or long sheet, all or nothing; ?template=1 is the blank wide
    template with the city's districts."""

    operation = "reference.change"  # the tables are city-level reference data
    pk_model = RegionIndustryTable
    template = "industry/table_import.html"

    def table(self, pk) -> RegionIndustryTable:
        return get_object_or_404(access.restrict(RegionIndustryTable.objects.all(), self.request.user, access.CHANGE),
                                 pk=pk)

    def context(self, table, **extra) -> dict:
        return {"table": table, "form": RegionIndustryImportForm(), **extra}

    def get(self, request, pk):
        table = self.table(pk)
        if request.GET.get("template"):
            from yuanqu.core.tabular.workbook import xlsx_response

            return xlsx_response(_("区域产业数据导入模板"), template_workbook())
        return render(request, self.template, self.context(table))

    def post(self, request, pk):
        table = self.table(pk)
        form = RegionIndustryImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template, self.context(table, form=form), status=400)
        upload = form.cleaned_data["file"]
        result = region_industry_figures_import(
            user=request.user, table=table, data=upload.read(), filename=upload.name,
            dry_run=form.cleaned_data["dry_run"],
        )
        if result.ok:
            messages.success(request, result.summary())
            return redirect("regionindustrytable_detail", pk=table.pk)
        problems = result.problems[:200]
        return render(request, self.template,
                      self.context(table, form=form, problems=problems, hidden=max(len(result.problems) - 200, 0)),
                      status=400)


class GradingSchemeView(OperationMixin, View):
    """The grading parameters in force (the organiser saves a new version; the others read) and every version,
    each of which can be restored (as a new version) or used to look at the grades."""

    operation = ("analysis.view", "reference.change")

    def context(self, form, active) -> dict:
        versions = [{"scheme": s, "parameters": selectors.rules_of(s)} for s in selectors.grading_schemes()]
        return {
            "form": form,
            "active": active,
            "parameters": selectors.rules_of(active),
            "versions": versions,
            "can_edit": access.allows(self.request.user, "reference.change"),
        }

    def get(self, request):
        active = selectors.grading_scheme_active()
        form = GradingSchemeForm(params=active.params if active else grading.DEFAULT_PARAMS,
                                 editable=access.allows(request.user, "reference.change"))
        return render(request, "industry/grading_scheme.html", self.context(form, active))

    def post(self, request):
        if "restore" in request.POST:
            return self.restore(request)
        active = selectors.grading_scheme_active()
        form = GradingSchemeForm(request.POST, params=active.params if active else grading.DEFAULT_PARAMS)
        if form.is_valid():
            try:
                scheme = services.grading_scheme_update(
                    user=request.user, params=form.params(), note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.attach(exc)
            else:
                messages.success(request, _("已保存为%(v)s，亩均效益评价即按新参数计算。") % {"v": scheme})
                return redirect("industry_grading_scheme")
        return render(request, "industry/grading_scheme.html", self.context(form, active), status=400)

    def restore(self, request):
        version = request.POST.get("restore", "")
        version = int(version) if version.isdigit() else 0
        ok, scheme = call_service(request, lambda: services.grading_scheme_restore(user=request.user, version=version))
        if ok:
            messages.success(request, _("已按第%(old)s版的参数保存为%(v)s。") % {"old": version, "v": scheme})
        return redirect("industry_grading_scheme")
