"""Chinese first: a page rendered in Chinese shows no English word of ours.

Every page of the access map (filled from the access world, as the generated access test does, then from the demo)
is fetched in Chinese as the city organiser, personal-link pages included; its visible text (and the words a
control shows: placeholders, titles, button values), and the text of every PDF and the sheet names and headers of
every workbook served on a GET, hold no Latin-script word outside a short list of codes, units and names. Words
that come from the records themselves (an enterprise called “SMC”) are data, not ours, and pass.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.db import models
from django.http import FileResponse
from django.test import Client

from tests.core import access_world
from tests.core.test_access_matrix import _url
from yuanqu.core import access_map
from yuanqu.core.models import Role

pytestmark = pytest.mark.django_db

LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# addresses, the placeholders a message template may use, and what is code in a PDF (no <code> there): a command
# of ours, a digest (hexadecimal, however the PDF's lines cut it)
URL = re.compile(r"https?://\S+|\{\w+\}|yuanqu(?: [a-z][\w-]*)+|SHA-256：\s*[0-9a-f\s]{64,}")
# written in Latin letters in a Chinese text too: the product's name, the language's own name in the switch,
# standards and file formats, units, keys, and the names of measures (Kendall's W, LQ = 区位商)
ALLOWED = {
    "yuanqu", "English", "GB", "API", "Excel", "xlsx", "csv", "CSV", "PDF", "QR", "UTF", "GBK", "SVG", "json",
    "docx", "pdf", "txt", "html", "jpg", "png", "JSON", "MB", "KB", "kWh", "Ctrl", "Mac", "Kendall", "LQ", "SHA",
    # coordinate systems and geodata formats have no Chinese names (国家大地坐标系 is said beside CGCS2000)
    "CGCS", "WGS", "GCJ", "BD", "GeoJSON", "geojson", "Shapefile", "zip", "GS",
}
# code shown as code (a command, a request header, a stored parameter set) is not prose
CODE_TAGS = {"script", "style", "template", "code", "kbd", "samp", "pre"}
SHOWN_ATTRIBUTES = {"placeholder", "title", "aria-label", "alt"}


class VisibleText(HTMLParser):
    """The text a reader sees: text outside <script>/<style>, and the words controls show."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in CODE_TAGS:
            self._hidden += 1
        attrs = dict(attrs)
        for name in SHOWN_ATTRIBUTES & set(attrs):
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in CODE_TAGS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return URL.sub(" ", " ".join(parser.parts))


def latin_words(html: str) -> set[str]:
    return set(LATIN.findall(visible_text(html)))


def in_context(text: str, word: str) -> str:
    at = re.search(rf"\b{re.escape(word)}\b", text)
    start = at.start() if at else 0
    return " ".join(text[max(0, start - 30):start + 30].split())


def data_words() -> set[str]:
    """Latin words in the records' own text: names, codes, narratives (data, not the app's words)."""
    words = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for row in model._default_manager.values_list(*fields) if fields else ():
            for value in row:
                words |= set(LATIN.findall(value or ""))
    return words


def test_the_scanner_sees_text_and_controls_but_not_scripts():
    html = ('<p>项目 Project</p><script>var label = "hidden";</script><input type="submit" value="Save">'
            '<input placeholder="Search"><style>.x{color:red}</style><code>yuanqu scoring recompute</code>'
            '<p>链接 http://127.0.0.1/rate/abc/</p>')
    assert latin_words(html) == {"Project", "Save", "Search"}


def shown_text(response) -> str | None:
    """What a reader sees of a page, a PDF (its text) or a workbook (sheet names and header rows); None for
    anything else (JSON, images)."""
    if isinstance(response, FileResponse):
        return None  # an uploaded file (a report's attachment) is the uploader's, not ours
    kind = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "text/html" in kind:
        return visible_text(body.decode())
    if "application/pdf" in kind:
        from pypdf import PdfReader

        return URL.sub(" ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return " ".join(f"{sheet.title} " + " ".join(str(c or "") for c in next(sheet.iter_rows(values_only=True), ()))
                        for sheet in book.worksheets)
    return None


def english_on_pages(user, world) -> tuple[int, dict[str, list[str]]]:
    """(pages read, {url: words with their context}) over every HTML page of the access map, in Chinese."""
    allowed = ALLOWED | data_words()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    found, pages = {}, 0
    for route in access_map.routes():
        if route.is_api or "GET" not in route.methods():
            continue
        if route.pk_model() is not None and world.of(route.pk_model()) is None:
            continue  # no such record to show
        url = _url(route, world, own=True)
        response = client.get(url)
        text = shown_text(response) if response.status_code == 200 else None
        if text is None:
            continue
        pages += 1
        words = set(LATIN.findall(text)) - allowed
        if words:
            found[url] = [f"{w} (…{in_context(text, w)}…)" for w in sorted(words)]
    return pages, found


def report(found: dict) -> str:
    return "English words on Chinese pages:\n" + "\n".join(f"{u}: {w}" for u, w in found.items())


def test_no_english_word_on_any_chinese_page():
    world = access_world.build()
    pages, found = english_on_pages(world.users[Role.ORGANISER], world)
    assert pages > 50 and not found, report(found)


class DemoWorld:
    """The demo's records in the shape `_url` fills a route from: the first row of each model, a live link."""

    def __init__(self):
        from yuanqu.meetings.models import Attendee

        self.live_token = next((a.token for a in Attendee.objects.select_related("meeting") if a.link_works()), "")

    def of(self, model, *, own: bool = True):
        return model._default_manager.order_by("pk").first()


def test_no_english_word_on_the_demo_s_pages():
    """The same over the demo's data: charts, rankings, results and briefings with something in them."""
    from django.core.management import call_command

    from yuanqu.core.models import User

    call_command("demo", "--no-serve", stdout=io.StringIO())
    pages, found = english_on_pages(User.objects.get(username="city_admin"), DemoWorld())
    assert pages > 50 and not found, report(found)
