"""The English catalogue: the language switch reaches the pages, and every msgid has a compiled translation."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import world
from yuanqu.projects.models import Project

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?[sdifFeExXgGr%]")


def _entries(path: Path) -> list[dict]:
    """The .po file's entries as dicts (flags, msgid, msgid_plural, msgstr list), header included.

    CI has no gettext, so the catalogue is read here rather than with msgfmt.
    """
    entries, current, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current and "msgid" in current:
                entries.append(current)
            current, key = None, None
            continue
        current = current or {"flags": set(), "msgstr": []}
        if line.startswith("#,"):
            current["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key == "msgstr":
                current["msgstr"][-1] += ast.literal_eval(line)
            else:
                current[key] += ast.literal_eval(line)
        else:
            keyword, value = line.split(" ", 1)
            key = "msgstr" if keyword.startswith("msgstr") else keyword
            if key == "msgstr":
                current["msgstr"].append(ast.literal_eval(value))
            else:
                current[key] = ast.literal_eval(value)
    return entries


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return _entries(CATALOGUE / "django.po")


@pytest.fixture
def signed_in(client):
    w = world()
    client.force_login(w.organiser)
    return client


@pytest.mark.django_db
def test_chinese_is_the_default(signed_in):
    home = signed_in.get("/").content.decode()
    projects = signed_in.get("/projects/").content.decode()

    assert "项目" in home
    assert "导出 Excel" in projects
    assert "Export Excel" not in projects


@pytest.mark.django_db
def test_switching_to_english_translates_the_pages(signed_in):
    response = signed_in.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    home = signed_in.get("/").content.decode()
    projects = signed_in.get("/projects/").content.decode()

    assert '<html lang="en"' in home
    assert "City project overview" in home
    assert "Projects" in home
    assert "Log out" in home
    assert "Export Excel" in projects
    assert "Filter and search" in projects
    assert "Download import template" in projects
    assert "导出 Excel" not in projects
    assert "New Project" in projects  # words are placed by the translation, not glued: not "NewProject"
    assert "Edit Project: " in signed_in.get(f"/projects/{Project.objects.first().pk}/edit/").content.decode()


@pytest.mark.django_db
def test_lists_are_named_in_the_plural_and_a_record_in_the_singular(signed_in):
    # Chinese has one word for both; English gets the plural from the "plural" context (pgettext)
    signed_in.post("/i18n/setlang/", {"language": "en", "next": "/"})
    parks = signed_in.get("/parks/").content.decode()
    for url, label in (("/projects/", "Projects"), ("/parks/", "Parks"), ("/enterprises/", "Companies"),
                       ("/reports/", "Monthly reports"), ("/meetings/", "On-site promotion meetings")):
        assert f'href="{url}"' in parks and f">{label}</a>" in parks, label
    assert "<h1>Parks " in parks and "New Park<" in parks
    signed_in.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "<h1>园区 " in signed_in.get("/parks/").content.decode()


@pytest.mark.django_db
def test_switching_back_to_chinese(signed_in):
    signed_in.post("/i18n/setlang/", {"language": "en", "next": "/"})
    signed_in.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})

    assert "导出 Excel" in signed_in.get("/projects/").content.decode()


def test_header_declares_english_and_plural_forms(entries):
    header = entries[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    assert "Language: en\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"][0]


def test_every_msgid_is_translated_and_none_is_fuzzy(entries):
    untranslated = [e["msgid"] for e in entries[1:] if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries[1:] if "fuzzy" in e["flags"]]

    assert len(entries) > 1000
    assert untranslated == []
    assert fuzzy == []


def test_plural_entries_have_both_forms(entries):
    for entry in entries[1:]:
        if "msgid_plural" in entry:
            assert len(entry["msgstr"]) == 2, entry["msgid"]


def test_translations_keep_their_placeholders(entries):
    for entry in entries[1:]:
        if "python-format" in entry["flags"]:
            expected = set(PLACEHOLDER.findall(entry["msgid"]))
            for msgstr in entry["msgstr"]:
                assert set(PLACEHOLDER.findall(msgstr)) == expected, (entry["msgid"], msgstr)


def test_compiled_catalogue_matches_the_po_file(entries):
    # The .mo is committed (CI has no msgfmt); a stale one would serve old or missing translations.
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in entries[1:]:
        if "msgid_plural" in entry:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr"][0]
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr"][1]
        elif "msgctxt" in entry:  # pgettext: 项目 in the "plural" context is "Projects", without it "Project"
            assert compiled.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"][0], entry["msgid"]
