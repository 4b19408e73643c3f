"""REST plumbing shared by every app: token login, role permission, scoped viewsets, related records as brief
objects, `?brief=` and `?fields=`, Chinese errors, the index of every endpoint."""

import re

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from yuanqu.core import access, services, tokens
from yuanqu.core.filtersets import ID_LIMIT


def exception_handler(exc, context):
    """Django's ValidationError/PermissionDenied from services become 400/403 with their Chinese messages; a
    missing record is 404 with DRF's translated message; every body is `{field: [messages]}` or `{"detail": …}`."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        # Django's message names the model in English ("No Project matches the given query."): DRF's own, translated
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, OverflowError | DataError):
        # a value beyond what the database stores (a number too large for any column): refused, not a server error
        exc = exceptions.ValidationError({"detail": [_("数值超出数据库允许的范围。")]})
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, list):
        # a bare list of messages (a ValidationError raised without a field) is about the request as a whole
        response.data = {api_settings.NON_FIELD_ERRORS_KEY: response.data}
    return response


class ObtainTokenView(APIView):
    """POST {"username", "password", "name"?, "days"?} → a new named token, valid `days` (default 30, at most 365);
    use it as `Authorization: Token …`. Each call makes another token; list and revoke them on /account/tokens/.
    Failed sign-ins count towards the lock-out like the login page's (django-axes)."""

    operation = access.PUBLIC
    authentication_classes = []

    @extend_schema(
        request=inline_serializer("TokenRequest", {
            "username": serializers.CharField(), "password": serializers.CharField(),
            "name": serializers.CharField(required=False), "days": serializers.IntegerField(required=False)}),
        responses=inline_serializer("TokenResponse", {
            "token": serializers.CharField(), "name": serializers.CharField(), "expires": serializers.DateTimeField()}),
    )
    def post(self, request):
        # axes reads and marks the Django request (its middleware answers a lock-out with 429)
        user = authenticate(request._request, username=request.data.get("username"),
                            password=request.data.get("password"))
        if user is None or not user.is_active:
            return Response({"detail": _("用户名或密码错误。")}, status=status.HTTP_400_BAD_REQUEST)
        name = request.data.get("name") or _("接口调用 %(date)s") % {"date": timezone.localdate().isoformat()}
        days = request.data.get("days", tokens.DEFAULT_DAYS)
        record, token = tokens.token_create(user=user, name=str(name), days=days)
        return Response({"token": token, "name": record.name, "expires": record.expires})


