from django import forms

from people.models import School
from school_calendar.models import Term

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TermForm(forms.ModelForm):
    """One term's dates; the checks are the model's (Term.clean), run by the form's full_clean."""

    class Meta:
        model = Term
        fields = [
            "academic_year",
            "term",
            "school",
            "first_day",
            "last_day",
            "half_term_first_day",
            "half_term_last_day",
        ]
        widgets = {
            "first_day": DATE,
            "last_day": DATE,
            "half_term_first_day": DATE,
            "half_term_last_day": DATE,
        }
        help_texts = {"academic_year": "For example 2026-27."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].empty_label = "The whole trust"
        self.fields["school"].queryset = School.objects.order_by("name")

    def validate_unique(self):
        """Uniqueness and overlap are checked with clearer messages in clean()."""
