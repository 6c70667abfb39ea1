from django.urls import reverse

from people.access import Perm, has_perm


def dashboards_panel(request):
    """Home panel: dashboards and reports for governors, trustees, heads and HR; absence for HR."""
    user = request.user
    if not has_perm(user, Perm.VIEW_DASHBOARD):
        return None
    links = [
        ("Wellbeing dashboards", reverse("dashboards:index")),
        ("People committee reports", reverse("dashboards:reports")),
    ]
    if has_perm(user, Perm.VIEW_ABSENCE_AGGREGATES):
        links.append(("Absence figures", reverse("absence:figures")))
    if has_perm(user, Perm.MANAGE_STAFF):
        links.append(("Import absence", reverse("absence:import")))
    if has_perm(user, Perm.VIEW_ABSENCE_RECORDS):
        links.append(("Named absence records", reverse("absence:records")))
    return {
        "title": "Dashboards and reports",
        "template": "people/_panel_hr.html",
        "text": "Survey, absence, action, pledge and workload figures, and the termly report.",
        "links": links,
    }
