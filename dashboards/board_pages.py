"""Views for the board: the tiles and comparison added to the dashboards, and HR's thresholds."""

from django.contrib import messages
from django.shortcuts import redirect, render

from dashboards import board, indicators
from dashboards.board_services import thresholds_save
from dashboards.forms import ThresholdsForm
from people.access import Perm, has_perm, require
from people.models import Trust


def trust_board(request, *, report) -> dict:
    """The trustees' summary, tiles and school-by-school comparison (sorted by ?sort=&dir=)."""
    made = board.board(report, name=Trust.current().name)
    compared = None
    if made is not None:
        compared = board.comparison(
            report,
            made["limits"],
            sort=request.GET.get("sort", "name"),
            descending=request.GET.get("dir") == "desc",
        )
    return {
        "board": made,
        "compared": compared,
        "term_in_progress": bool(made) and not made["progress"]["finished"],
        "can_set_thresholds": has_perm(request.user, Perm.BUILD_REPORTS),
    }


def school_board(request, school, *, report) -> dict:
    made = board.board(report, name=school.name, urn=school.urn)
    return {
        "board": made,
        "compared": None,
        "term_in_progress": bool(made) and not made["progress"]["finished"],
        "can_set_thresholds": has_perm(request.user, Perm.BUILD_REPORTS),
    }


@require(Perm.BUILD_REPORTS)
def thresholds(request):
    current = indicators.thresholds()
    form = ThresholdsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        changed = thresholds_save(chosen=form.chosen(), user=request.user)
        messages.success(
            request,
            f"Saved: {changed} threshold(s) changed." if changed else "No threshold changed.",
        )
        return redirect("dashboards:thresholds")
    return render(request, "dashboards/thresholds.html", {"form": form, "rows": form.rows()})
