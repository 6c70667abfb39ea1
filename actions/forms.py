from django import forms

from actions import selectors, survey_choices
from actions.models import Action, Newsletter, Status, Theme


class ActionForm(forms.ModelForm):
    """An action for one school (or the trust); the school is fixed by the page, not the form."""

    class Meta:
        model = Action
        fields = [
            "round",
            "question",
            "comment",
            "theme",
            "you_said",
            "we_will",
            "owner",
            "due_on",
            "status",
            "status_reason",
            "we_did",
            "completed_on",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "completed_on": forms.DateInput(attrs={"type": "date"}),
            "you_said": forms.Textarea(attrs={"rows": 3}),
            "we_will": forms.Textarea(attrs={"rows": 3}),
            "status_reason": forms.Textarea(attrs={"rows": 2}),
            "we_did": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"round": "Survey round", "comment": "A comment HR approved"}
        help_texts = {
            "you_said": "What staff told us, in a sentence or two.",
            "we_will": "What the school will do about it.",
            "status_reason": "Needed when the status is “Not doing”.",
            "we_did": "Needed when the status is “Done”.",
            "completed_on": "When it was done (today if left empty).",
            "question": "The survey question this answers, if any.",
        }

    def __init__(self, *args, school=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school
        self.fields["owner"].queryset = selectors.owner_choices(school=school)
        self.fields["owner"].label_from_instance = lambda u: f"{u.get_full_name() or u.email}"
        rounds = survey_choices.round_choices(school=school)
        self.fields["round"].queryset = rounds
        questions = survey_choices.question_choices(rounds=rounds)
        chosen_round = (
            self.data.get(self.add_prefix("round"))
            if self.is_bound
            else self.initial.get("round") or self.instance.round_id
        )
        if chosen_round and str(chosen_round).isdigit():
            # A round is chosen (or came with "Record an action"): only its questions.
            questions = questions.filter(round_id=chosen_round)
        self.fields["question"].queryset = questions
        self.fields["question"].label_from_instance = lambda q: f"{q.round.title}: {q.text}"
        self.fields["comment"].queryset = survey_choices.comment_choices(
            school=school, rounds=rounds
        )
        self.fields["comment"].label_from_instance = lambda c: f"{c.round.title}: “{c.shown_text}”"
        self.fields["theme"].choices = [("", "Choose a theme"), *Theme.choices]


class DifferenceForm(forms.Form):
    made_difference = forms.TypedChoiceField(
        choices=[("yes", "Yes, it made a difference"), ("no", "No, it made no difference")],
        coerce=lambda value: value == "yes",
    )


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False)
    theme = forms.ChoiceField(choices=[("", "Any theme"), *Theme.choices], required=False)


class NewsletterNewForm(forms.Form):
    term_key = forms.CharField(
        label="Term",
        max_length=20,
        help_text="The academic year and term, e.g. 2026-27-autumn.",
    )


class NewsletterForm(forms.ModelForm):
    class Meta:
        model = Newsletter
        fields = ["title", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"introduction": "Plain text; blank lines start a new paragraph."}
