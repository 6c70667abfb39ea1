"""End to end in Chromium: HR edits and publishes; a member of staff reads what changed and
acknowledges it. axe-core checks every page on the way."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from charters.models import Acknowledgement, CharterVersion
from tests.browser import assert_accessible, login, nav_link
from tests.charters.helpers import published_charter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_publishes_a_new_version_and_staff_acknowledge_it(cast, page, browser, live_server):
    charter = published_charter(
        cast.hr,
        pledges=[
            (
                "Giving staff a voice",
                [
                    {
                        "commitment": "We will hold two surveys a year.",
                        "detail": "Results shared *within four weeks*.",
                    }
                ],
            ),
            ("Workload", [{"commitment": "Meetings end on time."}]),
        ],
    )

    # HR: start a draft, change a pledge, add one, publish.
    login(page, "hr@example.org")
    page.goto("/charters/manage/")
    assert_accessible(page)
    page.get_by_role("link", name="Start a new draft of Trust wellbeing charter").click()
    page.get_by_role("button", name="Start a new draft").click()
    assert_accessible(page)
    page.get_by_role("link", name="Edit pledge 1.1 “We will hold two surveys a year.”").click()
    assert_accessible(page)
    page.get_by_label("Commitment").fill("We will hold three surveys a year.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Add a pledge to Workload").click()
    page.get_by_label("Commitment").fill("Data is collected at most three times a year.")
    page.get_by_label("Detail").fill("See the [data calendar](https://example.org/data).")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Review and publish").click()
    expect(page.get_by_text("1 pledge added, 0 removed, 1 changed.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Change summary").fill("A third survey each year, and a limit on data drops.")
    page.get_by_role("button", name="Publish version").click()
    expect(page.get_by_text("Version 2 published")).to_be_visible()
    assert_accessible(page)

    # Staff: the home page says what is new; the comparison shows it; they acknowledge.
    context = browser.new_context(base_url=live_server.url)
    staff = context.new_page()
    login(staff, "staff.a@example.org")
    staff.get_by_role("link", name="read Trust wellbeing charter").first.click()
    assert staff.get_by_role("heading", level=1).inner_text() == "Trust wellbeing charter"
    assert_accessible(staff)
    staff.get_by_role("link", name="All versions and changes").click()
    assert_accessible(staff)
    staff.get_by_role("link", name="Changes from version 1 to version 2").click()
    assert staff.locator(".charter-diff del").first.inner_text().endswith("two")
    assert staff.locator(".charter-diff ins").first.inner_text().endswith("three")
    expect(staff.get_by_text("A third survey each year")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name="Trust wellbeing charter").first.click()
    staff.get_by_role("button", name="I have read version 2").click()
    expect(staff.get_by_text("You acknowledged version 2")).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name="Print view").click()
    assert_accessible(staff)
    context.close()
    assert Acknowledgement.objects.filter(version__number=2, user=cast.staff_a).exists()
    assert charter.versions.count() == 2


def test_governor_sees_pledge_status_for_their_school(cast, page):
    published_charter(
        cast.hr,
        pledges=[("Voice", [{"commitment": "We will listen.", "measure_key": "not_built_yet"}])],
    )
    login(page, "governor.a@example.org")
    nav_link(page, "Pledge status").click()
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Pledge status: Alder Primary School"
    )
    expect(page.get_by_role("cell", name="Not measured yet", exact=True)).to_be_visible()
    assert_accessible(page)


SAMPLE = Path(__file__).resolve().parents[2] / "charters" / "samples" / "wellbeing-charter.md"


def test_hr_imports_a_charter_document_and_checks_the_preview_first(cast, page):
    login(page, "hr@example.org")
    page.goto("/charters/manage/")
    page.get_by_role("link", name="Import a charter from a document").click()
    assert_accessible(page)
    page.get_by_label("Charter document").set_input_files(str(SAMPLE))
    page.get_by_label("Kind").select_option("wellbeing")
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", name="What the portal found")).to_be_visible()
    expect(page.get_by_role("rowheader", name="3.2", exact=True)).to_be_visible()
    assert_accessible(page)
    assert not CharterVersion.objects.exists()
    page.get_by_role("button", name="Create the draft").click()
    expect(page.get_by_text("6 sections, 32 pledges")).to_be_visible()
    expect(page.get_by_role("heading", name="6.6 We will tell staff within a term")).to_be_visible()
    assert_accessible(page)
    assert CharterVersion.objects.get().status == "draft"
