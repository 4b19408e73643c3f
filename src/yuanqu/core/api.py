"""REST plumbing shared by every app: token login, role permission, scoped viewsets, Chinese errors."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from yuanqu.core import access, services


def exception_handler(exc, context):
    """Django's ValidationError/PermissionDenied from services become 400/403 with their Chinese messages."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


class ObtainTokenView(APIView):
    """POST {"username", "password"} → {"token"}; use it as `Authorization: Token …`."""

    operation = access.PUBLIC
    authentication_classes = []

    @extend_schema(
        request=inline_serializer(
            "TokenRequest", {"username": serializers.CharField(), "password": serializers.CharField()}
        ),
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request):
        user = authenticate(request, username=request.data.get("username"), password=request.data.get("password"))
        if user is None or not user.is_active:
            return Response({"detail": _("用户名或密码错误。")}, status=status.HTTP_400_BAD_REQUEST)
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


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
