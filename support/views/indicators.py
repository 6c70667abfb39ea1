"""People indicators and casework counts, by term."""

from django.contrib import messages
from django.shortcuts import redirect, render

from people.access import (
    Perm,
    has_perm,
    has_trust_perm,
    require,
    schools_for,
)
from support import exits, selectors, services
from support.forms import (
    CaseworkForm,
)
from support.views.term_choice import term_from

# --- People indicators -----------------------------------------------------------------------


PEOPLE_ROWS = [
    ("Starters", ("starters",)),
    ("Leavers", ("leavers",)),
    ("Turnover (%)", ("turnover_pct",)),
    ("Formal grievances", ("grievances",)),
    ("Complaints", ("complaints",)),
    ("Disciplinary cases", ("disciplinaries",)),
    ("Industrial disputes", ("disputes",)),
    ("Flexible working requests granted", ("flexible_requests", "granted")),
    ("Flexible working requests declined", ("flexible_requests", "declined")),
    ("Flexible working requests open", ("flexible_requests", "open")),
    ("Trained mental health first aiders", ("first_aiders",)),
    ("First aiders per 50 staff", ("first_aiders_per_50_staff",)),
    ("Heads", ("leader_checkins", "heads")),
    ("Heads who met their partner", ("leader_checkins", "met_partner")),
    ("New leaders", ("new_leaders", "total")),
    ("New leaders with a buddy", ("new_leaders", "with_buddy")),
    ("Leave of absence requests granted", ("leave_requests", "granted")),
    ("Leave of absence requests declined", ("leave_requests", "declined")),
    ("Leave of absence requests open", ("leave_requests", "open")),
]


def _comparison_rows(now: dict, before: dict) -> list[dict]:
    def pick(figures, path):
        for part in path:
            figures = figures.get(part)
            if figures is None:
                return None
        return figures

    programmes = list(now["training_coverage"]) + [
        name for name in before["training_coverage"] if name not in now["training_coverage"]
    ]
    training_rows = [(f"{name}: coverage (%)", ("training_coverage", name)) for name in programmes]
    rows = []
    for label, path in PEOPLE_ROWS + training_rows:
        value, previous = pick(now, path), pick(before, path)
        change = value - previous if value is not None and previous is not None else None
        rows.append({"label": label, "now": value, "before": previous, "change": change})
    return rows


@require(Perm.VIEW_PEOPLE_INDICATORS)
def people(request):
    form, term_key = term_from(request)
    previous_key = selectors.previous_term_key(term_key)
    schools = list(schools_for(request.user, Perm.VIEW_PEOPLE_INDICATORS))
    trust_wide = has_trust_perm(request.user, Perm.VIEW_PEOPLE_INDICATORS)
    now = selectors.people_figures_for(term_key=term_key, schools=schools)
    before = selectors.people_figures_for(term_key=previous_key, schools=schools)
    keys = ([(selectors.TRUST_KEY, "The trust")] if trust_wide else []) + [
        (s.pk, s.name) for s in schools
    ]
    groups = [{"name": name, "rows": _comparison_rows(now[key], before[key])} for key, name in keys]
    return render(
        request,
        "support/people.html",
        {
            "form": form,
            "term_key": term_key,
            "previous_key": previous_key,
            "groups": groups,
            "exit": exits.exit_reasons(term_key=term_key) if trust_wide else None,
            "show_comments": has_perm(request.user, Perm.MANAGE_SUPPORT),
            "can_review_comments": has_perm(request.user, Perm.MODERATE_COMMENTS),
            "min_group_size": selectors.Trust.current().min_group_size,
        },
    )


@require(Perm.MANAGE_CASEWORK)
def casework(request):
    term_form, term_key = term_from(request)
    form = CaseworkForm(request.POST or None, initial={"term_key": term_key})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.casework_record(
            school=data["school"],
            term_key=data["term_key"],
            grievances=data["grievances"],
            complaints=data["complaints"],
            disciplinaries=data["disciplinaries"],
            disputes=data["disputes"],
            note=data["note"],
        )
        messages.success(
            request, f"Casework counts for {data['school'] or 'the central team'} saved."
        )
        return redirect(f"{request.path}?term={data['term_key']}")
    return render(
        request,
        "support/casework.html",
        {
            "form": form,
            "term_form": term_form,
            "term_key": term_key,
            "rows": selectors.casework_rows(term_key=term_key),
        },
    )
