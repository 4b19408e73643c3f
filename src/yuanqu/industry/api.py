"""REST endpoints of the industry analysis: same selectors as the pages, JSON out."""

from dataclasses import asdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from yuanqu.core.api import (
    DRY_RUN,
    IMPORT_REFUSAL,
    IMPORT_REQUEST,
    ScopedModelViewSet,
    ScopedSerializer,
    import_refusal,
    truthy,
    uploaded_file,
)
from yuanqu.industry import filtersets, grading, selectors, services
from yuanqu.industry.importer import efficiency_import
from yuanqu.industry.matching import ProjectNeed, match_carriers
from yuanqu.industry.models import Chain, ChainNode, CostProfile, GradingScheme, RegionIndustryTable

REGION = OpenApiParameter("region", str, description="区县行政区划代码或名称")
MEASURE = OpenApiParameter(
    "measure",
    str,
    description="计算依据：investment、projects、enterprises（登记数据），或 table:<id>（导入的区域产业数据表）",
)


def _measure(request) -> str:
    measure = request.query_params.get("measure", selectors.DEFAULT_MEASURE)
    if not selectors.measure_known(measure):
        raise ApiValidationError(
            {"measure": [f"应为 {'、'.join(selectors.MEASURES)} 之一，或 table:<id>（已导入的区域产业数据表）。"]}
        )
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

    title = gettext_lazy("招商目标行业")
    operation = "analysis.view"

    @extend_schema(parameters=[REGION, MEASURE], responses=dict)
    def get(self, request):
        region = _region(request)
        measure = _measure(request)
        targets, names = selectors.targets_for_region(region=region, measure=measure, limit=None)
        return Response(
            {
                "region": region.code,
                "region_name": region.name,
                "basis": selectors.measure_basis(measure).as_dict(),
                "chain_basis": selectors.chain_basis().text,
                "targets": [target_dict(t, names) for t in targets],
            }
        )


S = serializers
_ENTRY = {"code": S.CharField(), "name": S.CharField(), "lq": S.FloatField(allow_null=True),
          "share": S.FloatField(allow_null=True)}
LEADING_ROW = inline_serializer("LeadingIndustryRow", {
    "region": S.CharField(help_text="区县代码"), "region_name": S.CharField(), "total": S.FloatField(),
    "top": inline_serializer("LeadingEntry", {**_ENTRY, "designated": S.BooleanField()}, many=True),
    "designated": inline_serializer("DesignatedEntry", {**_ENTRY, "specialised": S.BooleanField()}, many=True),
    "mismatches": S.ListField(child=S.CharField()),
}, many=True)
CHAIN = inline_serializer("IndustryChain", {
    "id": S.IntegerField(), "name": S.CharField(), "description": S.CharField(),
    "region": S.CharField(required=False, help_text="?region= 时：区县代码"),
    "nodes": S.ListField(child=S.DictField(), help_text="环节；?region= 时带覆盖情况（status、count）"),
    "edges": S.ListField(child=S.DictField(), required=False, help_text="?region= 时：上下游关系 {source, target}"),
}, many=True)
GRADE = inline_serializer("EnterpriseGrade", {
    "enterprise": S.IntegerField(), "enterprise_name": S.CharField(), "credit_code": S.CharField(),
    "region": S.CharField(), "year": S.IntegerField(), "score": S.FloatField(allow_null=True),
    "grade": S.CharField(allow_null=True), "reason": S.CharField(), "missing": S.ListField(child=S.CharField()),
    "scheme_version": S.IntegerField(allow_null=True),
}, many=True)


class LeadingApi(APIView):
    """Leading industries per district by location quotient, beside the designated ones."""

    title = gettext_lazy("优势产业（区位商）")
    operation = "analysis.view"

    @extend_schema(parameters=[MEASURE], responses=LEADING_ROW)
    def get(self, request):
        rows = selectors.leading_industries(measure=_measure(request))
        return Response([{**r, "region": r["region"].code, "region_name": r["region"].name} for r in rows])


class ChainsApi(APIView):
    """Chains with their nodes; with ?region= each node's coverage (counts only) in that district."""

    title = gettext_lazy("产业链")
    operation = "analysis.view"

    @extend_schema(parameters=[REGION], responses=CHAIN)
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


def grade_dict(record, result, scheme=None) -> dict:
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
        "scheme_version": scheme.version if scheme is not None else None,
    }


def _scheme(request):
    """The grading version asked for with ?scheme=N (400 if there is none), else the active one."""
    try:
        return selectors.grading_scheme_asked(request.query_params.get("scheme"))
    except GradingScheme.DoesNotExist as exc:
        raise ApiValidationError({"scheme": [_("没有该版本的评价参数。")]}) from exc


class GradesApi(APIView):
    """GET: per-mu grades of the enterprises the user may see (?year=), with the active grading parameters or
    version ?scheme=N (each row names its `scheme_version`; null = the built-in defaults, nothing saved yet);
    POST an .xlsx (field `file`): import all or nothing (?dry_run=1 only checks) and get the grades of the
    imported rows."""

    title = gettext_lazy("亩均效益评价")
    operation = ("analysis.view", "analysis.import")

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(parameters=[OpenApiParameter("year", int), OpenApiParameter("scheme", int)],
                   responses=GRADE)
    def get(self, request):
        year = request.query_params.get("year")
        if year is not None and not year.isdigit():
            raise ApiValidationError({"year": ["应为年份数字。"]})
        scheme = _scheme(request)
        records = selectors.efficiency_records(user=request.user, year=int(year) if year else None)
        return Response([grade_dict(r, g, scheme) for r, g in selectors.graded(records, scheme)])

    @extend_schema(parameters=[DRY_RUN], request=IMPORT_REQUEST, responses={
        200: inline_serializer("GradesImported", {"summary": serializers.CharField(), "grades": GRADE}),
        400: IMPORT_REFUSAL})
    def post(self, request):
        upload = uploaded_file(request)
        dry_run = truthy(request.query_params.get("dry_run"))
        result, records = efficiency_import(
            user=request.user, data=upload.read(), filename=upload.name, dry_run=dry_run
        )
        refusal = import_refusal(result)
        if refusal is not None:
            return refusal
        scheme = selectors.grading_scheme_active()
        return Response(
            {
                "summary": result.summary(),
                "grades": [grade_dict(r, g, scheme) for r, g in selectors.graded(records, scheme)],
            }
        )


