"""FilterSet base: one FilterSet per model serves the web list, the API and the .xlsx export."""

import functools

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

from yuanqu.core import access

ID_LIMIT = 2**63 - 1  # the database's bigint: a larger id is no record, not a server error


def _refuse_out_of_range(clean):
    """A record's id beyond any database integer is an invalid choice (400 naming the filter), before it reaches
    SQL, where SQLite raises OverflowError and PostgreSQL "integer out of range"."""

    def checked(value):
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            text = str(item).strip().lstrip("-")
            if text.isdigit() and int(text) > ID_LIMIT:
                raise forms.ValidationError(_("没有编号为 %(value)s 的记录。"), code="invalid_choice",
                                            params={"value": item})
        return clean(value)

    return checked


class ParsedField(forms.CharField):
    """Text that `parse` turns into a value (a month, say); text it cannot read is an error naming the filter, so
    the API answers 400 and a page shows the error, instead of an empty list."""

    def __init__(self, *args, parse, invalid_message, **kwargs):
        self.parse, self.invalid_message = parse, invalid_message
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            parsed = self.parse(text)
        except ValueError:  # the tabular cell parsers' CellError is one
            parsed = None
        if parsed is None:
            raise forms.ValidationError(self.invalid_message, code="invalid", params={"value": text})
        return parsed


class ParsedFilter(django_filters.Filter):
    """`ParsedFilter(parse=cells.month, invalid_message=..., label=...)`: the records whose field is the parsed
    value."""

    field_class = ParsedField


class BaseFilterSet(django_filters.FilterSet):
    """Adds `q` (search over `search_fields`) and limits every related-record choice to what the user may see."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(method="search", label=_("搜索"))

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = getattr(request, "user", None)
        for name, field in self.form.fields.items():
            queryset_ = getattr(field, "queryset", None)
            if user is not None and queryset_ is not None:
                field.queryset = access.restrict(queryset_, user, access.VIEW)
            if isinstance(field, forms.ModelChoiceField):
                field.clean = _refuse_out_of_range(field.clean)
            if name != "q":
                field.required = False

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = models.Q()
        for field in self.search_fields:
            condition |= models.Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


# --- the API's filters: by code and name for every related record, and nothing unknown ------------------------

CONTROL_PARAMETERS = frozenset({"page", "ordering", "brief", "fields", "format"})


class _CodeOrNameFilter(django_filters.CharFilter):
    """`region__code=320902,320903` / `region__name=亭湖区`: the related record by its code or name, several
    separated by commas (exact match each)."""

    def filter(self, queryset, value):
        values = [v.strip() for v in (value or "").split(",") if v.strip()]
        if not values:
            return queryset
        # through a subquery: a many-to-many path (a meeting's visited districts) yields each record once
        matching = queryset.model._default_manager.filter(**{f"{self.field_name}__in": values}).values("pk")
        return queryset.filter(pk__in=matching)


@functools.cache
def api_filterset(filterset_class):
    """`filterset_class` with, for each related-record filter `x`, `x__code` and `x__name` where the related model
    has such a field: a script names a district by its code (320902) rather than by our internal id."""
    extra = {}
    for name, flt in filterset_class.base_filters.items():
        if not isinstance(flt, django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter):
            continue
        queryset = flt.extra.get("queryset")
        model = getattr(queryset, "model", None) or _related_model(filterset_class, flt.field_name)
        if model is None:
            continue
        fields = {f.name for f in model._meta.concrete_fields}
        for attribute, label in (("code", _("%(name)s代码")), ("name", _("%(name)s名称"))):
            if attribute in fields and f"{name}__{attribute}" not in filterset_class.base_filters:
                extra[f"{name}__{attribute}"] = _CodeOrNameFilter(
                    field_name=f"{flt.field_name}__{attribute}", label=label % {"name": flt.label or name},
                    help_text=_("可写多个，以逗号分隔"))
    if not extra:
        return filterset_class
    return type(f"Api{filterset_class.__name__}", (filterset_class,), extra)


def _related_model(filterset_class, path: str):
    from django_filters.utils import get_model_field

    field = get_model_field(filterset_class._meta.model, path)
    return getattr(field, "related_model", None)


class ApiFilterBackend(DjangoFilterBackend):
    """The API's filter backend: the filter set with its code and name filters (`api_filterset`), and a query
    parameter that is neither a filter nor a control (page, ordering, brief, fields, format) answers 400 naming it,
    where django-filter would silently ignore it and return everything."""

    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        return api_filterset(filterset_class) if filterset_class else None

    def filter_queryset(self, request, queryset, view):
        if request.method == "GET" and getattr(view, "action", None) in ("list", "retrieve"):
            filterset_class = self.get_filterset_class(view, queryset)
            known = set(filterset_class.base_filters) if filterset_class else set()
            unknown = sorted(set(request.query_params) - known - CONTROL_PARAMETERS)
            if unknown:
                choices = "、".join(sorted(known | CONTROL_PARAMETERS))
                raise ValidationError({unknown[0]: [_("未知的查询参数“%(name)s”；可用：%(names)s。")
                                                    % {"name": unknown[0], "names": choices}]})
        return super().filter_queryset(request, queryset, view)
