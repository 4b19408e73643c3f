from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from yuanqu.core import access
from yuanqu.core.views import ObjectListView, OperationMixin, run_service
from yuanqu.supervision import rules, selectors, services
from yuanqu.supervision.filtersets import ExemptionFilterSet
from yuanqu.supervision.forms import ExemptionForm, RuleSetForm
from yuanqu.supervision.models import Exemption, ExemptionStatus, RuleSet
from yuanqu.supervision.tables import ExemptionTable


class RulesView(OperationMixin, View):
    """The active rule version (editable by the organiser: saving makes a new version) and every version."""

    operation = ("supervision.view", "supervision.manage")

    def context(self, form) -> dict:
        return {
            "form": form,
            "versions": RuleSet.objects.select_related("created_by"),
            "labels": rules.RULE_LABELS,
            "active": services.active_ruleset(),
        }

    def get(self, request):
        active = services.active_ruleset()
        form = RuleSetForm(params=active.params if active else rules.DEFAULT_PARAMS)
        return render(request, "supervision/rules.html", self.context(form))

    def post(self, request):
        active = services.active_ruleset()
        form = RuleSetForm(request.POST, params=active.params if active else rules.DEFAULT_PARAMS)
        if form.is_valid():
            try:
                ruleset = services.ruleset_update(
                    user=request.user, params=form.params(), note=form.cleaned_data["note"]
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("已保存为%(v)s，重新计算亮灯后生效。") % {"v": ruleset})
                return redirect("supervision_rules")
        return render(request, "supervision/rules.html", self.context(form), status=400)


class ExemptionListView(ObjectListView):
    queryset = Exemption.objects.select_related("project", "project__region", "requested_by", "decided_by")
    filterset = ExemptionFilterSet
    table = ExemptionTable
    template_name = "supervision/exemption_list.html"
    export_filename = "豁免申请"

    def base_context(self, **extra) -> dict:
        context = super().base_context(**extra)
        context["can_add"] = False
        context["can_request"] = access.allows(self.request.user, "supervision.respond")
        context["form"] = ExemptionForm(user=self.request.user, initial=self.request.GET.dict())
        return context


class ExemptionRequestView(OperationMixin, View):
    operation = "supervision.respond"

    def post(self, request):
        form = ExemptionForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.exemption_request(
                    user=request.user, project=data["project"], rule=data["rule"], reason=data["reason"],
                    valid_until=data["valid_until"],
                )
            except ValidationError as exc:
                messages.error(request, "；".join(exc.messages))
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("豁免申请已提交，待市项目办审批。"))
        else:
            errors = [
                f"{form.fields[f].label if f in form.fields else ''}：{'；'.join(e)}" for f, e in form.errors.items()
            ]
            messages.error(request, _("申请未提交：") + "；".join(errors))
        return redirect("exemption_list")


class ExemptionDecideView(OperationMixin, View):
    operation, pk_model = "supervision.manage", Exemption

    def post(self, request, pk):
        try:
            exemption = selectors.exemption_list(user=request.user).get(pk=pk)
        except Exemption.DoesNotExist as exc:
            raise Http404 from exc
        approve = request.POST.get("decision") == "approve"
        service = services.exemption_approve if approve else services.exemption_reject
        return run_service(
            request,
            lambda: service(user=request.user, exemption=exemption, note=request.POST.get("note", "")[:200]),
            _("已批准豁免。") if approve else _("已驳回豁免申请。"),
            reverse("exemption_list") + f"?status={ExemptionStatus.REQUESTED}",
        )
