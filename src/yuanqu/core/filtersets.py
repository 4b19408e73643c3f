"""FilterSet base: one FilterSet per model serves the web list, the API and the .xlsx export."""

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

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
