"""The home page panel for surveys: surveys to take, and links for those who run or read them."""

from django.urls import reverse

from people.access import Perm, has_perm
from surveys.selectors import rounds_to_take


def surveys_panel(request):
    user = request.user
    links = []
    text = ""
    to_take = []
    if has_perm(user, Perm.TAKE_SURVEYS):
        to_take = [
            {
                "title": survey_round.title,
                "closes_at": survey_round.closes_at,
                "url": reverse("surveys:take_start", kwargs={"slug": survey_round.slug}),
            }
            for survey_round in rounds_to_take(user)
        ]
        if not to_take:
            text = "There is no staff survey waiting for you."
        links.append(("Your surveys", reverse("surveys:mine")))
        links.append(("How your survey answers are protected", reverse("surveys:protection")))
    if has_perm(user, Perm.MANAGE_SURVEYS):
        links.append(("Manage survey rounds", reverse("surveys:round_list")))
    elif has_perm(user, Perm.VIEW_SURVEY_RESULTS):
        links.append(("Survey results", reverse("surveys:round_list")))
    if not links and not text:
        return None
    return {
        "title": "Staff surveys",
        "template": "surveys/_panel.html",
        "links": links,
        "text": text,
        "to_take": to_take,
        "first": bool(to_take),
    }
