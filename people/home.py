"""The home page: a panel for each thing the signed-in person can use.

Each app adds a panel function here; a panel returns None when it has nothing for the person.
"""

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


def _charters_panel(request):
    from charters.home import charters_panel

    return charters_panel(request)


def _actions_panel(request):
    from actions.home import actions_panel

    return actions_panel(request)


def _support_panel(request):
    from support.home import support_panel

    return support_panel(request)


def _surveys_panel(request):
    from surveys.home import surveys_panel

    return surveys_panel(request)


def _workload_panel(request):
    from workload.home import workload_panel

    return workload_panel(request)


def _dashboards_panel(request):
    from dashboards.home import dashboards_panel

    return dashboards_panel(request)


PANELS = [
    _hr_panel,
    _charters_panel,
    _actions_panel,
    _support_panel,
    _surveys_panel,
    _workload_panel,
    _dashboards_panel,
]


def home_panels(request) -> list[dict]:
    builders = PANELS
    if staff_record(request.user) is None:
        # Governors and trustees come to read: their dashboards and reports go first.
        builders = [_dashboards_panel] + [b for b in PANELS if b is not _dashboards_panel]
    panels = [panel for panel in (build(request) for build in builders) if panel]
    # Something waiting for the person (an open survey) comes before everything else.
    return sorted(panels, key=lambda panel: not panel.get("first"))
