"""The home page: a panel for each thing the signed-in person can use.

Each app registers its panel in its AppConfig.ready() (register_panel); a panel returns None when
it has nothing for the person.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from people.access import Perm, has_perm, staff_record


def _hr_panel(request):
    if not has_perm(request.user, Perm.MANAGE_STAFF):
        return None
    return {
        "title": "People data",
        "template": "people/_panel_hr.html",
        "links": [
            ("Staff records", reverse("people:staff_list")),
            ("Import staff", reverse("people:staff_import")),
        ],
    }


@dataclass(frozen=True)
class Panel:
    build: Callable  # build(request) -> a panel dict, or None when it has nothing for the person
    order: int
    # Governors and trustees come to read: panels marked so go first for people with no staff
    # record.
    first_for_readers: bool = False


_PANELS: list[Panel] = [Panel(_hr_panel, order=10)]


def register_panel(build: Callable, *, order: int, first_for_readers: bool = False) -> None:
    """Called by each app's AppConfig.ready() to add its panel to the home page."""
    _PANELS.append(Panel(build, order, first_for_readers))
    _PANELS.sort(key=lambda panel: panel.order)


def home_panels(request) -> list[dict]:
    panels = _PANELS
    if staff_record(request.user) is None:
        panels = sorted(_PANELS, key=lambda panel: not panel.first_for_readers)
    return [found for found in (panel.build(request) for panel in panels) if found]
