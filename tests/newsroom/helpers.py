"""Shared inputs of the newsroom page tests: a damaged report whose facts survive repair, and files holding it."""

import functools
import io

from tests.newsroom.corpus import GOLD, REPORTS, damage
from yuanqu.newsroom.extract import extract
from yuanqu.newsroom.repair import repair


@functools.cache
def damaged_report() -> str:
    """report_01 damaged (Traditional + pinyin + lost characters) with a seed where repair flags spans and the
    visited projects are still extracted exactly: the page tests then know which names to expect."""
    for seed in range(50):
        text = damage(REPORTS["report_01"], seed=seed).text
        result = repair(text)
        if result.spans and extract(result.text)["visited_projects"] == GOLD["report_01"]["visited_projects"]:
            return text
    raise AssertionError("no seed gives a damaged report_01 with intact project names")


def lines(text: str) -> str:
    """Non-empty lines, stripped: what survives every file format."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def html_bytes(text: str, *, nav: str = "") -> bytes:
    import html

    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines())
    return (
        "<!doctype html><html><head><title>门户网站</title><style>p{color:red}</style>"
        "<script>var x = '全市第九十九次';</script></head><body>"
        f"{nav}"
        f"{body}<script>alert('统计代码')</script></body></html>"
    ).encode()
