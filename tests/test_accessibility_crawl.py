"""axe-core on every page template a role may open, on the demo trust, signed in through the login
page.

The page list comes from tests/url_walk.py ROUTES. Its roles and kwargs are written for the `cast`
fixture, so the demo's people and schools stand in for the cast (DemoCast) and the walk helpers
build the few objects the demo lacks (a charter draft, a draft survey round...). Pages that the
demo fills with realistic data (survey results, reports, actions) use the demo's own objects.
All violations are collected and reported together.
"""

import time
from dataclasses import dataclass

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from people.demo import DEMO_PASSWORD
from tests.browser import assert_accessible, login
from tests.url_walk import ROUTES

# The roles crawled, as (cast name, demo login).
ROLES = [
    ("hr", "hr@example.org"),
    ("head_a", "head@example.org"),
    ("governor_a", "governor@example.org"),
    ("trustee", "trustee@example.org"),
    ("staff_a", "staff@example.org"),
]
# The crawl in two parts, so that the suite's two workers crawl at the same time (tests/conftest.py
# starts each worker on one of them): HR, who may open the most pages, and everyone else. Each part
# asserts it really visited and checked pages.
CRAWL_PARTS = {
    # Found on 2026-12-07: HR 103 pages visited, 103 through axe; the others 187 and 126.
    "hr": {"roles": ("hr",), "visited": 90, "checked": 80},
    "others": {
        "roles": ("head_a", "governor_a", "trustee", "staff_a"),
        "visited": 160,
        "checked": 100,
    },
}
# The demo logins standing in for the rest of the cast (the walk helpers use some of them).
OTHER_CAST = {
    "staff_b": "staff.hillcrest@example.org",
    "support_a": "champion@example.org",
    "head_b": "head.hillcrest@example.org",
    "champion_a": "champion@example.org",
    "first_aider_a": "firstaider@example.org",
    "governor_b": "governor.hillcrest@example.org",
}
SCHOOL_A, SCHOOL_B = "141201", "141203"  # Riverside Primary, Hillcrest Academy
# The cast's school URNs in route queries, as the demo's.
QUERY_URNS = {"100001": SCHOOL_A, "100002": SCHOOL_B}
# Downloads and JSON: no page for axe to check.
NOT_HTML = {
    "surveys:results_export",
    "surveys:release_statement_csv",
    "workload:quiet_hours_json",
    "dashboards:report_pdf",
    "dashboards:pack_progress",
    "dashboards:pack_download",
    "charters:pdf",
    "dashboards:report_csv",
    "dashboards:report_json",
    "dashboards:report_table_csv",
    "dashboards:build_status_json",
}

# Pages also checked 390 pixels wide: wide tables and charts, where narrow screens scroll.
PHONE_ROUTES = {
    "home",
    "people:staff_list",
    "charters:detail",
    "charters:compare",
    "charters:status",
    "surveys:take_page",
    "surveys:results",
    "surveys:rates",
    "actions:board",
    "support:coverage",
    "support:people",
    "support:flexible_list",
    "workload:directed_time",
    "workload:meetings",
    "absence:figures",
    "dashboards:trust",
    "dashboards:school",
    "dashboards:report",
}


@dataclass
class DemoCast:
    """The demo trust's people and schools under the cast's names."""

    trust: object
    school_a: object
    school_b: object
    users: dict

    def __getattr__(self, name):
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None

    def user(self, role_name: str):
        return self.users[role_name]


def _demo_seed() -> DemoCast:
    from people import demo
    from people.demo import demo_steps
    from people.models import User

    world = demo.seed()
    for step in demo_steps():
        step.seed(world)
    emails = dict(ROLES) | OTHER_CAST
    by_email = User.objects.in_bulk(list(emails.values()), field_name="email")
    return DemoCast(
        trust=world.trust,
        school_a=world.schools[SCHOOL_A],
        school_b=world.schools[SCHOOL_B],
        users={name: by_email[email] for name, email in emails.items()},
    )


def _demo_objects(demo: DemoCast) -> dict:
    """kwargs for pages the demo already fills with realistic data."""
    from actions.models import Action
    from dashboards.models import TermlyReport
    from school_calendar.models import Term
    from surveys.models import Round

    # Open now: the demo also schedules pulses that open in later half-terms.
    open_round = Round.objects.filter(
        published=True, opens_at__lte=_now(), closes_at__gt=_now()
    ).latest("opens_at")
    closed_round = Round.objects.filter(closes_at__lt=_now()).latest("closes_at")
    action = Action.objects.filter(school=demo.school_a).order_by("pk").first()
    report = TermlyReport.objects.latest("built_at")
    term = Term.objects.filter(school=None).order_by("first_day").last()
    return {
        "surveys:take_start": {"slug": open_round.slug},
        "surveys:take_page": {"slug": open_round.slug, "page": 1},
        "surveys:rates": {"slug": open_round.slug},
        "surveys:results": {"slug": closed_round.slug},
        "surveys:comments": {"slug": closed_round.slug},
        "surveys:release_statement": {"slug": closed_round.slug, "number": 1},
        "actions:detail": {"pk": action.pk},
        "actions:edit": {"pk": action.pk},
        "dashboards:report": {"pk": report.pk},
        "workload:term_edit": {"pk": term.pk},
    }


def _now():
    from django.utils import timezone

    return timezone.now()


