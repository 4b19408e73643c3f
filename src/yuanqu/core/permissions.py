"""DRF permission in its own module: settings import it before rest_framework.views is ready."""

from rest_framework import permissions

from yuanqu.core.models import Role


class RolePermission(permissions.BasePermission):
    """Signed in and not a rater; writes need a role that writes. Rows are then limited by `scoping.restrict`."""

    message = "无权访问。"

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated or user.role == Role.RATER and not user.is_organiser:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return user.is_organiser or user.role == Role.REPORTER
