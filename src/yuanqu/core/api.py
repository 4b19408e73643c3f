"""REST plumbing shared by every app: token login, role permission, scoped viewsets, Chinese errors."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from yuanqu.core import access, services, tokens
from yuanqu.core.filtersets import ID_LIMIT


def exception_handler(exc, context):
    """Django's ValidationError/PermissionDenied from services become 400/403 with their Chinese messages."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, OverflowError | DataError):
        # a value beyond what the database stores (a number too large for any column): refused, not a server error
        exc = exceptions.ValidationError({"detail": [_("数值超出数据库允许的范围。")]})
    return drf_exception_handler(exc, context)


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


class ScopedSerializer(serializers.ModelSerializer):
    """Related-record choices limited to what the requesting user may see, like the web forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for field in self.fields.values():
            target = getattr(field, "child_relation", field)
            if isinstance(target, serializers.PrimaryKeyRelatedField) and target.queryset is not None:
                target.queryset = access.restrict(target.queryset, request.user, access.VIEW)


class ScopedModelViewSet(viewsets.ModelViewSet):
    """CRUD whose rows come from `access.restrict` and whose writes go through the audited services. The operation
    is the model's (`access.model_operation`); an extra action names its own: `@action(..., operation="...")`."""

    operation = None

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
