"""FilterSet base: one FilterSet per model serves the web list, the API and the .xlsx export."""

import django_filters
from django.db import models
from django.utils.translation import gettext_lazy as _

from yuanqu.core import access


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
