"""The charters panel on the home page: new versions to read, and HR's shortcuts."""

from django.urls import reverse

from charters import selectors
from people.access import Perm, has_perm


def charters_panel(request):
    user = request.user
    if not has_perm(user, Perm.VIEW_CHARTERS):
        return None
    links = [("Read the charters", reverse("charters:index"))]
    if has_perm(user, Perm.VIEW_PLEDGE_STATUS):
        links.append(("Pledge status", reverse("charters:status")))
    if has_perm(user, Perm.MANAGE_CHARTERS):
        links.append(("Manage charters", reverse("charters:manage")))
        links.append(("Acknowledgement rates", reverse("charters:acknowledgements")))
    return {
        "title": "Charters",
        "template": "charters/_panel.html",
        "notices": selectors.notices_for(user=user),
        "links": links,
    }
