"""Survey comments and exit questionnaire comments share one moderation rule and form."""

from common.moderation import CommentStatus, ModerationForm, moderation_outcome
from support.forms import ExitCommentReviewForm
from support.models import ExitAnswer
from surveys.forms import ModerateForm
from surveys.models import Comment


def test_approving_shows_the_redacted_text_or_else_the_original():
    assert moderation_outcome(
        text="Ms Ray was kind", approve=True, shown_text=" [name] was kind "
    ) == (
        CommentStatus.APPROVED,
        "[name] was kind",
    )
    assert moderation_outcome(text="Ms Ray was kind", approve=True, shown_text="  ") == (
        CommentStatus.APPROVED,
        "Ms Ray was kind",
    )


def test_rejecting_shows_nothing_whatever_was_typed():
    assert moderation_outcome(text="Ms Ray was kind", approve=False, shown_text="typed") == (
        CommentStatus.REJECTED,
        "",
    )


def test_both_kinds_of_comment_use_the_one_status_and_form():
    assert Comment.Status is CommentStatus
    assert ExitAnswer._meta.get_field("comment_status").choices == CommentStatus.choices
    assert issubclass(ModerateForm, ModerationForm)
    assert issubclass(ExitCommentReviewForm, ModerationForm)


def test_an_exit_comment_review_is_no_longer_than_an_exit_comment():
    form = ExitCommentReviewForm({"decision": "approve", "shown_text": "x" * 4001})
    assert not form.is_valid() and "shown_text" in form.errors
    assert 'maxlength="4000"' in str(form["shown_text"])
    survey_form = ModerateForm({"decision": "reject", "shown_text": "x" * 5000})
    assert survey_form.is_valid() and not survey_form.approved
