"""Choice labels for data files: spreadsheets are written in Chinese whatever the page language is."""

import functools

from django.conf import settings
from django.utils import translation

DATA_LANGUAGE = "zh-hans"


def data_labels(choices) -> list[tuple[str, str]]:
    """(code, Chinese label) of a TextChoices: what templates, drop-downs and files use."""
    with translation.override(DATA_LANGUAGE):
        return [(code, str(label)) for code, label in choices.choices]


@functools.cache
def label_lookup(choices) -> dict[str, str]:
    """Code by code or by label in any configured language, so a file exported from an English page imports too."""
    mapping = {code: code for code, _label in choices.choices}
    for language, _name in reversed(settings.LANGUAGES):  # the data language last: it wins any clash
        with translation.override(language):
            mapping.update({str(label): code for code, label in choices.choices})
    return mapping
