"""Anti-copy noise and site chrome in reports copied from portals and forums (issue 13). Pure: no Django.

Found in real reports (corpus/news): share/report/login buttons, breadcrumbs, copyright and record-number
lines, related-news teasers and watermark lines (a title with the site's domain) repeated in the body; line
breaks injected before every comma and full stop (``进展\\n,细心``); a name split by a line break
(``赵\\n长安``); indents lost as ``??? ``; a pinyin annotation with a stray space (``會(huì )``).

:func:`find_noise` lists what to take out, as :class:`Noise` edits on the raw text; ``repair`` applies them
before anything else and reports each flagged one as a span, so a person sees what was removed. Detection
reads lines in both scripts: the word lists are matched against the line and against its Simplified form.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import opencc

_T2S = opencc.OpenCC("t2s")

#: Whole lines that are page furniture (buttons, menus, teaser headings), as Simplified text.
CHROME_LINES = frozenset((
    "返回", "返回顶部", "返回首页", "返回列表", "关闭", "关闭窗口", "举报", "我要举报", "提交", "购物车", "打赏",
    "打赏捐赠", "请先登录", "登录", "注册", "会员注册", "相关推荐", "相关阅读", "相关新闻", "相关文章", "热点推荐",
    "热评文章", "随机文章", "热门文章", "推荐阅读", "猜你喜欢", "延伸阅读", "标签", "标签:", "标签：", "联系我们",
    "关于我们", "Baidu", "baidu", "sogou", "Sogou", "百度", "搜狗", "请输入验证码", "点击下方链接查看原文", "分享到",
    "分享到:", "分享到：", "分享", "打印", "打印本页", "收藏", "纠错", "扫一扫", "评论", "发表评论", "我要评论",
    "网友评论", "查看评论", "字号", "【打印】", "【关闭】", "上一篇", "下一篇",
))
#: Lines that end the report: whatever follows them is chrome too.
TRAILERS = re.compile(
    r"^(?:相关推荐|相关阅读|相关新闻|相关文章|热点推荐|推荐阅读|猜你喜欢|延伸阅读|上一[条篇]|下一[条篇]|点击下方链接查看原文|"
    r"版权说明|版权声明|免责声明|标签|联系我们|打赏捐赠|请先登录|请输入验证码|分享到)"
)
_CHROME_RE = re.compile(
    r"版权说明|版权所有|版权声明|本文版权|公网安备|ICP备|ICP证|转载请注明|免责声明|"
    r"^!?我要举|^(?:上一[条篇]|下一[条篇])[:：]|^[•·]\s*(?:提交|分享|打印|收藏)$"
)
_BREADCRUMB = re.compile(r"^[^。，,；;！!？?]{1,20}(?:\s*[>＞›»]\s*[^。，,；;！!？?>＞]{1,20}){1,5}$|^[>＞›»]$")
_URL_LINE = re.compile(r"^(?:https?://|www\.)\S+$")
_DOMAIN = re.compile(r"(?<![\w.])(?:www\.)?[a-z0-9-]+\.(?:com|cn|net|org|gov\.cn|com\.cn|tv)(?![\w.])", re.I)
_TINY = re.compile(r"^(?:[\d\W_]{1,3}|[大中小])$")  # a count, an arrow, a font-size button
#: chrome inside a line: bracketed buttons, an advert label opening a line
_INLINE = re.compile(
    r"[ \t\u3000]*\[(?:下载该文章|会员注册|打印|关闭|收藏|推荐|打印本页|关闭窗口|评论|分享)\]|"
    r"(?m:^)(?:墙体广告|广告)[ \t\u3000]+"
)
_INLINE_TRAD = re.compile(
    r"[ \t\u3000]*\[(?:下載該文章|會員註冊|打印|關閉|收藏|推薦|打印本頁|關閉窗口|評論|分享)\]|"
    r"(?m:^)(?:墻體廣告|牆體廣告|廣告)[ \t\u3000]+"
)
_INJECTED_BREAK = re.compile(r"(?<=[^\n])\n(?=[,，。、；;：:）)])")
_LOST_INDENT = re.compile(r"(?m)^[ \t\u3000]*\?{3,}[ \t\u3000]*(?=\S)")
_SPACED_ANNOTATION = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[1-5]?( )\)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# signals of chrome on a long line (a short line is always looked at): checked with ``in`` before any regex
# (a copyright line, a watermark with the site's domain; 上一条/下一条 open their line)
_LONG_LINE_SIGNALS = (("版", "版"), (".", ".com"), (".", ".cn"), (".", "www."), ("/", "http"))
_SHORT = 40
@dataclass(slots=True, frozen=True)
class Noise:
    """Replace ``text[start:end]`` with ``replacement``; ``kind`` names a flagged removal (``site_chrome``,
    ``injected_break``, ``broken_line``, ``lost_indent``), None a silent fix (the space in ``(huì )``)."""

    start: int
    end: int
    replacement: str
    kind: str | None
    #: characters of context either side that the reported span takes in (the comma after an injected break,
    #: the two characters a broken line joins), so that the reviewer sees what was joined
    before: int = 0
    after: int = 0


@functools.lru_cache(maxsize=2048)
def _simplified(line: str) -> str:
    return _T2S.convert(line)


@functools.cache
def _first_characters() -> frozenset[str]:
    """The characters a chrome line can open with, in both scripts (a line opening otherwise is looked at no
    further unless it holds a breadcrumb mark, a domain or a record number)."""
    words = [*CHROME_LINES, *re.findall(r"[\u4e00-\u9fffA-Za-z]+", TRAILERS.pattern),
             "版权", "本文", "免责", "转载", "上一", "下一", "!我要举", "我要举", "http", "www", "【"]
    firsts = {word[0] for word in words if word}
    firsts |= {_S2T.convert(char) for char in list(firsts)}
    return frozenset(firsts)


_S2T = opencc.OpenCC("s2t")
_MARKS = frozenset(">＞›».备備版")


def _is_chrome(line: str) -> bool:
    bare = line.strip(" \t\u3000•·")
    if not bare:
        return False
    if bare[0] not in _FIRST and _MARKS.isdisjoint(bare):
        return False
    simple = _simplified(bare)
    if simple in CHROME_LINES or TRAILERS.match(simple) or _CHROME_RE.search(simple) or _URL_LINE.match(bare):
        return True
    if _BREADCRUMB.match(simple):
        return True
    # a watermark: a short line naming a web site
    return len(bare) <= 80 and bool(_DOMAIN.search(bare)) and not re.search(r"[。！？]$", bare)


_FIRST: frozenset[str] = frozenset()  # set below, once the word lists exist


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, without its line end."""
    spans, at = [], 0
    for line in text.split("\n"):
        spans.append((at, at + len(line)))
        at += len(line) + 1
    return spans


