"""PDF output shared by every app: a Django template rendered to A4 PDF with CJK fonts by WeasyPrint.

It lives beside, not inside, `core.tabular`: a briefing is a laid-out document, not a table, and its
dependencies (WeasyPrint, Pango) have nothing to do with spreadsheets. Only views import it.

Templates extend ``documents/pdf_base.html`` (A4 page, "Noto Sans CJK SC" body, page numbers). Images are best
passed inline (``data:`` URIs, e.g. segno's ``svg_data_uri``): no file or network access is needed at run time.
"""

from django.template.loader import render_to_string


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render `template_name` with `context` and return the PDF bytes."""
    from weasyprint import HTML  # imported late: loading Pango/fontconfig is slow and only PDFs need it

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=None).write_pdf()


def pdf_response(filename: str, content: bytes, *, inline: bool = True):
    """An HTTP response with the PDF; `filename` without extension may be Chinese."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(content, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}.pdf"
    return response
