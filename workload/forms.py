from datetime import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from people.access import Perm, schools_for
from people.models import RoleGroup, School, StaffMember
from school_calendar.quiet_hours import UK
from workload.models import DirectedEvent, ImpactAssessment, WorkloadRules

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class MeetingForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none())
    title = forms.CharField(max_length=200)
    purpose = forms.CharField(
        max_length=300, help_text="Why the meeting is needed and what it should decide."
    )
    agenda = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="One item a line. A meeting without an agenda is refused.",
    )
    location = forms.CharField(max_length=200, required=False)
    day = forms.DateField(widget=DATE)
    start = forms.TimeField(widget=TIME)
    finish = forms.TimeField(widget=TIME)
    groups = forms.MultipleChoiceField(
        label="Invite groups",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    GROUPS = [
        ("teaching", "All teaching staff at the school"),
        ("support", "All support staff at the school"),
    ]
    DEPARTMENT = "department:"
    people = forms.ModelMultipleChoiceField(
        label="Invite people",
        queryset=StaffMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "people-picker"}),
        help_text="Tick each person to invite, as well as any groups above.",
    )
    override_reason = forms.CharField(
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Only for a rule that allows an exception (length, notice, invitees who already "
            "have a meeting then): why it is needed. It is recorded."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        schools = schools_for(user, Perm.SCHEDULE_MEETINGS)
        self.fields["school"].queryset = schools
        only = list(schools[:2])
        if len(only) == 1:  # a head of one school: their school, with no empty choice
            self.fields["school"].empty_label = None
            self.fields["school"].initial = only[0].pk
        today = timezone.localdate()
        staff = StaffMember.objects.employed_on(today).filter(school__in=schools)
        self.fields["people"].queryset = staff.select_related("user", "school").order_by(
            "school__urn", "user__last_name", "user__first_name"
        )
        departments = (
            staff.exclude(department="").order_by("department").values_list("department", flat=True)
        )
        self.fields["groups"].choices = self.GROUPS + [
            (f"{self.DEPARTMENT}{name}", f"The {name} department at the school")
            for name in dict.fromkeys(departments)
        ]
        self.fields["people"].label_from_instance = lambda s: (
            f"{s.user.get_full_name() or s.user.email} ({s.school.name})"
        )

    def clean(self):
        data = super().clean()
        school, day, start, finish = (data.get(k) for k in ("school", "day", "start", "finish"))
        if day and start and finish:
            data["starts_at"] = datetime.combine(day, start, tzinfo=UK)
            data["ends_at"] = datetime.combine(day, finish, tzinfo=UK)
        if school:
            wrong = [p for p in data.get("people") or [] if p.school_id != school.pk]
            if wrong:
                self.add_error("people", "Invite only people of the meeting's school.")
            invitees = {p.pk: p for p in data.get("people") or []}
            if data.get("groups"):
                for person in self._group_members(school, data["groups"]):
                    invitees[person.pk] = person
            if not invitees and not self.errors:
                self.add_error(None, "Invite at least one person or group.")
            data["invitees"] = list(invitees.values())
            labels = [
                dict(self.fields["groups"].choices)[g].replace("the school", school.name)
                for g in data.get("groups") or []
            ]
            data["invited_groups"] = "; ".join(labels)
        return data

    def _group_members(self, school, groups):
        n = len(self.DEPARTMENT)
        role_groups = [g for g in groups if not g.startswith(self.DEPARTMENT)]
        departments = [g[n:] for g in groups if g.startswith(self.DEPARTMENT)]
        return (
            StaffMember.objects.select_related("user")
            .employed_on(timezone.localdate())
            .filter(school=school)
            .filter(Q(role_group__in=role_groups) | Q(department__in=departments))
        )


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Optional: told to the invitees.",
    )


class OverrunForm(forms.Form):
    minutes = forms.IntegerField(
        label="Minutes past the published finish",
        min_value=0,
        max_value=480,
        help_text="0 if it finished on time.",
    )


class RulesForm(forms.ModelForm):
    reason = forms.CharField(
        max_length=300, required=False, help_text="Why the rules change (kept in the history)."
    )

    class Meta:
        model = WorkloadRules
        fields = list(WorkloadRules.RULE_FIELDS)
        widgets = {"latest_meeting_finish": TIME, "quiet_from": TIME, "quiet_until": TIME}

    def clean(self):
        data = super().clean()
        if (
            data.get("quiet_from")
            and data.get("quiet_until")
            and data["quiet_until"] >= data["quiet_from"]
        ):
            self.add_error(
                "quiet_until",
                "Quiet hours must end in the morning before they start in the evening.",
            )
        return data


class DataDropForm(forms.Form):
    school = forms.ModelChoiceField(queryset=School.objects.none())
    title = forms.CharField(max_length=200)
    due_on = forms.DateField(label="Due on", widget=DATE)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    override_reason = forms.CharField(
        max_length=500,
        required=False,
        help_text="Needed only beyond the yearly maximum: why this extra collection is necessary.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(user, Perm.MANAGE_DATA_DROPS)


class ImpactAssessmentForm(forms.ModelForm):
    class Meta:
        model = ImpactAssessment
        fields = [
            "school",
            "title",
            "summary",
            "starts_on",
            "expected_impact",
            "hours_per_term",
            "mitigations",
            "what_stops",
        ]
        widgets = {
            "starts_on": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "mitigations": forms.Textarea(attrs={"rows": 3}),
            "what_stops": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, trust_wide: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for(user, Perm.MANAGE_DATA_DROPS)
        self.fields["school"].required = not trust_wide
        if trust_wide:
            self.fields["school"].empty_label = "The whole trust"


class DirectedEventForm(forms.ModelForm):
    class Meta:
        model = DirectedEvent
        fields = ["school", "kind", "title", "day", "hours"]
        widgets = {"day": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].empty_label = "Every school"


class QuietHoursForm(forms.Form):
    school = forms.ModelChoiceField(
        queryset=School.objects.all(), required=False, empty_label="The trust calendar"
    )
    day = forms.DateField(widget=DATE)
    time = forms.TimeField(widget=TIME)


TEACHING = RoleGroup.TEACHING
