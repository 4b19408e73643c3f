"""GB/T 4754-2017 industry codes (国民经济行业分类), pure helpers.

A code is a section letter (门类, A–T) optionally followed by 2 (division 大类), 3 (group 中类)
or 4 (class 小类) digits: "C", "C38", "C384", "C3841". The letter may be omitted ("3841"): the
division tells the section.
"""

from __future__ import annotations

__all__ = ["division_section", "normalise_industry_code", "industry_code_relation"]

# (first division, last division) of each section in GB/T 4754-2017
_SECTIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 96),
    "T": (97, 97),
}


def division_section(division: int) -> str:
    """The section letter of a division number (13 → "C"); ValueError if it is not in the standard."""
    for letter, (first, last) in _SECTIONS.items():
        if first <= division <= last:
            return letter
    raise ValueError(f"行业大类 {division:02d} 不在 GB/T 4754-2017 中")


def normalise_industry_code(code: str) -> str:
    """Canonical form "C3841": upper case, section letter added or checked against the division."""
    raw = code.strip().upper()
    letter, digits = (raw[0], raw[1:]) if raw[:1].isalpha() else ("", raw)
    if len(digits) not in (0, 2, 3, 4) or not (digits.isdigit() or digits == "") or (not letter and not digits):
        raise ValueError(f"行业代码格式不正确：{code!r}（应为门类字母加 2–4 位数字，如 C3841）")
    if letter and letter not in _SECTIONS:
        raise ValueError(f"行业门类 {letter} 不在 GB/T 4754-2017 中")
    if digits:
        section = division_section(int(digits[:2]))
        if letter and letter != section:
            raise ValueError(f"行业代码 {code!r} 的门类应为 {section}")
        letter = section
    return letter + digits


def industry_code_relation(a: str, b: str) -> str:
    """How two codes relate: "same_branch" (equal, or one is an ancestor of the other at division level
    or finer), "same_division", "same_section" or "unrelated". A bare section letter only ever gives
    "same_section": a whole section is too broad to count as a match."""
    a, b = normalise_industry_code(a), normalise_industry_code(b)
    if a[0] != b[0]:
        return "unrelated"
    if len(a) == 1 or len(b) == 1:
        return "same_section"
    if a.startswith(b) or b.startswith(a):
        return "same_branch"
    if a[1:3] == b[1:3]:
        return "same_division"
    return "same_section"
