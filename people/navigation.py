"""The main navigation: each entry shows only to people whose role grants its permission."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from people.access import Perm, has_perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm


# Apps add their entries here, in the order they should appear.
NAV_ITEMS: list[NavItem] = [
    NavItem("Staff", "people:staff_list", Perm.MANAGE_STAFF),
    NavItem("Charters", "charters:index", Perm.VIEW_CHARTERS),
    NavItem("Surveys", "surveys:round_list", Perm.VIEW_SURVEY_RESULTS),
    NavItem("Pledge status", "charters:status", Perm.VIEW_PLEDGE_STATUS),
    NavItem("You said, we did", "actions:board", Perm.VIEW_ACTIONS),
    NavItem("Manage actions", "actions:manage", Perm.MANAGE_ACTIONS),
    NavItem("People indicators", "support:people", Perm.VIEW_PEOPLE_INDICATORS),
    NavItem("Flexible working register", "support:flexible_list", Perm.MANAGE_FLEXIBLE_REQUESTS),
    NavItem("Workload", "workload:index", Perm.VIEW_WORKLOAD),
    NavItem("Dashboards", "dashboards:index", Perm.VIEW_DASHBOARD),
    NavItem("Reports", "dashboards:reports", Perm.VIEW_REPORTS),
    NavItem("Absence", "absence:figures", Perm.VIEW_ABSENCE_AGGREGATES),
]


def nav_for(user) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if not has_perm(user, item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url})
    return items
