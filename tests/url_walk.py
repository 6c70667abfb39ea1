"""The URL-by-role register: every page of the portal, and which of the cast may open it.

Each app adds its pages to ROUTES (or to NOT_WALKED with the reason it can't be walked by GET as
a signed-in role, e.g. a tokenised feed). tests/test_url_access.py walks every route as every role
and fails for any project URL that is in neither list.
"""

from dataclasses import dataclass, field
from typing import Callable

ALL_SIGNED_IN = {
    "staff_a", "staff_b", "head_a", "head_b", "champion_a", "first_aider_a",
    "governor_a", "governor_b", "trustee", "hr",
}
STAFF = {"staff_a", "staff_b", "head_a", "head_b", "champion_a", "first_aider_a", "hr"}


@dataclass(frozen=True)
class Route:
    name: str
    allowed: set[str]
    kwargs: Callable = field(default=lambda cast: {})
    query: str = ""
    # Roles that may use this page but are refused this particular object (another school): 403 or 404.
    refused: set[str] = field(default_factory=set)


ROUTES: list[Route] = [
    Route("home", ALL_SIGNED_IN),
    Route("people:staff_list", {"hr"}),
    Route("people:staff_import", {"hr"}),
]

# URL names that the walk cannot GET as a role, with the reason.
NOT_WALKED: dict[str, str] = {
    "health": "public health check for the load balancer, no data",
}

# Apps whose URLs must all be registered here.
PROJECT_NAMESPACES = {"", "people", "charters", "surveys", "workload", "dashboards", "actions", "support"}
