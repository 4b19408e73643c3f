"""documents.text_from_upload: the same report from .txt (UTF-8, GBK), .html and .docx gives the same repair."""

import pytest

from tests.newsroom.corpus import REPORTS
from tests.newsroom.helpers import damaged_report, docx_bytes, html_bytes, lines
from yuanqu.newsroom.documents import MAX_BYTES, DocumentError, text_from_upload
from yuanqu.newsroom.repair import repair


def test_every_format_gives_the_same_repaired_text():
    # given a damaged report saved in every supported way
    text = damaged_report()
    files = {
        "report.txt": text.encode("utf-8"),
        "bom.txt": text.encode("utf-8-sig"),
        "report.html": html_bytes(text),
        "REPORT.HTM": html_bytes(text),
        "report.docx": docx_bytes(text),
    }
    # when each is read and repaired
    repaired = {name: repair(lines(text_from_upload(name, data))).text for name, data in files.items()}
    # then all agree with repairing the text itself
    expected = repair(lines(text)).text
    assert set(repaired.values()) == {expected}
    assert "□" in expected or "?" in expected


def test_gbk_text_is_read():
    # GBK cannot hold the Traditional report's rarer characters, so a Simplified report with pinyin stands in
    text = REPORTS["report_02"].replace("项目", "项(xiàng)目")
    data = text.replace("xiàng", "xiang").encode("gbk")
    assert text_from_upload("稿件.txt", data) == text.replace("xiàng", "xiang")
    assert repair(text_from_upload("稿件.txt", data)).text == REPORTS["report_02"]


def test_html_drops_scripts_styles_and_head():
    text = text_from_upload("a.html", html_bytes("第一段\n第二段", nav="<div class=nav>首页</div>"))
    assert text == "首页\n第一段\n第二段"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.doc", b"\xd0\xcf\x11\xe0", "不支持的文件类型"),
        ("report.pdf", b"%PDF-1.4", "不支持的文件类型"),
        ("report", b"abc", "不支持的文件类型"),
        ("big.txt", b"a" * (MAX_BYTES + 1), "不能超过 2 MB"),
        ("empty.txt", b"  \n", "没有文字"),
        ("broken.docx", b"PK not really a zip", "无法打开 Word 文件"),
        ("latin.txt", bytes([0x81, 0x20, 0xFF]), "无法识别文件编码"),
    ],
)
def test_bad_files_are_refused_in_chinese(name, data, message):
    with pytest.raises(DocumentError, match=message):
        text_from_upload(name, data)
