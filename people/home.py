"""The home page: a panel for each thing the signed-in person can use.

Each app adds a panel function here; a panel returns None when it has nothing for the person.
"""

from django.urls import reverse

from people.access import Perm, has_perm


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


PANELS = [_hr_panel]


def home_panels(request) -> list[dict]:
    return [panel for panel in (build(request) for build in PANELS) if panel]
