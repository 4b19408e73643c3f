"""The first-run page (set up the city, province or county and its divisions from the official list) and the
boundary upload page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from yuanqu.core import access
from yuanqu.core.views import OperationMixin, call_service
from yuanqu.places import divisions, geo
from yuanqu.places.models import RegionLevel
from yuanqu.places.services import boundary_upload, region_setup


class RegionSetupView(OperationMixin, View):
    """GET ?code=: a preview (a dry run: what would be created, what differs); POST: create it."""

    operation = "reference.change"

    def get(self, request):
        code = request.GET.get("code", "").strip()
        context = {"code": code, "levels": dict(RegionLevel.choices)}
        if code:
            ok, result = call_service(request, lambda: region_setup(user=request.user, code=code, dry_run=True))
            if ok:
                labels = dict(RegionLevel.choices)
                context["result"] = result
                context["tree"] = [(d, labels.get(d.level, d.level)) for d in divisions.tree(code)]
                context["levels_found"] = [(labels.get(level, level), n) for level, n in result.levels.items()]
        return render(request, "places/region_setup.html", context)

    def post(self, request):
        code = request.POST.get("code", "").strip()
        ok, result = call_service(request, lambda: region_setup(user=request.user, code=code,
                                                                  correct=bool(request.POST.get("correct"))))
        if not ok:
            return redirect(reverse("region_setup") + f"?code={code}" if code.isdigit() else reverse("region_setup"))
        messages.success(request, _("已按民政部名单建立 %(code)s：%(summary)s") % {
            "code": code, "summary": result.describe()})
        return redirect("region_list")


class BoundaryView(OperationMixin, View):
    """The city's approved boundaries: the one in use (its 审图号 and source), earlier uploads, and the upload form."""

    operation = ("reference.view", "reference.change")

    def get(self, request):
        from yuanqu.places.models import Boundary

        return render(request, "places/boundaries.html", {
            "boundaries": Boundary.objects.select_related("uploaded_by"),
            "systems": geo.CoordinateSystem.choices,
            "may_upload": access.allows(request.user, "reference.change"),
        })

    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("请选择边界文件。"))
            return redirect("boundary_list")
        fields = {key: request.POST.get(key, "") for key in ("title", "approval_number", "source")}
        ok, result = call_service(request, lambda: boundary_upload(
            user=request.user, name=upload.name, content=upload.read(), coordinate_system=request.POST.get(
                "coordinate_system", "CGCS2000"), **fields))
        if ok:
            messages.success(request, result.describe())
        return redirect("boundary_list")
