from django import forms
from django.utils import timezone

from common.moderation import ModerationForm
from people.models import School, Trust
from surveys.models import Question, ReportingCluster, Round


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(forms.ModelForm):
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only used when the round is not for the whole trust.",
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "whole_trust",
            "schools",
            "opens_at",
            "closes_at",
            "min_group_size",
            "comment_min_group_size",
            "reminder_every_days",
        ]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput()}
        labels = {
            "whole_trust": "Whole trust",
            "reminder_every_days": "Send reminders at most every (days)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            trust = Trust.current()
            self.initial.setdefault("min_group_size", trust.min_group_size)
            self.initial.setdefault("comment_min_group_size", trust.comment_min_group_size)
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        if self.instance.pk and self.instance.status not in (
            Round.Status.DRAFT,
            Round.Status.SCHEDULED,
        ):
            # The model refuses the change too (Round.clean); here the fields say so up front.
            for name in Round.LOCKED_WHEN_OPEN:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Locked: the round has opened."

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The round must close after it opens.")
        if closes and closes <= timezone.now() and not self.instance.imported:
            self.add_error("closes_at", "Choose a closing time in the future.")
        if not data.get("whole_trust") and not data.get("schools"):
            self.add_error("schools", "Choose at least one school, or tick Whole trust.")
        return data


class CopyRoundForm(forms.Form):
    title = forms.CharField(max_length=200)
    opens_at = forms.DateTimeField(widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])
    closes_at = forms.DateTimeField(widget=DateTimeInput(), input_formats=["%Y-%m-%dT%H:%M"])

    def clean(self):
        data = super().clean()
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", "The round must close after it opens.")
        return data


KIND_CHOICES = [(k, label) for k, label in Question.Kind.choices if k != Question.Kind.ITEM]


class QuestionForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    kind = forms.ChoiceField(choices=KIND_CHOICES, label="Kind of answer")
    options = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For single or multiple choice: one option a line.",
    )
    section = forms.CharField(
        max_length=200, required=False, help_text="Questions of a section share a page."
    )
    required = forms.BooleanField(required=False, label="An answer is required")

    def clean(self):
        data = super().clean()
        if data.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            lines = [
                line.strip() for line in (data.get("options") or "").splitlines() if line.strip()
            ]
            if len(lines) < 2:
                self.add_error("options", "Give at least two options, one a line.")
            data["option_list"] = lines
        return data


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(label="Instrument definition file (JSON)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 1_000_000:
            raise forms.ValidationError("The file is larger than 1 MB.")
        return upload


class ClusterForm(forms.ModelForm):
    schools = forms.ModelMultipleChoiceField(
        queryset=School.objects.all(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ReportingCluster
        fields = ["name", "schools"]


class ModerateForm(ModerationForm):
    """Review of a survey comment (common/moderation.py)."""
