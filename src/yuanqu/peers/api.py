"""REST endpoints: `/api/peers/` (ranks of a group on an indicator in a year, the same selector as the page) and
`/api/peer-values/` (CRUD of indicator values through the audited generic services; the organiser writes)."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from yuanqu.core.api import ScopedModelViewSet, ScopedSerializer
from yuanqu.peers import selectors
from yuanqu.peers.filtersets import IndicatorValueFilterSet
from yuanqu.peers.models import IndicatorValue


class IndicatorValueSerializer(ScopedSerializer):
    class Meta:
        model = IndicatorValue
        fields = [
            "id", "region", "year", "indicator", "value", "source", "source_url", "published", "basis", "check_url",
            "illustrative",
        ]


class IndicatorValueViewSet(ScopedModelViewSet):
    queryset = IndicatorValue.objects.select_related("region", "indicator")
    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilterSet
    ordering_fields = ["year", "value"]


def _lookup(queryset, value: str, field: str, name: str):
    if not value:
        raise ApiValidationError({name: ["必填。"]})
    found = queryset.filter(**({"pk": int(value)} if value.isdigit() else {field: value})).first()
    if found is None:
        raise ApiValidationError({name: [f"没有“{value}”。"]})
    return found


def source_dict(record) -> dict | None:
    """Where a rank's value comes from; None where no value was found (未找到公开数据)."""
    if record is None:
        return None
    return {
        "name": record.source,
        "url": record.source_url,
        "published": record.published.isoformat() if record.published else None,
        "basis": record.basis,
        "basis_display": record.get_basis_display(),
        "check_url": record.check_url,
    }


def trend_dict(trend) -> dict:
    return {
        "n_points": trend.n_points,
        "first_year": trend.first_year,
        "last_year": trend.last_year,
        "cagr": trend.cagr,
        "slope": trend.slope,
    }


class PeerRanksApi(APIView):
    title = gettext_lazy("区域对标排名")
    operation = "analysis.view"

    @extend_schema(
        parameters=[
            OpenApiParameter("group", str, description="对标组编号或名称（默认：长三角中心区27城）"),
            OpenApiParameter("indicator", str, required=True, description="指标编号或代码"),
            OpenApiParameter("year", int, description="年份（默认：最近有数据的年份）"),
        ],
        responses=dict,
    )
    def get(self, request):
        user = request.user
        params = request.query_params
        group = _lookup(selectors.groups(user), params.get("group") or "长三角中心区27城", "name", "group")
        indicator = _lookup(selectors.indicators(user), params.get("indicator", ""), "key", "indicator")
        years = selectors.years(user, group=group, indicator=indicator)
        year_text = params.get("year", "")
        if year_text and not year_text.isdigit():
            raise ApiValidationError({"year": ["应为年份，如 2024。"]})
        year = int(year_text) if year_text else (years[0] if years else None)
        if year is None or year not in years:
            raise ApiValidationError({"year": ["该年份无数据。"]})
        bench = selectors.benchmark(user, group=group, indicator=indicator, year=year)
        return Response(
            {
                "group": group.name,
                "indicator": {
                    "key": indicator.key,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "higher_is_better": indicator.higher_is_better,
                },
                "year": year,
                "years": bench.years,
                "median": bench.median,
                "illustrative": bench.illustrative,
                "home": bench.home.region.code if bench.home else None,
                "ranks": [
                    {
                        "code": r.region.code,
                        "name": r.region.name,
                        "province": r.region.province,
                        "value": r.result.value,
                        "rank": r.result.rank,
                        "gap_to_leader": r.result.gap_to_leader,
                        "gap_to_median": r.result.gap_to_median,
                        "trend": trend_dict(r.result.trend),
                        "illustrative": r.illustrative,
                        "source": source_dict(r.record),
                        "home": r.home,
                    }
                    for r in bench.rows
                ],
            }
        )
