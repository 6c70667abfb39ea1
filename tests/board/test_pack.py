"""The committee pack: cover, summary with tiles and charts, one page per school, appendix;
a tagged PDF/UA file of at most 30 pages for the demo trust, and charts with text equivalents."""

import logging
import re
import subprocess
import zlib

import pytest
from django.core.management import call_command

from dashboards.models import TermlyReport
from people.models import School, User
from tests.dashboards.packs import committee_pack

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _inflated(raw: bytes) -> bytes:
    """Every compressed stream of the PDF, inflated (the catalog sits in an object stream)."""
    out = [raw]
    for found in re.finditer(rb"stream\r?\n", raw):
        try:
            out.append(zlib.decompressobj().decompress(raw[found.end() :]))
        except zlib.error:
            continue
    return b"".join(out)


def test_the_demo_trusts_pack_is_tagged_short_and_in_reading_order(tmp_path, caplog, client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    report = TermlyReport.objects.filter(term_key="2025-26-summer").latest("version")
    path = tmp_path / "pack.pdf"
    client.force_login(User.objects.get(email="trustee@example.org"))
    with caplog.at_level(logging.ERROR, logger="weasyprint"):
        path.write_bytes(committee_pack(client, report))
    assert not [r for r in caplog.records if "alt" in r.getMessage()]  # every image has alt text

    info = _run("pdfinfo", str(path))
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M)[1])
    assert 1 + 2 + 1 + School.objects.count() < pages <= 30
    assert "Title:           People committee pack: Summer term 2026" in info

    struct = _run("pdfinfo", "-struct", str(path))
    assert struct.count("Figure:") == 3  # the three charts, and no untagged decoration
    assert 'pdfuaid:part="1"' in _run("pdfinfo", "-meta", str(path))  # PDF/UA-1
    assert b"/Lang (en-GB)" in _inflated(path.read_bytes())

    text = _run("pdftotext", str(path), "-")
    order = [
        "People committee pack",
        "Summary: ",
        "Data for the chart: Sickness absence rate by school",
        "Data for the chart: Sickness absence rate over recent terms",
        "The schools compared",
        *[name for name in School.objects.order_by("urn").values_list("name", flat=True)],
        "Appendix: the report's tables",
        "National references",
    ]
    at = 0
    for part in order:  # each part comes after the one before it, in reading order
        found = text.find(part, at)
        assert found >= 0, f"{part!r} not found after position {at}"
        at = found + len(part)
    schools = text[text.find("The schools compared") : text.find("Appendix: the report's tables")]
    for name in School.objects.values_list("name", flat=True):
        assert f"{name}\nURN " in schools  # each school's own page, headed by its name
    assert "2025-26-summer" not in text and "Summer term 2026" in text
    assert "School Workforce Census, England" in text and "2024/25" in text
    assert "ONS personal wellbeing, UK" in text
