"""The support pages, one module per area. The URLs name the views from here."""

from support.views.coverage import (  # noqa: F401
    coverage,
    my_training,
    support_role_add,
    support_role_remove,
    training,
    training_completion_add,
    training_due,
    training_edit,
    training_import,
    training_programme_edit,
)
from support.views.exit import (  # noqa: F401
    exit_comment_review,
    exit_comments,
    exit_interview,
)
from support.views.get_support import (  # noqa: F401
    flexible_policy,
    flexible_policy_edit,
    help_line_delete,
    help_line_edit,
    index,
)
from support.views.indicators import (  # noqa: F401
    casework,
    people,
)
from support.views.leaders import (  # noqa: F401
    leader_checkin_add,
    leaders,
    new_leader_edit,
)
from support.views.registers import (  # noqa: F401
    flexible_edit,
    flexible_list,
    leave_edit,
    leave_list,
)
