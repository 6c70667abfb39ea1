"""A charter version as an A4 PDF (WeasyPrint), with the same stylesheet as the print view."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from people.models import Trust


def version_pdf(*, charter, version) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "charters/pdf.html",
        {"charter": charter, "version": version, "trust_name": Trust.current().name},
    )
    stylesheet = CSS(filename=finders.find("charters/print.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
