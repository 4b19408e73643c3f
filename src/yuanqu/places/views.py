"""The first-run page: set up the city (or province, county) and its divisions from the official list."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from yuanqu.core.views import OperationMixin, call_service
from yuanqu.places import divisions
from yuanqu.places.models import RegionLevel
from yuanqu.places.services import region_setup


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
