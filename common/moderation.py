"""Comment moderation, one feature for survey comments and exit questionnaire comments alike.

Free text is held back until HR reads it; approved, it is shown as written or with names
redacted; rejected, nothing of it is shown.
"""

import re

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not shown"


class ModerationForm(forms.Form):
    shown_text_max_length: int | None = None  # the longest text the comment itself may be

    decision = forms.ChoiceField(
        choices=[
            ("approve", "Approve"),
            ("redact", "Approve with the flagged names removed"),
            ("reject", "Do not show"),
        ]
    )
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
        return self.cleaned_data["decision"] in ("approve", "redact")

    @property
    def redact_names(self) -> bool:
        return self.cleaned_data["decision"] == "redact"


def moderation_outcome(*, text: str, approve: bool, shown_text: str = "") -> tuple[str, str]:
    """(status, text to show) for a decision: the edited text, else the original, when approved;
    nothing when not."""
    if not approve:
        return CommentStatus.REJECTED, ""
    return CommentStatus.APPROVED, shown_text.strip() or text


# --- names that could identify someone ------------------------------------------------------

REDACTED = "[name]"
_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir)\.?\s+[A-Z][A-Za-z'’-]+")


def flagged_names(text: str, known_names=()) -> list[str]:
    """Names in a comment to look at before approving: a title and a surname ("Mr Smith",
    "Dr. O'Neill") and any of the known names (the trust's staff: full names and surnames),
    matched as whole words with their capital letter. In order of first appearance, once each."""
    found = {m.start(): m.group(0) for m in _TITLED_NAME.finditer(text)}
    for name in known_names:
        if len(name) < 3:
            continue
        for m in re.finditer(rf"(?<![\w])({re.escape(name)})(?![\w])", text):
            if not any(start <= m.start() < start + len(n) for start, n in found.items()):
                found[m.start()] = m.group(1)
    seen, out = set(), []
    for _, name in sorted(found.items()):
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def redact_names(text: str, names) -> str:
    """The text with each name replaced by "[name]", longest first (a full name goes whole)."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", REDACTED, text)
    return text


def known_names(full_names) -> list[str]:
    """From (first name, last name) pairs: every full name, then every surname, as written."""
    pairs = [(first.strip(), last.strip()) for first, last in full_names]
    full = {f"{first} {last}" for first, last in pairs if first and last}
    return sorted(full, key=len, reverse=True) + sorted({last for _, last in pairs if last})
