"""HR reviews leavers' free-text comments (approve, redact or hide) before any is shown."""

from datetime import date

from django.urls import reverse

from common.moderation import CommentStatus
from people.models import Trust
from support import services
from support.exits import exit_comments_for_review, exit_reasons
from support.models import ExitAnswer

DAY = date(2026, 10, 1)  # in the autumn term 2026-27


def _answers(cast, n, comment=""):
    return [
        ExitAnswer.objects.create(
            school=cast.school_a,
            role_group="teaching",
            answered_on=DAY,
            reasons=["workload"],
            comment=comment,
        )
        for _ in range(n)
    ]


def test_only_approved_comments_are_shown_with_their_redactions(cast, terms):
    threshold = Trust.current().comment_min_group_size
    _answers(cast, threshold - 3)
    pending, redacted, hidden = (
        _answers(cast, 1, "Mr Smith made my life hard.")[0],
        _answers(cast, 1, "Mrs Jones bullied the team.")[0],
        _answers(cast, 1, "Nobody listened.")[0],
    )
    assert exit_reasons(term_key="2026-27-autumn")["comments"] == []

    services.exit_comment_review(
        answer=redacted, approve=True, shown_text="[name] bullied the team."
    )
    services.exit_comment_review(answer=hidden, approve=False)
    assert exit_reasons(term_key="2026-27-autumn")["comments"] == ["[name] bullied the team."]
    pending.refresh_from_db()
    assert pending.comment_status == CommentStatus.PENDING
    hidden.refresh_from_db()
    assert hidden.shown_comment == "" and hidden.comment == "Nobody listened."


def test_approved_comments_stay_hidden_below_the_comment_threshold(cast, terms):
    [answer] = _answers(cast, 1, "Too much marking.")
    _answers(cast, Trust.current().min_group_size)
    answer.comment_status, answer.shown_comment = CommentStatus.APPROVED, answer.comment
    answer.save()
    result = exit_reasons(term_key="2026-27-autumn")
    assert not result["suppressed"] and result["comments"] == []
    review = exit_comments_for_review(term_key="2026-27-autumn")
    assert not review.reviewable and review.comments == []


def test_hr_reviews_through_the_page_and_others_cannot(cast, terms, client_for):
    threshold = Trust.current().comment_min_group_size
    _answers(cast, threshold - 1)
    [answer] = _answers(cast, 1, "Ms Green in the office was a star.")
    url = reverse("support:exit_comments") + "?term=2026-27-autumn"
    page = client_for(cast.hr).get(url).content.decode()
    assert "Ms Green in the office was a star." in page
    assert "Waiting for review" in page
    review = reverse("support:exit_comment_review", args=[answer.pk])
    form = {
        f"{answer.pk}-decision": "approve",
        f"{answer.pk}-shown_text": "[name] was a star.",
        "term": "2026-27-autumn",
    }
    assert client_for(cast.head_a).post(review, form).status_code == 403
    assert client_for(cast.trustee).post(review, form).status_code == 403
    response = client_for(cast.hr).post(review, form)
    assert response.status_code == 302 and response["Location"].endswith("term=2026-27-autumn")
    answer.refresh_from_db()
    assert answer.comment_status == CommentStatus.APPROVED
    assert answer.shown_comment == "[name] was a star."
    people = client_for(cast.hr).get(reverse("support:people") + "?term=2026-27-autumn")
    assert "[name] was a star." in people.content.decode()
    assert "Ms Green" not in people.content.decode()
    assert client_for(cast.hr).get(review).status_code == 405


def test_a_term_below_the_threshold_offers_nothing_to_review(cast, terms, client_for):
    _answers(cast, 2, "Short comment.")
    page = client_for(cast.hr).get(reverse("support:exit_comments") + "?term=2026-27-autumn")
    assert "Short comment." not in page.content.decode()
    assert "nothing to review" in page.content.decode()


def test_names_in_an_exit_comment_are_flagged_and_removed_in_one_click(cast, terms, client_for):
    cast.staff_a.first_name, cast.staff_a.last_name = "Priya", "Okafor"
    cast.staff_a.save()
    threshold = Trust.current().comment_min_group_size
    _answers(cast, threshold - 1)
    [answer] = _answers(cast, 1, "Priya Okafor and Dr Lee never listened.")
    url = reverse("support:exit_comments") + "?term=2026-27-autumn"
    page = client_for(cast.hr).get(url).content.decode()
    assert "Possible names:</strong> Priya Okafor, Dr Lee" in page
    assert '<span class="badge text-bg-warning">Waiting for review</span>' in page
    review = reverse("support:exit_comment_review", args=[answer.pk])
    client_for(cast.hr).post(
        review,
        {
            f"{answer.pk}-decision": "redact",
            f"{answer.pk}-shown_text": answer.comment,
            "term": "2026-27-autumn",
        },
    )
    answer.refresh_from_db()
    assert answer.comment_status == CommentStatus.APPROVED
    assert answer.shown_comment == "[name] and [name] never listened."
    page = client_for(cast.hr).get(url).content.decode()
    assert "✓ Approved</span>" in page and "Shown as:</strong> [name] and [name]" in page
