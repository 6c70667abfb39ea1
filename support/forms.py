from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from common.moderation import ModerationForm
from people.models import Role, RoleAssignment, School, StaffMember, User
from support.models import (
    ExitReason,
    FlexibleWorkingPolicy,
    FlexibleWorkingRequest,
    HelpLine,
    KeptBy,
    LeaveRequest,
    NewLeader,
    TrainingProgramme,
)

DATE = forms.DateInput(attrs={"type": "date"})


def validate_term_key(value: str) -> str:
    from school_calendar.terms import parse_term_key

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


class ExitCommentReviewForm(ModerationForm):
    """Review of an exit questionnaire comment (common/moderation.py)."""

    shown_text_max_length = 4000


# --- Training ---------------------------------------------------------------------------------


class TrainingProgrammeForm(forms.ModelForm):
    class Meta:
        model = TrainingProgramme
        fields = [
            "name",
            "audience",
            "school",
            "starts_on",
            "due_within_weeks",
            "valid_for_months",
            "target_pct",
        ]
        widgets = {"starts_on": DATE}


class CompletionForm(forms.Form):
    """One completion, recorded by HR."""

    staff_id = forms.CharField(label="Staff id", max_length=50)
    programme = forms.ModelChoiceField(queryset=TrainingProgramme.objects.all())
    completed_on = forms.DateField(label="Date completed", widget=DATE)

    def clean_staff_id(self):
        value = self.cleaned_data["staff_id"].strip()
        staff = StaffMember.objects.select_related("user").filter(staff_id=value).first()
        if staff is None:
            raise ValidationError("No member of staff has this staff id.")
        return staff

    def clean_completed_on(self):
        value = self.cleaned_data["completed_on"]
        if value > timezone.localdate():
            raise ValidationError("A completion cannot be in the future.")
        return value


class CompletionImportForm(forms.Form):
    file = forms.FileField(
        label="Completions file (CSV or XLSX)",
        help_text="Columns: staff_id, programme, completed_on (YYYY-MM-DD or DD/MM/YYYY).",
    )


# --- Leader wellbeing -------------------------------------------------------------------------


class _HeadChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.get_full_name() or obj.user.email}, {obj.school}"


def _head_field(heads) -> _HeadChoice:
    return _HeadChoice(
        label="Head and school", queryset=heads.select_related("user", "school"), empty_label=None
    )


class LeaderCheckInForm(forms.Form):
    """That a head met their partner. Only the date and the partner: never what was said."""

    head_role = forms.ModelChoiceField(queryset=RoleAssignment.objects.none())
    partner = forms.CharField(
        label="Partner's name", max_length=120, help_text="The head or coach met with."
    )
    met_on = forms.DateField(label="Date met", widget=DATE)

    def __init__(self, *args, heads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head_role"] = _head_field(heads)
        self.order_fields(["head_role", "partner", "met_on"])

    def clean_met_on(self):
        value = self.cleaned_data["met_on"]
        if value > timezone.localdate():
            raise ValidationError("Record a meeting once it has taken place.")
        return value


class NewLeaderForm(forms.ModelForm):
    head_role = forms.ModelChoiceField(queryset=RoleAssignment.objects.none())

    class Meta:
        model = NewLeader
        fields = ["started_on", "buddy", "buddy_named_on"]
        widgets = {"started_on": DATE, "buddy_named_on": DATE}
        help_texts = {"buddy": "Leave empty until a buddy is named."}

    def __init__(self, *args, heads, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head_role"] = _head_field(heads)
        if self.instance.pk:
            self.fields["head_role"].initial = heads.filter(
                user=self.instance.leader, school=self.instance.school
            ).first()
        self.order_fields(["head_role", "started_on", "buddy", "buddy_named_on"])

    def clean(self):
        data = super().clean()
        role = data.get("head_role")
        if role is not None:
            self.instance.leader, self.instance.school = role.user, role.school
        return data


# --- Leave of absence -------------------------------------------------------------------------


class LeaveRequestForm(FlexibleRequestForm):
    class Meta:
        model = LeaveRequest
        fields = [
            "school",
            "role_group",
            "reason",
            "first_day",
            "last_day",
            "received_on",
            "decision",
            "decided_on",
            "decline_reason",
        ]
        widgets = {
            "first_day": DATE,
            "last_day": DATE,
            "received_on": DATE,
            "decided_on": DATE,
            "decline_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"decline_reason": "Only when declined: the reason given. No names."}
