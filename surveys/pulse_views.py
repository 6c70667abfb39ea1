"""HR schedules pulse surveys from a round: a chosen set of its questions, one pulse each
half-term of an academic year (surveys.pulse)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from people.access import Perm, require
from school_calendar.terms import academic_year_for
from surveys import pulse
from surveys.models import PULSE_MAX_QUESTIONS, Question, Round


class PulseForm(forms.Form):
    questions = forms.MultipleChoiceField(
        label=f"Questions the pulse repeats (at most {PULSE_MAX_QUESTIONS})",
        widget=forms.CheckboxSelectMultiple,
    )
    academic_year = forms.ChoiceField(label="Academic year")

    def __init__(self, *args, source: Round, years: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].choices = [
            (q.key, q.text) for q in source.questions.exclude(kind=Question.Kind.TEXT)
        ]
        self.fields["academic_year"].choices = [(y, y) for y in years]

    def clean_questions(self):
        keys = self.cleaned_data["questions"]
        if len(keys) > PULSE_MAX_QUESTIONS:
            raise forms.ValidationError(
                f"Choose at most {PULSE_MAX_QUESTIONS} questions ({len(keys)} were chosen)."
            )
        return keys


@require(Perm.MANAGE_SURVEYS)
def pulses_schedule(request, slug):
    source = get_object_or_404(Round, slug=slug)
    this_year = academic_year_for(timezone.localdate())
    start = int(this_year[:4])
    years = [f"{y}-{str(y + 1)[2:]}" for y in (start, start + 1)]
    form = PulseForm(request.POST or None, source=source, years=years)
    if request.method == "POST" and form.is_valid():
        try:
            created = pulse.pulses_schedule(
                source=source,
                question_keys=form.cleaned_data["questions"],
                academic_year=form.cleaned_data["academic_year"],
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(
                    request,
                    f"Scheduled {len(created)} pulse survey{'s' if len(created) != 1 else ''}: "
                    + "; ".join(
                        f"{r.title}, {timezone.localtime(r.opens_at):%-d %b} to "
                        f"{timezone.localtime(r.closes_at):%-d %b %Y}"
                        for r in created
                    )
                    + ".",
                )
            else:
                messages.info(request, "Every half-term still to come already has a pulse.")
            return redirect("surveys:round_list")
    halves = [(half, pulse.pulse_window(half)) for year in years for half in pulse.half_terms(year)]
    return render(
        request,
        "surveys/pulses.html",
        {"round": source, "form": form, "halves": halves, "max": PULSE_MAX_QUESTIONS},
    )
