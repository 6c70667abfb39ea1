from django import forms
from django.core.exceptions import ValidationError

from people.models import Role, RoleAssignment, School, User
from support.models import (
    ExitReason,
    FlexibleWorkingPolicy,
    FlexibleWorkingRequest,
    HelpLine,
    KeptBy,
)

DATE = forms.DateInput(attrs={"type": "date"})


def validate_term_key(value: str) -> str:
    from workload.calendar import parse_term_key

    try:
        parse_term_key(value)
    except (ValueError, TypeError) as error:
        raise ValidationError(f"{value!r} is not a term: write it like 2026-27-autumn.") from error
    return value


class HelpLineForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = HelpLine
        fields = ["name", "offers", "phone", "website", "hours", "position"]
        widgets = {"offers": forms.Textarea(attrs={"rows": 3})}


class FlexibleWorkingPolicyForm(forms.ModelForm):
    class Meta:
        model = FlexibleWorkingPolicy
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}


class TrainingForm(forms.ModelForm):
    """Training dates and contact details of a first aider or champion."""

    class Meta:
        model = RoleAssignment
        fields = ["trained_on", "training_lapses_on", "contact_details"]
        labels = {"trained_on": "Date trained", "training_lapses_on": "Date the training lapses"}
        widgets = {"trained_on": DATE, "training_lapses_on": DATE}

    def clean(self):
        data = super().clean()
        trained, lapses = data.get("trained_on"), data.get("training_lapses_on")
        if trained and lapses and lapses <= trained:
            self.add_error(
                "training_lapses_on", "The training must lapse after the date it was taken."
            )
        return data


class SupportRoleForm(TrainingForm):
    """Appoint a member of staff as a first aider or champion of a school."""

    email = forms.EmailField(label="Their sign-in email")
    role = forms.ChoiceField(
        choices=[(Role.FIRST_AIDER, Role.FIRST_AIDER.label), (Role.CHAMPION, Role.CHAMPION.label)]
    )
    school = forms.ModelChoiceField(queryset=School.objects.all())

    class Meta(TrainingForm.Meta):
        fields = ["trained_on", "training_lapses_on", "contact_details"]

    field_order = ["email", "role", "school", "trained_on", "training_lapses_on", "contact_details"]

    def clean(self):
        data = super().clean()
        email = (data.get("email") or "").strip().lower()
        user = User.objects.filter(email=email, is_active=True).first() if email else None
        if email and user is None:
            self.add_error("email", "No active account has this email address.")
        elif (
            user
            and RoleAssignment.objects.filter(
                user=user, role=data.get("role"), school=data.get("school")
            ).exists()
        ):
            self.add_error("role", "This person already holds this role at this school.")
        self.instance.user = user
        self.instance.role = data.get("role")
        self.instance.school = data.get("school")
        return data

    def _post_clean(self):
        # clean() checks uniqueness; without a user the form is invalid anyway.
        if getattr(self.instance, "user_id", None):
            super()._post_clean()


class CaseworkForm(forms.Form):
    """Counts for a school and term; recording the same school and term again corrects them."""

    school = forms.ModelChoiceField(
        queryset=School.objects.all(), required=False, empty_label="Central team (no school)"
    )
    term_key = forms.CharField(
        label="Term", validators=[validate_term_key], help_text="e.g. 2026-27-autumn"
    )
    grievances = forms.IntegerField(label="Formal grievances", min_value=0, initial=0)
    complaints = forms.IntegerField(min_value=0, initial=0)
    disciplinaries = forms.IntegerField(label="Disciplinary cases", min_value=0, initial=0)
    disputes = forms.IntegerField(label="Industrial disputes", min_value=0, initial=0)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text="Context only. Never write names or details that identify anyone.",
    )


class FlexibleRequestForm(forms.ModelForm):
    class Meta:
        model = FlexibleWorkingRequest
        fields = [
            "school",
            "role_group",
            "kind",
            "received_on",
            "decision",
            "decided_on",
            "decline_reason",
        ]
        widgets = {
            "received_on": DATE,
            "decided_on": DATE,
            "decline_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"decline_reason": "Only when declined: the business reason given. No names."}

    def __init__(self, *args, schools, central_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["school"]
        field.queryset = schools
        field.required = not central_allowed
        field.empty_label = "Central team (no school)" if central_allowed else None


class ExitQuestionnaireForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label="Why are you leaving? Tick all that apply.",
        choices=ExitReason.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    kept_by = forms.MultipleChoiceField(
        label="What, if anything, would have kept you? Tick all that apply.",
        choices=KeptBy.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    comment = forms.CharField(
        label="Anything else you would like to tell us (optional)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=4000,
        help_text="Please do not name anyone. Comments are only read together with many others.",
    )


class TermForm(forms.Form):
    term = forms.CharField(
        label="Term", validators=[validate_term_key], help_text="e.g. 2026-27-autumn"
    )


class ExitCommentReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Do not show")])
    shown_text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
        label="Text to show (edit to redact names)",
    )
