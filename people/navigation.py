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


# The entries of every app, in menu order; each app registers its own in AppConfig.ready().
NAV_ITEMS: list[NavItem] = [
    NavItem("Staff", "people:staff_list", Perm.MANAGE_STAFF, group="People"),
]
_ORDER: dict[NavItem, int] = {NAV_ITEMS[0]: 10}


def register_nav_items(*items: NavItem, order: int) -> None:
    """Add an app's menu entries; `order` places them among the other apps' (lower first)."""
    for offset, item in enumerate(items):
        _ORDER[item] = order + offset / 100
        NAV_ITEMS.append(item)
    NAV_ITEMS.sort(key=_ORDER.__getitem__)


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
