"""The private calendar address on a phone: shown whole, copied with one button, opened in the
calendar app through webcal://, with steps for Outlook, Google and Apple; replaced in one click."""

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_copies_their_calendar_address(cast, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        login(page, "staff.a@example.org")
        page.goto("/workload/meetings/")
        page.get_by_role("button", name="Create my calendar address").click()
        address = page.get_by_label("Your private calendar address").input_value()
        assert address.startswith(live_server.url) and address.endswith(".ics")
        box = page.get_by_label("Your private calendar address")
        assert box.evaluate("e => e.scrollWidth <= e.clientWidth")  # shown whole, not cut off
        webcal = page.get_by_role("link", name="Open in my calendar app").get_attribute("href")
        assert webcal == "webcal://" + address.split("://", 1)[1]
        for heading in ("Outlook", "Google Calendar", "Apple Calendar (iPhone, iPad, Mac)"):
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_accessible(page)

        page.get_by_role("button", name="Copy the address").click()
        page.get_by_text("Copied. Paste it into your calendar app.").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == address

        # Lost it? One click on My meetings makes a new one; the old one stops working.
        page.goto("/workload/meetings/")
        page.get_by_role("button", name="Get a new address").click()
        # The click returns once the next page starts loading: wait for its text to be shown.
        page.get_by_text("The old address no longer works").wait_for()
        assert page.get_by_label("Your private calendar address").input_value() != address
        assert page.request.get(address).status == 404
    finally:
        context.close()
