"""The home page panel for you said, we did."""

from django.urls import reverse

from actions import selectors
from people.access import Perm, has_perm


def actions_panel(request):
    user = request.user
    if not has_perm(user, Perm.VIEW_ACTIONS):
        return None
    owned = selectors.owned_counts(user=user)
    links = [
        ("The board", reverse("actions:board")),
        ("Termly newsletters", reverse("actions:newsletter_list")),
    ]
    if owned["open"]:
        links.insert(1, ("Actions I own", reverse("actions:mine")))
    if has_perm(user, Perm.MANAGE_ACTIONS):
        links.append(("Manage actions and findings", reverse("actions:manage")))
    if owned["overdue"]:
        text = (
            f"{owned['overdue']} action{'s' if owned['overdue'] != 1 else ''} you own "
            f"{'is' if owned['overdue'] == 1 else 'are'} overdue: please update "
            f"{'it' if owned['overdue'] == 1 else 'them'}."
        )
    elif owned["open"]:
        text = f"You own {owned['open']} open action{'s' if owned['open'] != 1 else ''}."
    else:
        text = "What staff said in surveys, and what the school and the trust are doing about it."
    return {
        "title": "You said, we did",
        "template": "people/_panel_hr.html",
        "links": links,
        "text": text,
    }