class GradingSchemeSerializer(serializers.Serializer):
    params = serializers.JSONField(help_text="评价参数（与 GET 返回的 params 格式相同）")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


def scheme_dict(scheme) -> dict:
    return {
        "version": scheme.version,
        "active": scheme.active,
        "params": scheme.params,
        "note": scheme.note,
        "created_by": scheme.created_by.username if scheme.created_by else None,
        "created": scheme.created,
    }


class GradingSchemeApi(APIView):
    """GET: the per-mu grading parameters in force (`active`, null while only the built-in `defaults` apply) and
    every version; POST {params, note}: save a new version (organiser only; 400 with Chinese messages keyed by
    field, nothing written, when a parameter is wrong)."""

    title = gettext_lazy("亩均效益评价方案")
    operation = ("analysis.view", "reference.change")

    @extend_schema(responses=dict)
    def get(self, request):
        active = selectors.grading_scheme_active()
        return Response(
            {
                "active": scheme_dict(active) if active else None,
                "defaults": grading.DEFAULT_PARAMS,
                "versions": [scheme_dict(s) for s in selectors.grading_schemes()],
            }
        )

    @extend_schema(request=GradingSchemeSerializer, responses=dict)
    def post(self, request):
        serializer = GradingSchemeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        scheme = services.grading_scheme_update(user=request.user, **serializer.validated_data)
        return Response(scheme_dict(scheme), status=201)


class CarrierMatchSerializer(serializers.Serializer):
    area_m2 = serializers.FloatField(min_value=0.01)
    industry = serializers.CharField(help_text="GB/T 4754 代码，如 37")
    needed_by = serializers.DateField()
    kinds = serializers.ListField(child=serializers.CharField(), required=False, default=list)


class CarrierMatchApi(APIView):
    """Carriers (those the user may see) ranked by fit for a project's needs, with reasons; the others with why
    not. GET with query parameters or POST JSON."""

    title = gettext_lazy("载体匹配")
    operation = "analysis.view"

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


# ----------------------------------------------------------------------------- the organiser's records


class ChainSerializer(ScopedSerializer):
    class Meta:
        model = Chain
        fields = ["id", "name", "description"]


class ChainNodeSerializer(ScopedSerializer):
    class Meta:
        model = ChainNode
        fields = ["id", "chain", "name", "stage", "order", "industry_codes", "keywords", "orientation", "parents"]


class CostProfileSerializer(ScopedSerializer):
    class Meta:
        model = CostProfile
        fields = ["id", "location", *CostProfile.COST_FIELDS, "illustrative", "note"]


class ChainViewSet(ScopedModelViewSet):
    """Chains (organiser writes, everybody else reads); deleting one deletes and logs its nodes."""

    queryset = Chain.objects.all()
    serializer_class = ChainSerializer
    filterset_class = filtersets.ChainFilterSet
    ordering_fields = ["name"]

    def perform_destroy(self, instance):
        services.chain_delete(user=self.request.user, instance=instance)


class ChainNodeViewSet(ScopedModelViewSet):
    """Links of the chains; upstream links must be in the same chain and make no loop."""

    queryset = ChainNode.objects.select_related("chain").prefetch_related("parents__chain")
    serializer_class = ChainNodeSerializer
    filterset_class = filtersets.ChainNodeFilterSet
    ordering_fields = ["chain__name", "order", "name"]

    def perform_create(self, serializer):
        serializer.instance = services.chain_node_create(user=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.chain_node_update(
            user=self.request.user, instance=self.get_object(), data=serializer.validated_data
        )


class CostProfileViewSet(ScopedModelViewSet):
    """Location cost profiles of the comprehensive cost comparison."""

    queryset = CostProfile.objects.all()
    serializer_class = CostProfileSerializer
    filterset_class = filtersets.CostProfileFilterSet
    ordering_fields = ["location"]


class RegionIndustryTableSerializer(ScopedSerializer):
    class Meta:
        model = RegionIndustryTable
        fields = [
            "id", "name", "year", "measure", "source", "source_url", "basis", "illustrative", "note", "created_by"
        ]
        read_only_fields = ["created_by"]


class RegionIndustryTableViewSet(ScopedModelViewSet):
    """Imported region × industry tables (organiser writes, everybody else reads); the cells are imported on the
    table's page. `measure=table:<id>` on the leading and target endpoints computes on one."""

    queryset = RegionIndustryTable.objects.select_related("created_by")
    serializer_class = RegionIndustryTableSerializer
    filterset_class = filtersets.RegionIndustryTableFilterSet
    ordering_fields = ["year", "name"]

    def perform_create(self, serializer):
        serializer.instance = services.region_industry_table_create(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.region_industry_table_delete(user=self.request.user, instance=instance)
