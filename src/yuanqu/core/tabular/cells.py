"""Cell parsing for imports: each parser turns a raw cell (str, number, date or None) into a value or raises
CellError with a Chinese message. No database access here. A Spec names its parser, with its limits bound by
`functools.partial` (e.g. ``partial(cells.decimal, places=2, max_digits=14, minimum=0)``)."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from yuanqu.core.i18n import data_labels, label_lookup

MAX_TEXT = 2000  # long text (建设内容, 进展情况): one cell, not a document


class CellError(ValueError):
    """A cell's value is refused; the message is Chinese and names no position (the caller adds it)."""


# Control characters (C0, DEL, C1), surrogates and private use; bidirectional overrides and zero-width characters
# make a name display differently from what it is. One regex: this runs on every cell of 20,000-row files.
_HOSTILE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ue000-\uf8ff]"
)
_LINE_BREAKS = re.compile("[\t\n\r]")


def is_blank(raw) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def text(raw, *, max_length: int, multiline: bool = False) -> str:
    """A cleaned string ('' for blank); formulas, control characters and over-long text are refused."""
    if is_blank(raw):
        return ""
    if isinstance(raw, datetime.datetime | datetime.date):
        raise CellError(_("应为文字，不能是日期。"))
    value = _number_text(raw) if isinstance(raw, int | float | Decimal) else str(raw)
    value = value.strip()
    if value.startswith("="):
        raise CellError(_("不能使用公式（单元格以“=”开头），请填写数值或文字本身。"))
    bad = _HOSTILE.search(value) or (None if multiline else _LINE_BREAKS.search(value))
    if bad:
        raise CellError(_("含有不可见的控制字符（U+%(code)04X），请删除后重新导入。") % {"code": ord(bad.group())})
    if len(value) > max_length:
        raise CellError(_("内容过长：最多%(max)d个字，实为%(n)d个字。") % {"max": max_length, "n": len(value)})
    return value


def _number_text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def decimal(raw, *, places: int, max_digits: int, minimum=None, maximum=None) -> Decimal | None:
    """A Decimal with at most `places` decimals (None for blank); text, negatives (if minimum=0) refused."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool) or isinstance(raw, datetime.date):
        raise CellError(_("应为数字。"))
    if isinstance(raw, str):
        cleaned = raw.strip().replace(",", "").replace("，", "")
        if cleaned.startswith("="):
            raise CellError(_("不能使用公式（单元格以“=”开头），请填写数值本身。"))
        if not _NUMBER.match(cleaned):
            raise CellError(_("应为数字，实为“%(value)s”。") % {"value": raw.strip()[:30]})
        value = Decimal(cleaned)
    else:
        try:
            value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        except InvalidOperation as exc:
            raise CellError(_("应为数字。")) from exc
    if not value.is_finite():
        raise CellError(_("应为数字。"))
    if minimum is not None and value < minimum:
        if minimum == 0:
            raise CellError(_("不能为负数。"))
        raise CellError(_("不能小于%(min)s。") % {"min": minimum})
    if maximum is not None and value > maximum:
        raise CellError(_("不能大于%(max)s。") % {"max": maximum})
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise CellError(_("最多保留%(n)d位小数。") % {"n": places})
    quantized = value.quantize(Decimal(1).scaleb(-places))
    if len(quantized.as_tuple().digits) > max_digits:
        raise CellError(_("数值过大。"))
    return quantized


def integer(raw, *, max_digits: int, minimum=None, maximum=None) -> int | None:
    """A whole number such as a year (None for blank); decimals refused, with `decimal`'s messages."""
    value = decimal(raw, places=0, max_digits=max_digits, minimum=minimum, maximum=maximum)
    return None if value is None else int(value)


_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]
_MONTH_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月$"),
]


def date(raw) -> datetime.date | None:
    """A date from a date cell or text such as 2025-03-01, 2025/3/1, 2025年3月1日 (None for blank)."""
    if is_blank(raw):
        return None
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    value = str(raw).strip()
    if value.startswith("="):
        raise CellError(_("不能使用公式（单元格以“=”开头），请填写日期本身。"))
    if value.endswith(" 00:00:00"):
        value = value[:-9]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            try:
                return datetime.date(*(int(g) for g in match.groups()))
            except ValueError as exc:
                raise CellError(_("日期不存在：“%(value)s”。") % {"value": value}) from exc
    raise CellError(_("应为日期，如 2025-03-01 或 2025年3月1日，实为“%(value)s”。") % {"value": value[:30]})


def month(raw) -> datetime.date | None:
    """A month's first day, from a date or text such as 2025-03, 2025年3月, 2025-03-15."""
    if is_blank(raw):
        return None
    if not isinstance(raw, datetime.date):
        value = str(raw).strip()
        for pattern in _MONTH_PATTERNS:
            match = pattern.match(value)
            if match:
                year, number = (int(g) for g in match.groups())
                if not 1 <= number <= 12:
                    raise CellError(_("月份不存在：“%(value)s”。") % {"value": value})
                return datetime.date(year, number, 1)
    try:
        day = date(raw)
    except CellError as exc:
        raise CellError(_("应为月份，如 2025-03 或 2025年3月，实为“%(value)s”。") % {"value": str(raw)[:30]}) from exc
    return day.replace(day=1)


def choice(raw, choices) -> str | None:
    """A TextChoices value from its Chinese label or its code (None for blank)."""
    if is_blank(raw):
        return None
    value = str(raw).strip()
    code = label_lookup(choices).get(value)
    if code is not None:
        return code
    labels = "、".join(label for _code, label in data_labels(choices))
    raise CellError(_("“%(value)s”不是可选值，应为：%(labels)s。") % {"value": value[:30], "labels": labels})