_BREAK_MARKS = frozenset(",，。、；;：:）)")


def _chrome(text: str, parts: list[str], signals: list[str]) -> list[Noise]:
    """Chrome blocks, given the lines and the long-line signals present in the text."""
    kinds = []  # per line: "chrome", "blank" or "body"
    trailing = False
    tiny = []
    for line in parts:
        if not line or line.isspace():
            kinds.append("blank")
            continue
        if not trailing and len(line) > _SHORT and not line.startswith(("上一", "下一")) and not (
            signals and any(signal in line for signal in signals)
        ):
            kinds.append("body")
            continue
        if trailing or _is_chrome(line):
            kinds.append("chrome")
            trailing = trailing or bool(TRAILERS.match(_simplified(line.strip(" \t\u3000•·"))))
        else:
            if len(line.strip()) <= 3:
                tiny.append(len(kinds))
            kinds.append("body")
    if "chrome" not in kinds:
        return []
    lines = _lines(text)
    # a button's count or an arrow (0, >, |) is chrome only beside other chrome
    for index in tiny:
        start, end = lines[index]
        if _TINY.match(text[start:end].strip()):
            near = [k for k in kinds[max(0, index - 2):index] + kinds[index + 1:index + 3] if k != "blank"]
            if "chrome" in near:
                kinds[index] = "chrome"
    # a site name heading the page: a short line before chrome at the top (宁德生活圈 / 网站首页 > …)
    first_body = next((i for i, k in enumerate(kinds) if k == "body"), None)
    if first_body is not None:
        rest = next((k for k in kinds[first_body + 1:] if k != "blank"), None)
        line = text[slice(*lines[first_body])].strip()
        if rest == "chrome" and len(line) <= 10 and not re.search(r"[，,。：:]", line) and first_body == 0:
            kinds[first_body] = "chrome"
    found: list[Noise] = []
    index = 0
    while index < len(lines):
        if kinds[index] != "chrome":
            index += 1
            continue
        last = index
        probe = index + 1
        while probe < len(lines) and kinds[probe] in ("chrome", "blank"):
            if kinds[probe] == "chrome":
                last = probe
            probe += 1
        before = index - 1
        while before >= 0 and kinds[before] == "blank":
            before -= 1
        after = last + 1
        while after < len(lines) and kinds[after] == "blank":
            after += 1
        if before < 0:  # the top of the page: the chrome and the blank lines after it
            start, end = 0, lines[after][0] if after < len(lines) else len(text)
            found.append(Noise(start, end, "", "site_chrome"))
        elif after >= len(lines):  # the bottom: from the end of the last body line
            start = lines[before][1]
            found.append(Noise(start, len(text), "\n" if text.endswith("\n") else "", "site_chrome"))
        else:  # in the body: the chrome and the blank lines after it
            found.append(Noise(lines[index][0], lines[after][0], "", "site_chrome"))
        index = last + 1
    return found


