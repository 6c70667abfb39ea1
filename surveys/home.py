"""The home page panel for surveys: surveys to take, and links for those who run or read them."""

from django.urls import reverse

from people.access import Perm, has_perm
from surveys.selectors import rounds_to_take


def surveys_panel(request):
    user = request.user
    links = []
    text = ""
    if has_perm(user, Perm.TAKE_SURVEYS):
        for survey_round in rounds_to_take(user):
            links.append(
                (
                    f"Take the survey: {survey_round.title} "
                    f"(closes {survey_round.closes_at:%-d %B})",
                    reverse("surveys:take_start", kwargs={"slug": survey_round.slug}),
                )
            )
        if not links:
            text = "There is no staff survey waiting for you."
        links.append(("How your survey answers are protected", reverse("surveys:protection")))
    if has_perm(user, Perm.MANAGE_SURVEYS):
        links.append(("Manage survey rounds", reverse("surveys:round_list")))
    elif has_perm(user, Perm.VIEW_SURVEY_RESULTS):
        links.append(("Survey results", reverse("surveys:round_list")))
    if not links and not text:
        return None
    return {
        "title": "Staff surveys",
        "template": "people/_panel_hr.html",
        "links": links,
        "text": text,
    }
