"""Comment moderation, one feature for survey comments and exit questionnaire comments alike.

Free text is held back until HR reads it; approved, it is shown as written or with names
redacted; rejected, nothing of it is shown.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not shown"


class ModerationForm(forms.Form):
    shown_text_max_length: int | None = None  # the longest text the comment itself may be

    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Do not show")])
    shown_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Text to show (edit to redact names)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.shown_text_max_length:
            field = self.fields["shown_text"]
            field.max_length = self.shown_text_max_length
            field.validators.append(MaxLengthValidator(self.shown_text_max_length))
            field.widget.attrs["maxlength"] = str(self.shown_text_max_length)

    @property
    def approved(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


def moderation_outcome(*, text: str, approve: bool, shown_text: str = "") -> tuple[str, str]:
    """(status, text to show) for a decision: the edited text, else the original, when approved;
    nothing when not."""
    if not approve:
        return CommentStatus.REJECTED, ""
    return CommentStatus.APPROVED, shown_text.strip() or text