def brief(obj, request=None) -> dict:
    """A record as a related object is shown: {id, url, code?, name?, display}. `url` is its API detail address
    (None when it has no endpoint); code and name where the model has such fields."""
    data = {"id": obj.pk, "url": None}
    try:
        path = reverse(f"{obj._meta.model_name}-detail", args=[obj.pk])
        data["url"] = request.build_absolute_uri(path) if request is not None else path
    except NoReverseMatch:
        pass
    names = {f.name for f in obj._meta.concrete_fields}
    for field in ("code", "name"):
        if field in names:
            data[field] = getattr(obj, field)
    data["display"] = str(obj)
    return data


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key read as a brief object and written as the related record's id (or an object with "id"), as
    NetBox and GitHub do: a client needs no second request to show a name."""

    def use_pk_only_optimization(self):
        return False

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("id")
        if data is None or isinstance(data, bool | list | float | dict):
            raise serializers.ValidationError(_("关联记录应写为编号，或含“id”的对象。"))
        return super().to_internal_value(data)

    def to_representation(self, value):
        return brief(value, self.context.get("request"))

    def get_choices(self, cutoff=None):
        # the browsable API's drop-downs key their options by value: the id, not the (unhashable) brief object
        queryset = self.get_queryset()
        if queryset is None:
            return {}
        if cutoff is not None:
            queryset = queryset[:cutoff]
        return {item.pk: self.display_value(item) for item in queryset}


class ScopedSerializer(serializers.ModelSerializer):
    """Related records as brief objects (`BriefRelatedField`), their choices limited to what the requesting user
    may see, like the web forms."""

    serializer_related_field = BriefRelatedField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for field in self.fields.values():
            target = getattr(field, "child_relation", field)
            if isinstance(target, serializers.PrimaryKeyRelatedField) and target.queryset is not None:
                target.queryset = access.restrict(target.queryset, request.user, access.VIEW)

    def keep_only(self, wanted: list[str]) -> None:
        """`?fields=a,b`: drop the other fields; an unknown name is a 400 naming it and the choices."""
        unknown = [name for name in wanted if name not in self.fields]
        if unknown:
            message = _("没有字段“%(name)s”；可选：%(names)s。")
            raise exceptions.ValidationError(
                {"fields": [message % {"name": unknown[0], "names": "、".join(self.fields)}]})
        for name in set(self.fields) - set(wanted):
            self.fields.pop(name)


class BriefSerializer(serializers.BaseSerializer):
    """`?brief=1`: each record as a related object is shown."""

    def to_representation(self, instance):
        return brief(instance, self.context.get("request"))


READ_PARAMETERS = [
    OpenApiParameter("brief", bool, description="只返回简要对象 {id, url, code, name, display} (brief objects only)"),
    OpenApiParameter("fields", str, description="只返回这些字段，逗号分隔，如 id,name (only these fields)"),
]


TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def truthy(value: str | None, name: str | None = None) -> bool:
    """A yes/no query parameter; with `name`, anything but 1/0/true/false/yes/no/on/off is a 400 naming it."""
    text = (value or "").strip().lower()
    if name is not None and text not in TRUE + FALSE:
        raise exceptions.ValidationError({name: [_("应为 1 或 0（true 或 false）。")]})
    return text in TRUE


@extend_schema_view(list=extend_schema(parameters=READ_PARAMETERS), retrieve=extend_schema(parameters=READ_PARAMETERS))
class ScopedModelViewSet(viewsets.ModelViewSet):
    """CRUD whose rows come from `access.restrict` and whose writes go through the audited services. The operation
    is the model's (`access.model_operation`); an extra action names its own: `@action(..., operation="...")`.

    Reads take `?brief=1` (each row as a related object is shown) and `?fields=a,b` (only those fields)."""

    operation = None

    def get_serializer(self, *args, **kwargs):
        reading = self.request.method == "GET" and self.action in ("list", "retrieve")
        if reading and truthy(self.request.query_params.get("brief"), "brief"):
            kwargs.setdefault("context", self.get_serializer_context())
            return BriefSerializer(*args, **kwargs)
        serializer = super().get_serializer(*args, **kwargs)
        chosen = self.request.query_params.get("fields") if reading else None
        if chosen:
            target = getattr(serializer, "child", serializer)
            target.keep_only([name.strip() for name in chosen.split(",") if name.strip()])
        return serializer

    def get_object(self):
        # an id beyond any database integer names no record: 404 before SQL (SQLite overflows, PostgreSQL errors)
        value = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if value.lstrip("-").isdigit() and abs(int(value)) > ID_LIMIT:
            raise exceptions.NotFound()
        return super().get_object()

    def get_queryset(self):
        return access.restrict(self.queryset.all(), self.request.user, access.VIEW)

    def perform_create(self, serializer):
        serializer.instance = services.object_create(
            user=self.request.user, model=self.queryset.model, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        instance = self.get_object()
        serializer.instance = services.object_update(
            user=self.request.user, instance=instance, data=serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.object_delete(user=self.request.user, instance=instance)


class ApiIndexView(APIView):
    """GET /api/: every endpoint of the API with its title, methods and the operation it needs, then where the
    schema and its documentation are."""

    title = gettext_lazy("接口目录")
    operation = access.SIGNED_IN

    @extend_schema(summary="接口目录：全部接口及其所需权限 (every endpoint)", responses=inline_serializer("ApiIndex", {
        "title": serializers.CharField(), "schema": serializers.CharField(), "docs": serializers.CharField(),
        "endpoints": serializers.ListField(child=serializers.DictField())}))
    def get(self, request):
        from yuanqu.core import access_map

        endpoints = []
        for route in access_map.routes():
            if not route.is_api or route.name == "api-index":
                continue
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route)
            endpoints.append({
                "path": path, "name": route.name, "title": _endpoint_title(route),
                "methods": route.methods(), "operations": sorted({route.operation(m) for m in route.methods()}),
            })
        return Response({
            "title": _("园区项目推进平台接口"), "schema": request.build_absolute_uri(reverse("api-schema")),
            "docs": request.build_absolute_uri(reverse("api-docs")), "endpoints": endpoints,
        })


def _endpoint_title(route) -> str:
    """A viewset's records by their plural name; another view by its `title` (or its URL name)."""
    view = route.pattern.callback.cls
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return str(queryset.model._meta.verbose_name_plural)
    return str(getattr(view, "title", route.name))


# --- file imports over the API: one request shape, one answer, one refusal ------------------------------------

IMPORT_REQUEST = {"multipart/form-data": {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary", "description": ".xlsx 或 .csv（UTF-8/GBK）"}}}}
IMPORT_REFUSAL = inline_serializer("ImportRefusal", {
    "detail": serializers.CharField(),
    "problems": inline_serializer("ImportProblem", {
        "sheet": serializers.CharField(), "row": serializers.IntegerField(allow_null=True),
        "column": serializers.CharField(allow_null=True), "header": serializers.CharField(allow_null=True),
        "message": serializers.CharField()}, many=True)})
IMPORT_SUMMARY = {
    "summary": serializers.CharField(), "rows": serializers.IntegerField(), "created": serializers.IntegerField(),
    "updated": serializers.IntegerField(), "unchanged": serializers.IntegerField(),
    "dry_run": serializers.BooleanField()}
DRY_RUN = OpenApiParameter("dry_run", bool, description="只检查，不写入 (check only)")


def uploaded_file(request, field: str = "file"):
    """The uploaded file of a multipart request; a 400 naming the field when there is none."""
    upload = request.FILES.get(field)
    if upload is None:
        message = _("请上传 .xlsx 或 .csv 文件（字段名 %(field)s）。") % {"field": field}
        raise exceptions.ValidationError({field: [message]})
    return upload


def import_refusal(result) -> Response | None:
    """An import that found problems: 400 with each problem's sheet, row and column (nothing was written)."""
    if result.ok:
        return None
    return Response({
        "detail": _("发现 %(n)d 处错误，未写入任何数据。") % {"n": len(result.problems)},
        "problems": [{"sheet": p.sheet, "row": p.row, "column": p.column, "header": p.header, "message": p.message}
                     for p in result.problems],
    }, status=status.HTTP_400_BAD_REQUEST)


def import_summary(result) -> dict:
    return {"summary": result.summary(), "rows": result.rows, "created": result.created, "updated": result.updated,
            "unchanged": result.unchanged, "dry_run": result.dry_run}