def _broken_lines(parts: list[str], candidates: list[int]) -> list[Noise]:
    """A line that stops inside a sentence, mid-name (赵\\n长安): long, with a comma, ending in a Han character,
    the next line going on in Han characters and ending its sentence (``candidates``: the lines that are long
    and end in a Han character before a line opening with one)."""
    found = []
    for index in candidates:
        line, following = parts[index], parts[index + 1]
        end = sum(len(part) + 1 for part in parts[:index]) + len(line)  # where this line's line break is
        if re.search(r"[,，、]", line) and not re.search(r"[。！？!?]", line[-25:]) and re.search(
            r"[。！？!?]", following
        ):
            found.append(Noise(end, end + 1, "", "broken_line", 1, 1))
    return found


def find_noise(text: str) -> list[Noise]:
    """The noise of ``text``, sorted and never overlapping (see the module's docstring). Clean text gives []."""
    found: list[Noise] = []
    parts = text.split("\n") if "\n" in text else []
    if parts:
        # one pass over the lines for what each test needs: a chrome candidate, lines opening with punctuation,
        # lines that may break a sentence
        chrome = openings = 0
        broken = []
        previous = ""
        for index, line in enumerate(parts):
            first = line[:1]
            if first in _BREAK_MARKS and index:
                openings += 1
            if not chrome and (len(line) <= _SHORT or first in "上下") and _is_chrome(line):
                chrome = 1
            if len(previous) >= 20 and "\u4e00" <= first <= "\u9fff" and "\u4e00" <= previous[-1] <= "\u9fff":
                broken.append(index - 1)
            previous = line
        # one-character probes first: a multi-character ``in`` on Chinese text costs ten times more
        signals = [signal for probe, signal in _LONG_LINE_SIGNALS if probe in text and signal in text]
        if chrome or signals:
            found = _chrome(text, parts, signals)
    if "[" in text or "告" in text:
        for pattern in (_INLINE, _INLINE_TRAD):
            found += [Noise(m.start(), m.end(), "", "site_chrome") for m in pattern.finditer(text) if m[0]]
    # anti-copy injection is systematic; one line opening with a comma is the author's
    if parts and openings >= 3:
        found += [Noise(m.start(), m.end(), "", "injected_break", 0, 1) for m in _INJECTED_BREAK.finditer(text)]
    if "?" in text and "???" in text:
        found += [Noise(m.start(), m.end(), "", "lost_indent") for m in _LOST_INDENT.finditer(text)]
    if " )" in text:
        found += [Noise(m.start(1), m.end(1), "", None) for m in _SPACED_ANNOTATION.finditer(text)]
    if parts and broken:
        found += _broken_lines(parts, broken)
    if not found:
        return found
    found.sort(key=lambda n: (n.start, -n.end))
    merged: list[Noise] = []
    for noise in found:
        if merged and noise.start < merged[-1].end:
            continue  # inside a removal already listed (a break inside a chrome block)
        merged.append(noise)
    return merged


_FIRST = _first_characters()


def apply(text: str, noise: list[Noise]) -> tuple[str, list[int]]:
    """``text`` with the edits made, and for each edit its offset in the result."""
    pieces, cursor, at = [], 0, []
    produced = 0
    for item in noise:
        pieces.append(text[cursor:item.start])
        produced += item.start - cursor
        at.append(produced)
        pieces.append(item.replacement)
        produced += len(item.replacement)
        cursor = item.end
    pieces.append(text[cursor:])
    return "".join(pieces), at
