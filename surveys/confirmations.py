"""What the confirmation page says before HR opens, closes, reopens or releases a round."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from surveys import responding
from surveys.models import Round


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "l j F Y \\a\\t H:i")


def _audience(survey_round: Round) -> str:
    count = responding.audience_staff(survey_round).count()
    where = (
        "across the whole trust"
        if survey_round.whole_trust
        else "at " + ", ".join(school.name for school in survey_round.schools.all())
    )
    return f"{count} member{'s' if count != 1 else ''} of staff {where}"


def round_confirmation(survey_round: Round, action: str) -> dict:
    title = survey_round.title
    back = reverse("surveys:round_detail", kwargs={"slug": survey_round.slug})
    if action == "publish":
        return {
            "title": f"Open “{title}” to staff?",
            "what": f"{_audience(survey_round)} will be able to answer it from "
            f"{_when(survey_round.opens_at)} until {_when(survey_round.closes_at)}.",
            "consequences": [
                "Each of them is emailed an invitation at the opening time, outside email quiet"
                " hours.",
                "The questions and the minimum group sizes can no longer be changed.",
            ],
            "undo": "Only in part: you can close the round early, but invitations already sent"
            " cannot be taken back.",
            "button": "Open the round",
            "cancel_url": back,
            "danger": False,
        }
    if action == "close":
        invited = survey_round.invitations.count()
        answered = survey_round.invitations.filter(responded=True).count()
        return {
            "title": f"Close “{title}” now?",
            "what": f"It is planned to close on {_when(survey_round.closes_at)}. Closing now"
            f" stops everyone invited from answering: {answered} of {invited} invited staff"
            " have answered so far.",
            "consequences": [
                "Nobody can answer any more, and no more reminders are sent.",
                "Results are released at the planned closing time, or earlier if you release them.",
            ],
            "undo": "Yes: you can reopen the round until its results are released.",
            "button": "Close the round now",
            "cancel_url": back,
        }
    if action == "reopen":
        planned = survey_round.closed_early_from or survey_round.closes_at
        return {
            "title": f"Reopen “{title}”?",
            "what": f"Staff who have not answered can answer again until {_when(planned)}.",
            "consequences": ["Reminders resume as set for the round."],
            "undo": "Yes: you can close it early again.",
            "button": "Reopen the round",
            "cancel_url": back,
            "danger": False,
        }
    return {
        "title": f"Release the results of “{title}” now?",
        "what": "Everyone who reads survey results sees this release for the schools they look"
        " after: heads, wellbeing champions, governors, trustees and HR.",
        "consequences": [
            f"Groups with fewer than {survey_round.min_group_size} respondents stay hidden.",
            "A round closed early can no longer be reopened once its results are released.",
        ],
        "undo": "No: a release cannot be withdrawn. Later releases can only add respondents.",
        "button": "Release the results",
        "cancel_url": back,
    }
