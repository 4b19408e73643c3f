"""统一社会信用代码 (unified social credit code), GB 32100-2015. Pure: no Django."""

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, 16, ...


def check_character(first17: str) -> str:
    """The 18th character for the first 17 (upper-case); raises ValueError on a character outside the charset."""
    total = 0
    for ch, weight in zip(first17, WEIGHTS, strict=True):
        value = CHARSET.find(ch)
        if value < 0:
            raise ValueError(ch)
        total += value * weight
    return CHARSET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """None if `code` is a valid credit code, otherwise the reason in Chinese."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为18位，实为{len(code)}位"
    bad = [ch for ch in code if ch not in CHARSET]
    if bad:
        return f"统一社会信用代码含非法字符“{bad[0]}”（不使用I、O、S、V、Z）"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"统一社会信用代码校验位错误：应为“{expected}”，实为“{code[17]}”"
    return None


def complete(first17: str) -> str:
    """`first17` followed by its check character."""
    return first17 + check_character(first17)
