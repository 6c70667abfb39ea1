from people.access import roles_of
from people.models import Role, Trust
from people.navigation import nav_groups_for


def portal(request):
    user = request.user
    if not user.is_authenticated:
        return {"trust_name": Trust.current().name}
    roles = roles_of(user)
    return {
        "trust_name": Trust.current().name,
        "nav_groups": nav_groups_for(user),
        "role_labels": [Role(r).label for r in sorted(roles)],
    }
