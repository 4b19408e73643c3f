"""Context fixes where OpenCC ``t2s`` is wrong for mainland news text.

Two small tables, each entry with where it came from; ``tests/newsroom/test_repair.py`` pins
both that OpenCC 1.4.2 gets the case wrong (so the entry earns its place) and that ``repair``
gets it right.

* ``READING_FIXES``: a Traditional character whose Simplified form depends on its reading. Used
  only where the damaged text itself told us the reading (a pinyin annotation on that very
  occurrence), which is the strongest context we ever get.
* ``PHRASE_FIXES``: Simplified words as OpenCC leaves them (``随著``) and what they should be
  (``随着``). Applied after conversion, longest match first, so a ``著`` read zhù inside a longer
  word (``显著``, ``著名``, listed as identity entries) is never touched.

Pure: no Django, no I/O.
"""

from __future__ import annotations

# Sources, referred to by key in the comments below.
#   GSCC   《通用规范汉字表》(State Council, 2013), annex 1 (规范字与繁体字、异体字对照表) and its
#          notes: 乾 read qián, 瞭 read liào, 藉 read jí and 徵 read zhǐ are not simplified.
#   XH7    《现代汉语词典》 7th ed. (2016): 着 zhe/zhuó/zháo/zhāo vs 著 zhù as separate entries;
#          the words below are listed under 着 (着力, 着手, 着眼, 执着, 沉着, ...).
#   OCC    observed OpenCC 1.4.2 ``t2s`` output: it leaves 著 unconverted in every context
#          (看著 -> 看著, 隨著 -> 随著), because in OpenCC's Traditional standard 著 and 着 are
#          both standard characters. Taiwan/Hong Kong style portals write 著 for zhe.

#: (Traditional character, reading as annotated) -> Simplified character. Readings are given
#: with tone marks, in tone-number style and toneless where the toneless form is unambiguous.
#: A value equal to the key's character means "keep it, do not let later steps convert it".
READING_FIXES: dict[tuple[str, str], str] = {}


def _add_reading(char: str, readings: tuple[str, ...], target: str) -> None:
    for reading in readings:
        READING_FIXES[(char, reading)] = target


# 著: zhe / zhuó / zháo / zhāo -> 着; zhù stays 著 (XH7; OpenCC never converts it: OCC).
_add_reading("著", ("zhe", "zhe5", "zhuó", "zhuo2", "zhuo", "zháo", "zhao2", "zhāo", "zhao1", "zhao"), "着")
_add_reading("著", ("zhù", "zhu4", "zhu"), "著")
# 乾: qián stays 乾 (GSCC note), gān -> 干 (OpenCC converts a lone 乾 to 干 either way: OCC).
_add_reading("乾", ("qián", "qian2", "qian"), "乾")
_add_reading("乾", ("gān", "gan1", "gan"), "干")
# 瞭: liào stays 瞭 (瞭望, GSCC note), liǎo -> 了 (瞭解 -> 了解). Toneless "liao" is ambiguous.
_add_reading("瞭", ("liào", "liao4"), "瞭")
_add_reading("瞭", ("liǎo", "liao3"), "了")
# 藉: jí stays 藉 (狼藉, GSCC note). jiè is ambiguous (藉口 -> 借口 but 慰藉 stays), so no entry.
_add_reading("藉", ("jí", "ji2"), "藉")
# 徵: zhǐ stays 徵 (宫商角徵羽, GSCC note), zhēng -> 征.
_add_reading("徵", ("zhǐ", "zhi3"), "徵")
_add_reading("徵", ("zhēng", "zheng1", "zheng"), "征")

#: Simplified word as OpenCC t2s leaves it -> corrected word (same length). All from OCC + XH7.
PHRASE_FIXES: dict[str, str] = {
    word: word.replace("著", "着")
    for word in (
        # verb + 着 (aspect particle zhe), frequent in meeting reports
        "随著",
        "接著",
        "跟著",  # OCC: t2s leaves 跟著; found in a real report (corpus/news, issue 13)
        "紧接著",
        "意味著",
        "看著",
        "有著",
        "带著",
        "围绕著",
        "朝著",
        "向著",
        "沿著",
        "顺著",
        "本著",
        "肩负著",
        "承载著",
        "发挥著",
        "推动著",
        "引领著",
        "保持著",
        "忙著",
        "等著",
        "睡著",
        # 着 zhuó / zháo words
        "著眼",
        "著力",
        "著手",
        "著重",
        "著陆",
        "著想",
        "著装",
        "著落",
        "著急",
        "著凉",
        "著火",
        "著迷",
        "沉著",
        "穿著",
        "衣著",
        "执著",
        "附著",
        "著实",
        "著色",
        "著墨",
    )
}
# 著 read zhù: identity entries so the longest match protects them (显著力度 is 显著 + 力度).
PHRASE_FIXES.update(
    {
        word: word
        for word in (
            "显著",
            "卓著",
            "昭著",
            "名著",
            "土著",
            "原著",
            "编著",
            "专著",
            "合著",
            "译著",
            "论著",
            "巨著",
            "拙著",
            "遗著",
            "新著",
            "著名",
            "著作",
            "著称",
            "著述",
            "著书",
            "著录",
            "著者",
            "著译",
        )
    }
)


#: Traditional characters OpenCC 1.4.2 ``t2s`` leaves as they are although their Simplified form is certain in
#: mainland text (GSCC annex 1): 堿 -> 碱 (盐堿涝, found in a real report, corpus/news), 瑯 -> 琅 (琅琊).
CHAR_FIXES: dict[str, str] = {"堿": "碱", "瑯": "琅"}
