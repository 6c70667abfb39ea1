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
