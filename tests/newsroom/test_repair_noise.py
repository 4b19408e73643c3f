"""Repair of the anti-copy noise and damage real reports carry (issue 13, corpus/news). Every text is invented;
each reproduces a phenomenon found in the real reports, and each test fails without its fix."""

import pytest

from yuanqu.newsroom import repair as core
from yuanqu.newsroom.repair import LOST_MARKER, repair

BODY = "7月9日，高新区组织代表观摩重点项目建设。区领导乔国和、曾朗参加。"


def _spans_point_at_their_text(text, result):
    for span in result.spans:
        assert text[span.input_offset:span.input_offset + len(span.raw)] == span.raw
        assert result.text[span.offset:span.offset + len(span.marker)] == span.marker


def _kinds(result):
    return [span.kind for span in result.spans]


def test_site_chrome_at_the_top_in_the_body_and_at_the_bottom_is_removed_and_flagged():
    text = (
        "青松生活圈\n\n网站首页 财经 > 消费 > 正文\n\n" + BODY
        + "\n\n高新区组织代表观摩重点项目建设 青松财经网 www.qsfe.com\n\n观摩结束后，代表们召开座谈会。\n\n\n"
        "版权说明: 本文版权归原作者所有,如有误请联系我们。\n\n标签:\n\n热点推荐\n随机文章\n"
    )
    result = repair(text)
    assert result.text == BODY + "\n\n观摩结束后，代表们召开座谈会。\n"
    assert _kinds(result) == ["site_chrome"] * 3
    _spans_point_at_their_text(text, result)


def test_buttons_and_a_record_number_in_a_simplified_page():
    text = ("关闭\n\n举报\n\n  • 提交\n    首页 > 通知公告 > 正文\n    购物车\n    0\n\n" + BODY
            + "\n\n\n陕公网安备 61011502000007号\n")
    result = repair(text)
    assert result.text == BODY + "\n" and _kinds(result) == ["site_chrome", "site_chrome"]


def test_traditional_chrome_inline_buttons_and_an_advert_label():
    text = ("湖北潛江\n墻體廣告 調研組來潛調研。時間:2010-7-27  [下載該文章]  [會員註冊]\n項目建設順利。\n\n"
            "聯系我們\nBaidu\nsogou\n")
    result = repair(text)
    assert result.text == "湖北潜江\n调研组来潜调研。时间:2010-7-27\n项目建设顺利。\n"
    assert _kinds(result) == ["site_chrome"] * 4
    _spans_point_at_their_text(text, result)


def test_line_breaks_injected_before_punctuation_are_removed_with_the_punctuation_flagged():
    text = "、中環年產20GW電池項目現場,察看建設進展\n,細心詢問堵點\n。他要求\n,相關部門要緊盯目標\n。"
    result = repair(text)
    assert result.text == "、中环年产20GW电池项目现场,察看建设进展,细心询问堵点。他要求,相关部门要紧盯目标。"
    assert _kinds(result) == ["injected_break"] * 4
    assert [span.marker for span in result.spans] == [",", "。", ",", "。"]
    _spans_point_at_their_text(text, result)


def test_one_line_opening_with_a_comma_is_the_authors():
    text = "项目建设稳步推进\n，各方面积极配合。"
    assert repair(text).text is text


def test_a_name_broken_over_two_lines_is_joined():
    text = "市委常委、政法委书记肖立,副市长李江航,市政协副主席赵\n长宁参与调研。\n"
    result = repair(text)
    assert result.text == "市委常委、政法委书记肖立,副市长李江航,市政协副主席赵长宁参与调研。\n"
    [span] = result.spans
    assert (span.kind, span.raw, span.marker) == ("broken_line", "赵\n长", "赵长")


def test_lost_indents_are_removed_and_flagged():
    text = "??? 德州新聞網訊(記者 郭田)11月30日,考察團來我縣考察。\n??? 考察團一行先後到蓋世集團參觀。"
    result = repair(text)
    assert result.text == "德州新闻网讯(记者 郭田)11月30日,考察团来我县考察。\n考察团一行先后到盖世集团参观。"
    assert _kinds(result) == ["lost_indent", "lost_indent"]


def test_an_annotation_with_a_stray_space_goes():
    text = "7月4日上午,全區“攻堅突破年”現場(chǎng)觀(guān)摩會(huì )舉行,與會(huì )領導觀摩項目。"
    assert repair(text).text == "7月4日上午,全区“攻坚突破年”现场观摩会举行,与会领导观摩项目。"


def test_question_marks_with_a_letter_left_are_one_lost_span():
    result = repair("真正在突破的征程上闊步向前??h委書記、縣長王春林參加。")
    assert result.text == f"真正在突破的征程上阔步向前{LOST_MARKER * 2}委书记、县长王春林参加。"
    [span] = result.spans
    assert (span.kind, span.raw) == ("lost_character", "??h")


def test_mis_decoded_bytes_are_one_flagged_span_with_a_pinyin_guided_suggestion():
    text = "由項(xiàng)目所在地政府負責人介紹項目及當?shù)亟?jīng)濟社會(huì)發(fā)展情況。"
    result = repair(text)
    [span] = result.spans
    assert (span.kind, span.raw, span.marker) == ("lost_character", "?shù)亟?jīng)", LOST_MARKER * 2)
    assert span.reading == "shù jīng" and span.suggestion.endswith("经")  # 经济 is a word
    assert "亟" not in result.text and result.text.endswith(f"当{LOST_MARKER * 2}济社会发展情况。")


def test_gbk_garbage_after_a_lost_character_is_taken_in():
    text = "高陽由此得名?!表椖坑^摩活動第一站是高陽縣,該縣縣長介紹情況。"
    result = repair(text)
    [span] = result.spans
    assert span.raw == "?!表椖坑^" and span.kind == "lost_character"
    assert result.text == f"高阳由此得名{LOST_MARKER}摩活动第一站是高阳县,该县县长介绍情况。"


def test_a_run_of_question_marks_after_a_time_is_lost_and_a_question_is_not():
    lost = repair("發布時間 08:31???產業發展項目建設")
    assert [(s.kind, s.raw) for s in lost.spans] == [("lost_character", "???")]
    question = repair("大家問,今年項目有多少?我們的產業發展很快。")
    assert question.spans == [] and "有多少?" in question.text


@pytest.mark.parametrize(("damaged", "expected"), [
    ("九河通下潲，低窪鹽堿澇，老百姓無法種植作物。", "九河通下潲，低洼盐碱涝，老百姓无法种植作物。"),
    ("臨沂瑯琊文化節開幕，遊客跟著導遊參觀。", "临沂琅琊文化节开幕，游客跟着导游参观。"),
    # a guard: 接著 was converted before issue 13 already
    ("聽取了各方面的介紹。接著,市級領導來到現場。", "听取了各方面的介绍。接着,市级领导来到现场。"),
])
def test_context_conversions_opencc_gets_wrong(damaged, expected):
    assert repair(damaged).text == expected


def test_c_and_python_scans_agree_on_noisy_text():
    text = ("??? 德州新聞網訊(記者 郭田)當?shù)亟?jīng)濟發展\n,細心詢問\n。他要求\n,各部門配合\n。"
            "現場(chǎng)觀(guān)摩會(huì )舉行。\n\n聯系我們\nBaidu\n")
    native = repair(text)
    scan, core._SCAN = core._SCAN, core._scan_python
    try:
        python = repair(text)
    finally:
        core._SCAN = scan
    assert native.text == python.text and native.spans == python.spans
    _spans_point_at_their_text(text, native)
