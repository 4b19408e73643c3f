"""Pages for monthly reports, month locks, report attachments, and Excel templates and import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from yuanqu.core import access
from yuanqu.core.tabular.template import template_workbook
from yuanqu.core.views import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    OperationMixin,
    call_service,
    model_url,
)
from yuanqu.projects import forms, services
from yuanqu.projects import jobs as project_jobs
from yuanqu.projects.imports import IMPORTERS, KINDS, run_import
from yuanqu.projects.imports.columns import ProjectExportTable, ReportExportTable
from yuanqu.projects.models import MonthLock, ProgressReport, ReportAttachment

MAX_PROBLEMS_SHOWN = 500


class ProjectListView(ObjectListView):
    """The project list; its .xlsx export has the import template's columns (round trip)."""

    export_table = ProjectExportTable
    template_name = "projects/project_list.html"
    empty_hint = gettext_lazy(
        "还没有项目。点“新建项目”逐个登记，或点“下载导入模板”，在 Excel 中填写后“从 Excel 导入”。"
    )


class ReportListView(ObjectListView):
    export_table = ReportExportTable
    template_name = "projects/report_list.html"
    export_filename = "月报"
    empty_hint = gettext_lazy("还没有月报。在项目页面点“填报月报”，或下载月报模板，填写后“从 Excel 导入”。")


class ReportDetailView(ObjectDetailView):
    template_name = "projects/report_detail.html"

    def extra_context(self, obj) -> dict:
        return {
            "attachments": obj.attachments.all(),
            "attachment_form": forms.AttachmentForm(),
            "month_locked": MonthLock.objects.filter(month=obj.month).exists(),
        }


class ReportEditView(ObjectEditView):
    form_class = forms.ProgressReportForm

    def create(self, data: dict):
        project, month = data.pop("project"), data.pop("month")
        return services.report_submit(user=self.request.user, project=project, month=month, data=data)

    def update(self, instance, data: dict):
        return services.report_update(user=self.request.user, report=instance, data=data)


class ReportDeleteView(ObjectDeleteView):
    def perform_delete(self, request, obj) -> None:
        services.report_delete(user=request.user, report=obj)


class AttachmentUploadView(OperationMixin, View):
    operation, pk_model = "district.change", ProgressReport

    def post(self, request, pk):
        try:
            report = access.restrict(ProgressReport.objects.all(), request.user, access.CHANGE).get(pk=pk)
        except ProgressReport.DoesNotExist as exc:
            raise Http404 from exc
        form = forms.AttachmentForm(files=request.FILES)
        if not form.is_valid():
            messages.error(request, _("请选择要上传的文件。"))
        else:
            upload = form.cleaned_data["file"]
            call_service(request, lambda: services.attachment_add(user=request.user, report=report, uploaded=upload),
                         _("已上传附件：%(name)s") % {"name": upload.name})
        return redirect(model_url(report, "detail", pk=report.pk))


def _attachment(request, pk, action) -> ReportAttachment:
    # 404, not 403: another district's reporter must not learn that the file exists.
    queryset = ReportAttachment.objects.select_related("report")
    try:
        return access.restrict(queryset, request.user, action).get(pk=pk)
    except ReportAttachment.DoesNotExist as exc:
        raise Http404 from exc


class AttachmentDownloadView(OperationMixin, View):
    """The only way to an attachment's bytes: MEDIA_ROOT is never served directly."""

    operation, pk_model = "district.view", ReportAttachment

    def get(self, request, pk):
        attachment = _attachment(request, pk, access.VIEW)
        inline = attachment.content_type in ("image/jpeg", "image/png", "application/pdf")
        response = FileResponse(
            attachment.file.open("rb"),
            content_type=attachment.content_type,
            as_attachment=not inline,
            filename=attachment.original_name,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class AttachmentDeleteView(OperationMixin, View):
    operation, pk_model = "district.change", ReportAttachment

    def post(self, request, pk):
        attachment = _attachment(request, pk, access.CHANGE)
        report = attachment.report
        try:
            services.attachment_delete(user=request.user, attachment=attachment)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已删除附件：%(name)s") % {"name": attachment.original_name})
        return redirect(model_url(report, "detail", pk=report.pk))


class MonthLockView(OperationMixin, View):
    """The organiser locks and unlocks months; everyone else gets 403."""

    operation = "supervision.manage"

    def _render(self, request, form, status=200):
        return render(
            request, "projects/month_locks.html", {"form": form, "locks": MonthLock.objects.all()}, status=status
        )

    def get(self, request):
        return self._render(request, forms.MonthLockForm())

    def post(self, request):
        if "unlock" in request.POST:
            try:
                lock = MonthLock.objects.get(pk=request.POST["unlock"])
            except (MonthLock.DoesNotExist, ValueError) as exc:
                raise Http404 from exc
            services.month_unlock(user=request.user, month=lock.month)
            messages.success(request, _("已解锁%(month)s。") % {"month": services.month_label(lock.month)})
            return redirect("month_locks")
        form = forms.MonthLockForm(request.POST)
        if form.is_valid():
            try:
                lock = services.month_lock(
                    user=request.user, month=form.cleaned_data["month"], note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.add_error("month", exc.messages)
            else:
                messages.success(request, _("已锁定%(month)s。") % {"month": services.month_label(lock.month)})
                return redirect("month_locks")
        return self._render(request, form, status=400)


class TemplateDownloadView(OperationMixin, View):
    operation = "district.view"

    def get(self, request, kind):
        if kind not in KINDS:
            raise Http404
        from yuanqu.core.tabular.workbook import xlsx_response

        return xlsx_response(_("%(kind)s导入模板") % {"kind": KINDS[kind]}, template_workbook(IMPORTERS[kind]))


class ImportView(OperationMixin, View):
    """Upload an .xlsx/.csv of projects or reports: all or nothing; every problem listed with row and column."""

    template_name = "projects/import.html"
    operation = "district.change"

    def get(self, request):
        form = forms.ImportForm(initial={"kind": request.GET.get("kind", "projects")})
        return render(request, self.template_name, {"form": form, "kinds": KINDS})

    def post(self, request):
        form = forms.ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form, "kinds": KINDS}, status=400)
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        if project_jobs.runs_in_background(upload.size) and not form.cleaned_data["dry_run"]:
            job = project_jobs.import_submit(user=request.user, kind=kind, filename=upload.name or "",
                                             data=upload.read())
            messages.info(request, _("文件较大，已转入后台导入；本页显示进度，完成后可查看结果。"))
            return redirect("job_detail", job.pk)
        result = run_import(
            user=request.user,
            kind=kind,
            data=upload.read(),
            filename=upload.name or "",
            dry_run=form.cleaned_data["dry_run"],
        )
        if not result.ok or result.dry_run:
            context = {
                "form": form,
                "kinds": KINDS,
                "result": result,
                "problems": result.problems[:MAX_PROBLEMS_SHOWN],
                "hidden": max(len(result.problems) - MAX_PROBLEMS_SHOWN, 0),
            }
            return render(request, self.template_name, context, status=200 if result.ok else 400)
        messages.success(request, _("导入成功。") + result.summary())
        return redirect(reverse("project_list" if kind == "projects" else "progressreport_list"))
