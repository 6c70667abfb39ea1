"""From a result to an action: where "Record an action on this" on a results page leads.

Actions belong to a school (or the trust), so the link is offered for a school's groups (and the
trust's) to those who manage that school's (or the trust's) actions. It opens the action form
with the round and question already chosen. One query, whatever the group or the round's size.
"""

from django.db.models import IntegerField, Subquery, Value

from people.access import Perm, has_perm, has_trust_perm, may_for_school
from people.models import School
from surveys.models import Question

SCHOOL_KINDS = ("school", "role", "department")


def action_links(*, survey_round, group: dict, user) -> tuple[str | None, dict[str, int]]:
    """(actions scope: "trust" or a school's URN, {question key: question id}), or (None, {})
    when the person may not record actions for this group (or it is a cluster of schools)."""
    if not has_perm(user, Perm.MANAGE_ACTIONS):
        return None, {}
    if group["kind"] == "trust":
        urn = None
    elif group["kind"] in SCHOOL_KINDS:
        urn = group["school_urn"]
    else:
        return None, {}
    rows = list(
        Question.objects.filter(round=survey_round)
        .annotate(
            school_pk=Subquery(School.objects.filter(urn=urn).values("pk")[:1])
            if urn
            else Value(None, output_field=IntegerField())
        )
        .values_list("key", "pk", "school_pk")
    )
    if urn is None:
        scope = "trust" if has_trust_perm(user, Perm.MANAGE_ACTIONS) else None
    else:
        school_pk = rows[0][2] if rows else None
        allowed = school_pk is not None and may_for_school(user, Perm.MANAGE_ACTIONS, school_pk)
        scope = urn if allowed else None
    if scope is None:
        return None, {}
    return scope, {key: pk for key, pk, _ in rows}
