"""From a result to an action: where "Record an action" on a results page leads, if anywhere.

Actions belong to a school (or the trust), so the link is offered for a school's groups (and the
trust's) to those who manage that school's (or the trust's) actions. It opens the action form
with the round and question already chosen.
"""

from people.access import Perm, has_trust_perm, may_for_school
from people.models import School


def action_scope(*, group: dict, user) -> str | None:
    """The actions scope a group's findings are acted on in ("trust" or a school's URN), or None
    when the person may not record actions there (or the group is a cluster of schools)."""
    if group["kind"] == "trust":
        return "trust" if has_trust_perm(user, Perm.MANAGE_ACTIONS) else None
    urn = group.get("school_urn")
    if not urn:
        return None
    school = School.objects.filter(urn=urn).first()
    if school is None or not may_for_school(user, Perm.MANAGE_ACTIONS, school):
        return None
    return urn


def question_ids(survey_round) -> dict[str, int]:
    return dict(survey_round.questions.values_list("key", "pk"))
