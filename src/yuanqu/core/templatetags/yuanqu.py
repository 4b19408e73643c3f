from decimal import Decimal

from django import template
from django.urls import NoReverseMatch, reverse

from yuanqu.core.tables import format_value

register = template.Library()


@register.simple_tag
def object_url(obj, action: str = "detail") -> str:
    try:
        return reverse(f"{obj._meta.model_name}_{action}", kwargs={"pk": obj.pk})
    except NoReverseMatch:
        return ""


@register.filter
def display(value) -> str:
    """Dates as 2019年8月23日, numbers with separators, empty as —."""
    return format_value(value)


@register.filter
def amount(value) -> str:
    """An amount in 万元 shown in 万元, or in 亿元 from 10,000 万元 up."""
    if value in (None, ""):
        return "—"
    value = Decimal(str(value))
    if abs(value) >= 10000:
        return f"{value / 10000:,.2f} 亿元"
    return f"{value:,.0f} 万元" if value == value.to_integral() else f"{value:,.2f} 万元"


@register.simple_tag(takes_context=True)
def sort_link(context, column) -> str:
    current = context.get("sort", "")
    key = column.name if current != column.name else f"-{column.name}"
    base = context.get("sort_querystring", "")
    return f"?{base}&sort={key}" if base else f"?sort={key}"
