"""一张图: the projects where they are, by light; carriers by vacancy; a meeting's tour — on the city's approved
boundary, or on the schematic until one is uploaded."""

from django.shortcuts import render
from django.views import View

from yuanqu.atlas import selectors
from yuanqu.atlas.forms import MapFilterForm
from yuanqu.core import access
from yuanqu.core.views import OperationMixin
from yuanqu.projects import maps


class ProjectMapView(OperationMixin, View):
    operation = "district.view"

    def get(self, request):
        data = request.GET.copy()
        if "carriers" not in data and not data.get("filtered"):
            data["carriers"] = "on"  # first visit: every layer shown
        form = MapFilterForm(data, user=request.user)
        chosen = form.cleaned_data if form.is_valid() else {}
        layers = selectors.layers(
            request.user, region=chosen.get("region"), industry=chosen.get("industry"), stage=chosen.get("stage", ""),
            light=chosen.get("light", ""), carriers=chosen.get("carriers", True), meeting=chosen.get("meeting"))
        base = maps.base()
        payload = base.payload(markers=layers.markers, routes=layers.routes)
        return render(request, "atlas/map.html", {
            "form": form, "base": base, "layers": layers, "payload": payload,
            "may_upload": access.allows(request.user, "reference.change"),
            "list_query": request.GET.urlencode(), "marker_limit": selectors.MARKER_LIMIT,
        })
