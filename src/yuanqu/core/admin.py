from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from yuanqu.core import audit
from yuanqu.core.models import ChangeAction, ObjectChange, User


class AuditedAdmin(admin.ModelAdmin):
    """Django admin writes are logged like every other write."""

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        self._pending = (obj, before, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj, before, change = self._pending
        audit.record(
            user=request.user,
            action=ChangeAction.UPDATE if change else ChangeAction.CREATE,
            instance=obj,
            before=before,
        )

    def delete_model(self, request, obj):
        before, pk = audit.snapshot(obj), obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        audit.record(user=request.user, action=ChangeAction.DELETE, instance=obj, before=before)


class ComputedFilter(admin.SimpleListFilter):
    """A list filter on a value the admin's queryset computes rather than stores (Carrier.status,
    SupervisedTask.overdue); a subclass names it (`parameter_name`, `title`) and gives its `options`."""

    options: list[tuple[str, str]] = []

    def lookups(self, request, model_admin):
        return self.options

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value is None else queryset.filter(**{self.parameter_name: value})


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown in the admin, never written there: the records are made by their own pages and services only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """A district reporter's regions are edited beside the user by `places.admin` (the link lives there)."""

    fieldsets = (*DjangoUserAdmin.fieldsets, (_("角色"), {"fields": ("role", "unit")}))
    list_display = ("username", "first_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    filter_horizontal = ("groups", "user_permissions")


@admin.register(ObjectChange)
class ObjectChangeAdmin(ReadOnlyAdmin):
    list_display = ("time", "user_name", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "user_name")
