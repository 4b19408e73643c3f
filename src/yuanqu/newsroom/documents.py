"""Text out of an uploaded report (.txt, .html, .docx). Pure: no Django; bad files raise DocumentError (Chinese)."""

from __future__ import annotations

import io
import zipfile
from html.parser import HTMLParser

__all__ = ["ALLOWED_SUFFIXES", "MAX_BYTES", "DocumentError", "text_from_upload"]

MAX_BYTES = 2 * 1024 * 1024  # 2 MB: a report is a few kB; anything larger is not a news report
ALLOWED_SUFFIXES = (".txt", ".html", ".htm", ".docx")


class DocumentError(ValueError):
    """The upload cannot be read; ``str(error)`` is a message for the user, in Chinese."""


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB 18030 (a superset of GBK and GB 2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentError("无法识别文件编码：请保存为 UTF-8 或 GBK 编码的文本。")


class _TextParser(HTMLParser):
    """Visible text of an HTML page: scripts, styles and the head are dropped; block elements end lines."""

    _SKIP = {"script", "style", "head", "title", "noscript", "template"}
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
              "blockquote", "pre", "header", "footer"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.pieces.append("\n")

    def handle_endtag(self, tag):
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.pieces.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.pieces.append(data)


def _html_text(html: str) -> str:
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _docx_text(data: bytes) -> str:
    import docx  # python-docx; imported here so the other formats do not pay for it

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocumentError("无法打开 Word 文件：请确认是 .docx 格式（不支持旧的 .doc）。") from error
    return "\n".join(paragraph.text for paragraph in document.paragraphs if paragraph.text.strip())


def text_from_upload(name: str, data: bytes) -> str:
    """The report's text from an uploaded file ``name`` holding ``data``.

    ``.txt`` in UTF-8 or GBK/GB 18030; ``.html``/``.htm`` as its visible text (tags, scripts and
    styles removed, one line per block element); ``.docx`` as its non-empty paragraphs, one per
    line. Files over :data:`MAX_BYTES`, empty files and other types raise :class:`DocumentError`.
    """
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ALLOWED_SUFFIXES:
        raise DocumentError("不支持的文件类型：请上传 .txt、.html 或 .docx 文件。")
    if len(data) > MAX_BYTES:
        raise DocumentError("文件过大：新闻稿文件不能超过 2 MB。")
    if suffix == ".docx":
        text = _docx_text(data)
    elif suffix in (".html", ".htm"):
        text = _html_text(_decode(data))
    else:
        text = _decode(data)
    if not text.strip():
        raise DocumentError("文件中没有文字。")
    return text
