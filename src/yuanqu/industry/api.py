"""REST endpoints of the industry analysis: same selectors as the pages, JSON out."""

from dataclasses import asdict

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from yuanqu.core.models import Role
from yuanqu.industry import selectors
from yuanqu.industry.importer import efficiency_import
from yuanqu.industry.matching import ProjectNeed, match_carriers
from yuanqu.industry.models import Chain

REGION = OpenApiParameter("region", str, description="区县行政区划代码或名称")
MEASURE = OpenApiParameter("measure", str, enum=list(selectors.MEASURES), description="矩阵口径")


def _measure(request) -> str:
    measure = request.query_params.get("measure", selectors.DEFAULT_MEASURE)
    if measure not in selectors.MEASURES:
        raise ApiValidationError({"measure": [f"应为 {'、'.join(selectors.MEASURES)} 之一。"]})
    return measure


def _region(request):
    value = request.query_params.get("region", "")
    region = selectors.find_district(value)
    if region is None:
        raise ApiValidationError({"region": ["请用 region 参数指定区县（行政区划代码或名称）。"]})
    return region


def target_dict(target, names) -> dict:
    data = asdict(target)
    data["name"] = names.get(target.code, target.code)
    for related in data["related"]:
        related["name"] = names.get(related["code"], related["code"])
    return data


class TargetsApi(APIView):
    """Ranked target industries of a district (精准招商), with explanation and strategy."""

    @extend_schema(parameters=[REGION, MEASURE], responses=dict)
    def get(self, request):
        region = _region(request)
        targets, names = selectors.targets_for_region(region=region, measure=_measure(request), limit=None)
        return Response(
            {"region": region.code, "region_name": region.name, "targets": [target_dict(t, names) for t in targets]}
        )


class LeadingApi(APIView):
    """Leading industries per district by location quotient, beside the designated ones."""

    @extend_schema(parameters=[MEASURE], responses=dict)
    def get(self, request):
        rows = selectors.leading_industries(measure=_measure(request))
        return Response([{**r, "region": r["region"].code, "region_name": r["region"].name} for r in rows])


class ChainsApi(APIView):
    """Chains with their nodes; with ?region= each node's coverage (counts only) in that district."""

    @extend_schema(parameters=[REGION], responses=dict)
    def get(self, request):
        region = (
            selectors.find_district(request.query_params.get("region", ""))
            if "region" in request.query_params
            else None
        )
        if "region" in request.query_params and region is None:
            raise NotFound("没有该区县。")
        out = []
        for chain in Chain.objects.prefetch_related("nodes__parents"):
            item = {"id": chain.pk, "name": chain.name, "description": chain.description}
            if region is not None:
                coverage = selectors.chain_coverage(chain=chain, region=region, user=request.user)
                item["region"] = region.code
                item["nodes"] = [{k: v for k, v in n.items() if k != "items"} for n in coverage["nodes"]]
                item["edges"] = coverage["edges"]
            else:
                item["nodes"] = [
                    {
                        "id": n.pk,
                        "name": n.name,
                        "stage": n.stage,
                        "codes": n.code_list,
                        "keywords": n.keyword_list,
                        "parents": [p.pk for p in n.parents.all()],
                    }
                    for n in chain.nodes.all()
                ]
            out.append(item)
        return Response(out)


def grade_dict(record, result) -> dict:
    return {
        "enterprise": record.enterprise_id,
        "enterprise_name": record.enterprise.name,
        "credit_code": record.enterprise.credit_code,
        "region": record.enterprise.region.code,
        "year": record.year,
        "score": result.score,
        "grade": result.grade,
        "reason": result.reason,
        "missing": list(result.missing),
    }


class GradesApi(APIView):
    """GET: per-mu grades of the enterprises the user may see (?year=); POST an .xlsx (field `file`): import all
    or nothing (?dry_run=1 only checks) and get the grades of the imported rows."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=dict)
    def get(self, request):
        year = request.query_params.get("year")
        if year is not None and not year.isdigit():
            raise ApiValidationError({"year": ["应为年份数字。"]})
        pairs = selectors.graded(selectors.efficiency_records(user=request.user, year=int(year) if year else None))
        return Response([grade_dict(r, g) for r, g in pairs])

    @extend_schema(
        request={
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
        },
        responses=dict,
    )
    def post(self, request):
        if not (request.user.is_organiser or request.user.role == Role.REPORTER):
            raise PermissionDenied(_("无权导入。"))
        upload = request.FILES.get("file")
        if upload is None:
            raise ApiValidationError({"file": ["请上传 .xlsx 或 .csv 文件（字段名 file）。"]})
        dry_run = request.query_params.get("dry_run") in ("1", "true")
        result, records = efficiency_import(
            user=request.user, data=upload.read(), filename=upload.name, dry_run=dry_run
        )
        if not result.ok:
            return Response(
                {
                    "detail": f"发现 {len(result.problems)} 处错误，未写入任何数据。",
                    "problems": [
                        {"sheet": p.sheet, "row": p.row, "column": p.column, "header": p.header, "message": p.message}
                        for p in result.problems
                    ],
                },
                status=400,
            )
        return Response(
            {"summary": result.summary(), "grades": [grade_dict(r, g) for r, g in selectors.graded(records)]}
        )


class CarrierMatchSerializer(serializers.Serializer):
    area_m2 = serializers.FloatField(min_value=0.01)
    industry = serializers.CharField(help_text="GB/T 4754 代码，如 37")
    needed_by = serializers.DateField()
    kinds = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class CarrierMatchApi(APIView):
    """Carriers (those the user may see) ranked by fit for a project's needs, with reasons; the others with why
    not. GET with query parameters or POST JSON."""

    @extend_schema(parameters=[CarrierMatchSerializer], responses=dict)
    def get(self, request):
        return self.match(request.query_params)

    @extend_schema(request=CarrierMatchSerializer, responses=dict)
    def post(self, request):
        return self.match(request.data)

    def match(self, data):
        serializer = CarrierMatchSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        v = serializer.validated_data
        try:
            need = ProjectNeed(v["area_m2"], v["industry"], v["needed_by"], tuple(v["kinds"]))
            result = match_carriers(need, selectors.carrier_offers(user=self.request.user))
        except ValueError as exc:
            raise ApiValidationError({"industry": [str(exc)]}) from exc
        return Response(
            {"matches": [asdict(m) for m in result.matches], "excluded": [asdict(e) for e in result.excluded]}
        )
