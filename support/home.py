"""The support panel of the home page."""

from django.urls import reverse

from people.access import Perm, has_perm, staff_record


def support_panel(request):
    user = request.user
    links = [
        ("Get support", reverse("support:index")),
        ("Flexible working", reverse("support:flexible_policy")),
    ]
    if has_perm(user, Perm.VIEW_PEOPLE_INDICATORS):
        links += [
            ("People indicators", reverse("support:people")),
            ("First-aider coverage", reverse("support:coverage")),
        ]
    if has_perm(user, Perm.VIEW_OWN_TRAINING):
        links.append(("My training", reverse("support:my_training")))
    if has_perm(user, Perm.VIEW_PEOPLE_INDICATORS):
        links.append(("Training coverage", reverse("support:training")))
    if has_perm(user, Perm.VIEW_TRAINING_DUE):
        links.append(("Training due or overdue", reverse("support:training_due")))
    if has_perm(user, Perm.RECORD_LEADER_CHECKINS):
        links.append(("Leader wellbeing", reverse("support:leaders")))
    if has_perm(user, Perm.MANAGE_FLEXIBLE_REQUESTS):
        links.append(("Flexible working register", reverse("support:flexible_list")))
        links.append(("Leave of absence register", reverse("support:leave_list")))
    if has_perm(user, Perm.MANAGE_CASEWORK):
        links.append(("Casework counts", reverse("support:casework")))
    staff = staff_record(user)
    whose = "your school's" if staff is not None and staff.school_id else "the schools'"
    return {
        "title": "Support",
        "text": f"Help lines, {whose} mental health first aiders and wellbeing champions.",
        "template": "people/_panel_hr.html",
        "links": links,
    }
