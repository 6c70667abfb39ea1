"""The survey pages, one module per area: HR's rounds, instruments and clusters; taking a survey;
rates, results, comments and releases. The URLs name the views from here."""

from surveys.views.results import (  # noqa: F401
    comment_moderate,
    comments,
    comments_approve,
    protection,
    rates,
    release_statement,
    release_statement_csv,
    results_export,
    results_page,
)
from surveys.views.rounds import (  # noqa: F401
    cluster_delete,
    cluster_list,
    instrument_add,
    instrument_list,
    question_create,
    question_delete,
    question_restore,
    round_action,
    round_copy,
    round_create,
    round_detail,
    round_edit,
    round_list,
    round_preview,
)
from surveys.views.taking import (  # noqa: F401
    mine,
    take_page,
    take_start,
    thanks,
)
