"""The API's one permission class, in its own module: settings name it before rest_framework.views is ready."""

from django.utils.translation import gettext as _
from rest_framework import permissions

from yuanqu.core import access


def api_operation(view, method: str) -> str | None:
    """The operation an API view needs for `method`: its `operation` (one code, or (read, write)), an extra
    action's own `operation=` (DRF sets it on the view), else from its queryset's model; None if it names none."""
    declared = getattr(view, "operation", None)
    write = method not in permissions.SAFE_METHODS
    if declared:
        return access.operation_for(declared, method)
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return access.model_operation(queryset.model, access.CHANGE if write else access.VIEW)
    return None


class OperationPermission(permissions.BasePermission):
    """Allowed when the user's role has the view's operation (`yuanqu.core.access`); a view naming none is refused.
    Which rows then follows from `access.restrict` (a row outside the user's scope answers 404)."""

    @property
    def message(self):
        return _("您的角色不允许此操作。")

    def has_permission(self, request, view):
        code = api_operation(view, request.method)
        return code is not None and access.allows(request.user, code)
