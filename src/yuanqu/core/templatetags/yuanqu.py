from decimal import Decimal

from django import template
from django.template.base import TextNode
from django.template.defaulttags import CommentNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.urls import NoReverseMatch, reverse
from django.utils.html import json_script

from yuanqu.core import access
from yuanqu.core.tables import format_value

register = template.Library()


@register.simple_tag
def object_url(obj, action: str = "detail") -> str:
    try:
        return reverse(f"{obj._meta.model_name}_{action}", kwargs={"pk": obj.pk})
    except NoReverseMatch:
        return ""


@register.filter
def may(user, operation: str) -> bool:
    """`{% if user|may:"reference.change" %}`: whether the user's role has the operation (yuanqu.core.access)."""
    return access.allows(user, operation)


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


class ScriptLabelsNode(template.Node):
    def __init__(self, element_id, nodelist):
        self.element_id, self.nodelist = element_id, nodelist

    def render(self, context) -> str:
        # Unescaped here because json_script escapes for the page: an HTML-escaped label would show "&#x27;".
        autoescape, context.autoescape = context.autoescape, False
        try:
            with context.push() as labels:
                self.nodelist.render(context)
                labels = dict(labels)
        finally:
            context.autoescape = autoescape
        return json_script(labels, self.element_id.resolve(context))


@register.tag
def script_labels(parser, token):
    """A page script's translated labels as a ``json_script`` block with the given id::

        {% script_labels "rater-labels" %}
          {% translate "未提交" as unsubmitted %}
          {% translate "已确认（第{version}版）" as confirmed %}
        {% endscript_labels %}

    renders ``<script id="rater-labels" type="application/json">{"unsubmitted": …, "confirmed": …}</script>``.
    Only ``translate``/``blocktranslate`` with ``as``/``asvar`` (and comments) may stand inside. A label with a
    number is a whole sentence with ``{name}`` placeholders, filled in by the script (``core/labels.js``).
    """
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes one argument, the id of the JSON block")
    nodelist = parser.parse(("endscript_labels",))
    parser.delete_first_token()
    for node in nodelist:
        if (isinstance(node, TextNode) and not node.s.strip()) or isinstance(node, CommentNode):
            continue
        if not (isinstance(node, TranslateNode | BlockTranslateNode) and node.asvar):
            raise template.TemplateSyntaxError(
                f"{bits[0]} holds only translate/blocktranslate with 'as', not {node.token.contents!r}")
    return ScriptLabelsNode(parser.compile_filter(bits[1]), nodelist)
