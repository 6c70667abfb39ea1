import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, login, nav_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_member_logs_in_through_the_login_page(cast, page):
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert_accessible(page)
    login(page, "staff.a@example.org")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert_accessible(page)


def test_wrong_password_is_refused_with_a_message(cast, page):
    login(page, "staff.a@example.org", password="not-the-password")
    assert "/accounts/login/" in page.url
    expect(page.get_by_text("not correct")).to_be_visible()


def test_hr_sees_the_staff_pages_in_the_menu(cast, page):
    login(page, "hr@example.org")
    nav_link(page, "Staff").click()
    expect(page.get_by_role("heading", name="Staff records")).to_be_visible()
    assert_accessible(page)
