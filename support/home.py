"""The support panel of the home page."""

from django.urls import reverse

from people.access import Perm, has_perm


def support_panel(request):
    user = request.user
    links = [
        ("Get support", reverse("support:index")),
        ("Flexible working", reverse("support:flexible_policy")),
    ]
    if has_perm(user, Perm.VIEW_PEOPLE_INDICATORS):
        links += [
            ("People indicators", reverse("support:people")),
            ("First-aider coverage", reverse("support:coverage")),
        ]
    if has_perm(user, Perm.MANAGE_FLEXIBLE_REQUESTS):
        links.append(("Flexible working register", reverse("support:flexible_list")))
    if has_perm(user, Perm.MANAGE_CASEWORK):
        links.append(("Casework counts", reverse("support:casework")))
    return {
        "title": "Support",
        "text": "Help lines, your school's mental health first aiders and wellbeing champions.",
        "template": "people/_panel_hr.html",
        "links": links,
    }
