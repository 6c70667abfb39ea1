"""Each demo login signs in through the real login page and sees the menu its role allows."""

from urllib.parse import urlparse

import pytest

from people import demo
from people.models import User
from people.navigation import nav_groups_for
from tests.browser import assert_accessible, login, nav_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _menu(page) -> list[str]:
    links = page.get_by_role("navigation", name="Main").locator("#main-nav ul.me-auto a")
    return [text.strip() for text in links.all_inner_texts()]


def test_every_demo_role_logs_in_and_sees_only_its_menu(page):
    world = demo.seed()
    seen_menus = {}
    for label, email in world.logins:
        page.context.clear_cookies()
        login(page, email, password=demo.DEMO_PASSWORD)

        assert urlparse(page.url).path == "/", (label, page.url)
        assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome"), label
        groups = nav_groups_for(User.objects.get(email=email))
        expected = [item["label"] for group in groups for item in group["items"]]
        assert _menu(page) == expected, label
        role = label.split(" (")[0]
        if role not in {seen.split(" (")[0] for seen in seen_menus}:
            assert_accessible(page)  # once per role: the second head's home is built the same way
        seen_menus[label] = expected

    hr_menu = next(menu for label, menu in seen_menus.items() if label.startswith("HR"))
    staff_menu = next(menu for label, menu in seen_menus.items() if label.startswith("Staff"))
    assert "Staff" in hr_menu and "Staff" not in staff_menu
    assert len(set(map(tuple, seen_menus.values()))) >= 4  # roles really differ


def test_hr_uses_the_staff_pages_and_a_bad_file_is_reported_accessibly(cast, page, tmp_path):
    login(page, "hr@example.org")
    nav_link(page, "Staff").click()
    assert_accessible(page)
    page.get_by_role("link", name="Import staff CSV").click()
    assert_accessible(page)
    bad = tmp_path / "staff.csv"
    bad.write_text(
        "staff_id,email,first_name,last_name,role_group,fte,start_date\n"
        "T1,t1@example.org,Tia,One,teaching,2,2020-09-01\n",
        encoding="utf-8",
    )

    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Upload").click()

    problems = page.locator("#import-problems")
    assert "line 2, column fte" in problems.inner_text()
    assert_accessible(page)


def test_the_mfa_set_up_page_is_accessible(cast, page, settings):
    settings.REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True
    login(page, "trustee@example.org")

    assert "/accounts/2fa/totp/activate/" in page.url
    assert_accessible(page)
