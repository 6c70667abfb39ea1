"""Browser fixtures: Playwright driving Debian's Chromium, with axe-core for accessibility."""

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page, email: str, password: str = "correct-horse-battery") -> None:
    """Sign in through the real login page."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    # The page the form leads to (the next page, or the login page again with its error), loaded;
    # not "networkidle", which adds half a second of silence to every sign-in.
    with page.expect_navigation():
        page.get_by_role("button", name="Sign In").click()


def nav_link(page, name: str):
    """A link of the main menu, opening its drop-down (and the phone menu) first if needed."""
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=name, exact=True, include_hidden=True)
    if not link.is_visible():
        toggler = nav.locator("button.navbar-toggler")
        if toggler.is_visible():
            toggler.click()
        dropdown = link.locator("xpath=ancestor::li[contains(@class, 'dropdown')]/button")
        if dropdown.count():
            dropdown.click()
    return link


def assert_accessible(page) -> None:
    """axe-core (WCAG 2.0-2.2 A and AA rules) finds no violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")  # styles and scripts in, so axe sees the page people see
    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
            },
            # Passes and inapplicable rules are not read; leaving them out halves axe's run time.
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']} ({len(v['nodes'])}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


__all__ = ["browser", "page", "phone_page", "login", "nav_link", "assert_accessible"]
