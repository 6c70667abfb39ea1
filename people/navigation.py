"""The main navigation: each entry shows only to people whose role grants its permission."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from people.access import Perm, has_perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm
    # Items sharing a group appear under one drop-down menu when a person sees more than one.
    group: str = ""


# Apps add their entries here, in the order they should appear.
NAV_ITEMS: list[NavItem] = [
    NavItem("Staff", "people:staff_list", Perm.MANAGE_STAFF, group="People"),
    NavItem("Absence", "absence:figures", Perm.VIEW_ABSENCE_AGGREGATES, group="People"),
    NavItem("People indicators", "support:people", Perm.VIEW_PEOPLE_INDICATORS, group="People"),
    NavItem(
        "Flexible working register",
        "support:flexible_list",
        Perm.MANAGE_FLEXIBLE_REQUESTS,
        group="People",
    ),
    NavItem(
        "Leave of absence", "support:leave_list", Perm.MANAGE_FLEXIBLE_REQUESTS, group="People"
    ),
    NavItem("Training", "support:training", Perm.VIEW_PEOPLE_INDICATORS, group="People"),
    NavItem("Charters", "charters:index", Perm.VIEW_CHARTERS, group="Charters"),
    NavItem("Pledge status", "charters:status", Perm.VIEW_PLEDGE_STATUS, group="Charters"),
    NavItem("Surveys", "surveys:round_list", Perm.VIEW_SURVEY_RESULTS),
    NavItem("You said, we did", "actions:board", Perm.VIEW_ACTIONS, group="You said, we did"),
    NavItem("Manage actions", "actions:manage", Perm.MANAGE_ACTIONS, group="You said, we did"),
    NavItem("Workload", "workload:index", Perm.VIEW_WORKLOAD),
    NavItem("Dashboards", "dashboards:index", Perm.VIEW_DASHBOARD, group="Dashboards"),
    NavItem("Reports", "dashboards:reports", Perm.VIEW_REPORTS, group="Dashboards"),
    NavItem(
        "Workload, wellbeing and absence",
        "dashboards:evidence",
        Perm.VIEW_REPORTS,
        group="Dashboards",
    ),
    NavItem("Email hours", "email_hours:overview", Perm.VIEW_DASHBOARD, group="Dashboards"),
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
        items.append({"label": item.label, "url": url, "group": item.group})
    return items


def nav_groups_for(user) -> list[dict]:
    """The menu as shown: a plain link, or a drop-down for a group with more than one item."""
    groups: list[dict] = []
    by_name: dict[str, dict] = {}
    for item in nav_for(user):
        name = item["group"] or item["label"]
        if name not in by_name:
            by_name[name] = {"label": name, "items": []}
            groups.append(by_name[name])
        by_name[name]["items"].append(item)
    return groups