def _pages(demo: DemoCast, roles) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Each of roles' pages (URL paths) in ROUTES order, and those also checked on a phone:
    one page per template for each role (the first route that renders it), not every object or
    query that shows the same template."""
    demo_kwargs = _demo_objects(demo)
    pages = {name: [] for name, _ in roles}
    phone_pages = {name: [] for name, _ in roles}
    templates = {name: set() for name, _ in roles}
    phone_templates = {name: set() for name, _ in roles}
    clients = {name: _client(demo.user(name)) for name, _ in roles}
    for route in ROUTES:
        allowed = [name for name, _ in roles if name in route.allowed]
        if not allowed or route.name in NOT_HTML:
            continue
        kwargs = demo_kwargs.get(route.name) or _walk_kwargs(route, demo)
        query = route.query
        for cast_urn, demo_urn in QUERY_URNS.items():
            query = query.replace(cast_urn, demo_urn)
        url = reverse(route.name, kwargs=kwargs) + (f"?{query}" if query else "")
        for name in allowed:
            template = _page_template(clients[name], url)
            if template not in templates[name]:
                templates[name].add(template)
                pages[name].append(url)
            if route.name in PHONE_ROUTES and template not in phone_templates[name]:
                phone_templates[name].add(template)
                phone_pages[name].append(url)
    return pages, phone_pages


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _page_template(client, url: str) -> str:
    """The template a page is rendered from (its URL when it renders none: the browser reports
    what it is)."""
    response = client.get(url)
    return response.templates[0].name if response.templates else url


def _walk_kwargs(route, demo: DemoCast) -> dict:
    try:
        with transaction.atomic():
            return route.kwargs(demo)
    except IntegrityError as clash:
        raise AssertionError(
            f"{route.name}: its url_walk kwargs clash with the demo data ({clash}); "
            "give it the demo's own object in _demo_objects()"
        ) from clash


# The page's own content and, separately, its frame (header, menu, footer), leaving out what
# changes on every request (CSRF tokens) and which menu item is current.
FINGERPRINT_JS = """() => {
    const frame = document.body.cloneNode(true);
    frame.querySelectorAll("input[name=csrfmiddlewaretoken]").forEach((el) => el.remove());
    frame.querySelectorAll("[aria-current]").forEach((el) => el.removeAttribute("aria-current"));
    const main = frame.querySelector("main");
    const content = main ? main.innerHTML : "";
    if (main) main.replaceChildren();
    return [content, frame.innerHTML];
}"""


class Crawl:
    """Visits pages; runs axe unless the same content and frame have passed through axe already.

    Many pages render the same for several roles; axe runs once on each distinct pair.
    """

    def __init__(self):
        self.problems: list[str] = []
        self.visited = self.checked = self.not_html = 0
        self._seen_content: set[tuple[int, str]] = set()
        self._seen_frames: set[tuple[int, str]] = set()

    def visit(self, page, role: str, url: str) -> None:
        response = page.goto(url)
        if response is None or response.status != 200:
            status = response.status if response else "no response"
            self.problems.append(f"[{role}] {url}: HTTP {status}")
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            self.not_html += 1
            return
        self.visited += 1
        width = page.viewport_size["width"]
        content, frame = page.evaluate(FINGERPRINT_JS)
        content_key, frame_key = (width, content), (width, frame)
        if content_key in self._seen_content and frame_key in self._seen_frames:
            return
        self.checked += 1
        try:
            assert_accessible(page)
        except AssertionError as problem:
            self.problems.append(f"[{role}, {width}px] {problem}")
            return
        self._seen_content.add(content_key)
        self._seen_frames.add(frame_key)


def _signed_in_page(browser, live_server, email: str, signed_in=None, **viewport):
    """A page signed in as the person: through the login page, or with the cookies of an earlier
    sign-in (signed_in, a storage state) for the same person's second viewport."""
    context = browser.new_context(base_url=live_server.url, storage_state=signed_in, **viewport)
    page = context.new_page()
    page.set_default_timeout(15000)
    if signed_in is None:
        login(page, email, password=DEMO_PASSWORD)
        assert "/accounts/login/" not in page.url, f"{email} could not sign in"
    return context, page


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True}


def test_the_crawl_parts_cover_every_role_once():
    crawled = [role for part in CRAWL_PARTS.values() for role in part["roles"]]
    assert sorted(crawled) == sorted(name for name, _ in ROLES)


@pytest.mark.browser
@pytest.mark.long
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("part", CRAWL_PARTS)
def test_every_page_each_role_may_open_passes_axe(browser, live_server, part):
    started = time.monotonic()
    roles = [(name, email) for name, email in ROLES if name in CRAWL_PARTS[part]["roles"]]
    demo = _demo_seed()
    pages, phone_pages = _pages(demo, roles)
    crawl = Crawl()
    for role, email in roles:
        signed_in = None
        for viewport, urls in ((DESKTOP, pages[role]), (PHONE, phone_pages[role])):
            context, page = _signed_in_page(browser, live_server, email, signed_in, **viewport)
            try:
                for url in urls:
                    crawl.visit(page, role, url)
                signed_in = context.storage_state()
            finally:
                context.close()
    elapsed = time.monotonic() - started
    print(
        f"\naxe crawl: {crawl.visited} pages for {len(roles)} roles ({crawl.checked} distinct, "
        f"checked with axe; {crawl.not_html} JSON skipped) in {elapsed:.0f} s"
    )
    assert crawl.visited >= CRAWL_PARTS[part]["visited"]
    assert crawl.checked >= CRAWL_PARTS[part]["checked"]  # distinct pages really went through axe
    assert not crawl.problems, f"{len(crawl.problems)} page(s) with problems:\n" + "\n".join(
        crawl.problems
    )
