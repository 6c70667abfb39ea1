"""The URL-by-role register: every page of the portal, and which of the cast may open it.

Each app adds its pages to ROUTES (or to NOT_WALKED with the reason it can't be walked by GET as
a signed-in role, e.g. a tokenised feed). tests/test_url_access.py walks every route as every role
and fails for any project URL that is in neither list.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ALL_SIGNED_IN = {
    "staff_a",
    "staff_b",
    "head_a",
    "head_b",
    "champion_a",
    "first_aider_a",
    "governor_a",
    "governor_b",
    "trustee",
    "hr",
}
STAFF = {"staff_a", "staff_b", "head_a", "head_b", "champion_a", "first_aider_a", "hr"}
SURVEY_READERS = {"head_a", "head_b", "champion_a", "governor_a", "governor_b", "trustee", "hr"}


@dataclass(frozen=True)
class Route:
    name: str
    allowed: set[str]
    kwargs: Callable = field(default=lambda cast: {})
    query: str = ""
    # Roles that may use this page but are refused this object (another school): 403 or 404.
    refused: set[str] = field(default_factory=set)
    # What an allowed role gets: 200, or 302 for a URL that sends the reader on (asking for a
    # report's PDF leads to its committee pack).
    status: int = 200


ROUTES: list[Route] = [
    Route("home", ALL_SIGNED_IN),
    Route("people:staff_list", {"hr"}),
    Route("people:staff_import", {"hr"}),
    Route("people:staff_import_status", {"hr"}, lambda c: {"pk": _people().staff_import_job(c).pk}),
    Route(
        "people:staff_import_progress", {"hr"}, lambda c: {"pk": _people().staff_import_job(c).pk}
    ),
    # charters (kwargs build a small published charter: tests/charters/walk.py)
    Route("charters:index", ALL_SIGNED_IN),
    Route("charters:status", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}),
    Route(
        "charters:status",
        {"head_a", "governor_a", "trustee", "hr"},
        query="school=100001",
        refused={"head_b", "governor_b"},
    ),
    Route("charters:manage", {"hr"}),
    Route("charters:acknowledgements", {"hr"}),
    Route("charters:detail", ALL_SIGNED_IN, kwargs=lambda c: _charters().charter_kwargs(c)),
    Route("charters:versions", ALL_SIGNED_IN, kwargs=lambda c: _charters().charter_kwargs(c)),
    Route(
        "charters:compare",
        ALL_SIGNED_IN,
        kwargs=lambda c: _charters().charter_kwargs(c),
        query="from=1&to=2",
    ),
    Route("charters:version", ALL_SIGNED_IN, kwargs=lambda c: _charters().version_kwargs(c)),
    Route("charters:print", ALL_SIGNED_IN, kwargs=lambda c: _charters().version_kwargs(c)),
    Route("charters:pdf", ALL_SIGNED_IN, kwargs=lambda c: _charters().version_kwargs(c)),
    Route("charters:import", {"hr"}),
    Route("charters:draft", {"hr"}, kwargs=lambda c: _charters().charter_kwargs(c)),
    Route("charters:draft_edit", {"hr"}, kwargs=lambda c: _charters().charter_kwargs(c)),
    Route("charters:section_add", {"hr"}, kwargs=lambda c: _charters().charter_kwargs(c)),
    Route("charters:publish", {"hr"}, kwargs=lambda c: _charters().charter_kwargs(c)),
    Route("charters:evidence", {"hr"}, kwargs=lambda c: _charters().evidence_kwargs(c)),
    Route("charters:section_edit", {"hr"}, kwargs=lambda c: _charters().draft_section_kwargs(c)),
    Route("charters:pledge_add", {"hr"}, kwargs=lambda c: _charters().draft_section_kwargs(c)),
    Route("charters:pledge_edit", {"hr"}, kwargs=lambda c: _charters().draft_pledge_kwargs(c)),
    # you said, we did
    Route("actions:board", ALL_SIGNED_IN),
    Route("actions:mine", ALL_SIGNED_IN),
    Route("actions:manage", {"head_a", "head_b", "champion_a", "hr"}),
    Route(
        "actions:new",
        {"head_a", "champion_a", "hr"},
        lambda c: {"scope": c.school_a.urn},
        refused={"head_b"},
    ),
    Route(
        "actions:detail",
        {"staff_a", "head_a", "champion_a", "first_aider_a", "governor_a", "trustee", "hr"},
        lambda c: {"pk": _actions_walk().school_a_action(c).pk},
        refused={"staff_b", "head_b", "governor_b"},
    ),
    Route(
        "actions:edit",
        {"head_a", "champion_a", "hr"},
        lambda c: {"pk": _actions_walk().school_a_action(c).pk},
        refused={"head_b"},
    ),
    Route("actions:newsletter_list", ALL_SIGNED_IN),
    Route("actions:newsletter_new", {"hr"}),
    Route(
        "actions:newsletter_detail",
        ALL_SIGNED_IN,
        lambda c: {"pk": _actions_walk().newsletter(c, True).pk},
    ),
    Route(
        "actions:newsletter_edit", {"hr"}, lambda c: {"pk": _actions_walk().newsletter(c, False).pk}
    ),
    # support and people indicators (kwargs: tests/support/walk.py)
    Route("support:index", ALL_SIGNED_IN),
    Route("support:help_line_add", {"hr"}),
    Route("support:help_line_edit", {"hr"}, lambda c: {"pk": _support().help_line(c).pk}),
    Route("support:flexible_policy", ALL_SIGNED_IN),
    Route("support:flexible_policy_edit", {"hr"}),
    Route("support:flexible_list", {"head_a", "head_b", "hr"}),
    Route("support:flexible_add", {"head_a", "head_b", "hr"}),
    Route(
        "support:flexible_edit",
        {"head_a", "hr"},
        lambda c: {"pk": _support().flexible_request(c).pk},
        refused={"head_b"},
    ),
    Route("support:coverage", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}),
    Route("support:support_role_add", {"hr"}),
    Route("support:training_edit", {"hr"}, lambda c: {"pk": _support().first_aider_role(c).pk}),
    Route("support:people", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}),
    Route(
        "support:people",
        {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"},
        query="term=2026-27-autumn",
    ),
    Route("support:casework", {"hr"}),
    Route("support:exit_comments", {"hr"}),
    Route("support:exit_comments", {"hr"}, query="term=2026-27-autumn"),
    Route("support:training", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}),
    Route("support:training_programme_add", {"hr"}),
    Route("support:training_programme_edit", {"hr"}, lambda c: {"pk": _support().programme(c).pk}),
    Route("support:training_completion_add", {"hr"}),
    Route("support:training_import", {"hr"}),
    Route("support:training_due", {"head_a", "head_b", "hr"}),
    Route("support:my_training", STAFF),
    Route("support:leaders", {"head_a", "head_b", "hr"}),
    Route("support:leaders", {"head_a", "head_b", "hr"}, query="term=2026-27-autumn"),
    Route("support:leader_checkin_add", {"head_a", "head_b", "hr"}),
    Route("support:new_leader_add", {"head_a", "head_b", "hr"}),
    Route(
        "support:new_leader_edit",
        {"head_a", "hr"},
        lambda c: {"pk": _support().new_leader(c).pk},
        refused={"head_b"},
    ),
    Route("support:leave_list", {"head_a", "head_b", "hr"}),
    Route("support:leave_add", {"head_a", "head_b", "hr"}),
    Route(
        "support:leave_edit",
        {"head_a", "hr"},
        lambda c: {"pk": _support().leave_request(c).pk},
        refused={"head_b"},
    ),
    # surveys (kwargs: tests/surveys/walk.py)
    Route("surveys:round_list", SURVEY_READERS),
    Route("surveys:round_create", {"hr"}),
    Route("surveys:instrument_list", {"hr"}),
    Route("surveys:cluster_list", {"hr"}),
    Route("surveys:round_detail", {"hr"}, lambda c: _surveys().draft_kwargs(c)),
    Route("surveys:round_edit", {"hr"}, lambda c: _surveys().draft_kwargs(c)),
    Route("surveys:round_preview", {"hr"}, lambda c: _surveys().draft_page_kwargs(c)),
    Route("surveys:take_start", STAFF, lambda c: _surveys().open_kwargs(c)),
    Route("surveys:take_page", STAFF, lambda c: _surveys().open_page_kwargs(c)),
    Route("surveys:rates", {"head_a", "head_b", "hr"}, lambda c: _surveys().open_kwargs(c)),
    Route(
        "surveys:results",
        SURVEY_READERS,
        lambda c: _surveys().closed_kwargs(c),
    ),
    Route("surveys:pulses", {"hr"}, lambda c: _surveys().closed_kwargs(c)),
    Route(
        "surveys:drivers",
        {"head_a", "head_b", "trustee", "hr"},
        lambda c: _surveys().closed_kwargs(c),
    ),
    Route(
        "surveys:results_export",
        SURVEY_READERS,
        lambda c: _surveys().export_kwargs("csv")(c),
    ),
    Route(
        "surveys:results_export",
        SURVEY_READERS,
        lambda c: _surveys().export_kwargs("json")(c),
    ),
    Route("surveys:comments", {"hr"}, lambda c: _surveys().closed_kwargs(c)),
    Route("surveys:release_statement", {"hr"}, lambda c: _surveys().statement_kwargs(c)),
    Route("surveys:release_statement_csv", {"hr"}, lambda c: _surveys().statement_kwargs(c)),
    Route("surveys:protection", ALL_SIGNED_IN),
    Route("surveys:mine", STAFF),
    # workload
    Route("workload:index", ALL_SIGNED_IN),
    Route("workload:quiet_hours", ALL_SIGNED_IN),
    Route("workload:quiet_hours_json", ALL_SIGNED_IN),
    Route("workload:quiet_hours_json", ALL_SIGNED_IN, query="school=100002&at=2026-11-23T18:30"),
    Route("workload:meetings", STAFF),
    Route("workload:meeting_new", {"head_a", "head_b", "hr"}),
    Route(
        "workload:meeting_detail",
        {"staff_a", "head_a", "hr"},
        lambda c: {"pk": _workload().meeting_a(c).pk},
        refused={"head_b"},
    ),
    Route(
        "workload:meeting_edit",
        {"head_a", "hr"},
        lambda c: {"pk": _workload().future_meeting_a(c).pk},
        refused={"head_b"},
    ),
    Route(
        "workload:meeting_cancel",
        {"head_a", "hr"},
        lambda c: {"pk": _workload().future_meeting_a(c).pk},
        refused={"head_b"},
    ),
    Route("workload:directed_time", STAFF),
    Route("workload:directed_event_new", {"hr"}),
    Route("workload:rules", {"hr"}),
    Route("workload:rules", {"hr"}, query="school=100001"),
    Route("workload:terms", {"hr"}),
    Route("workload:term_new", {"hr"}),
    Route("workload:term_edit", {"hr"}, lambda c: {"pk": _workload().term(c).pk}),
    Route("workload:data_drops", ALL_SIGNED_IN),
    Route("workload:data_drop_new", {"head_a", "head_b", "hr"}),
    Route("workload:impact_assessments", ALL_SIGNED_IN),
    Route("workload:impact_assessment_new", {"head_a", "head_b", "hr"}),
    # absence, dashboards and reports (kwargs: tests/dashboards/walk.py)
    Route("absence:figures", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}),
    Route("absence:import", {"hr"}),
    Route("absence:import_status", {"hr"}, lambda c: {"pk": _dashboards().absence_import(c).pk}),
    Route("absence:import_progress", {"hr"}, lambda c: {"pk": _dashboards().absence_import(c).pk}),
    Route("absence:records", {"hr"}),
    Route(
        "email_hours:overview", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}
    ),
    Route("email_hours:upload", {"hr"}),
    Route("dashboards:evidence", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}),
    Route("dashboards:index", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}),
    Route("dashboards:trust", {"trustee", "hr"}),
    Route(
        "dashboards:school",
        {"head_a", "governor_a", "trustee", "hr"},
        lambda c: {"urn": c.school_a.urn},
        refused={"head_b", "governor_b"},
    ),
    Route("dashboards:reports", {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"}),
    Route(
        "dashboards:report",
        {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"},
        lambda c: {"pk": _dashboards().report(c).pk},
    ),
    Route(
        "dashboards:report_pdf",
        {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"},
        lambda c: {"pk": _dashboards().report(c).pk},
        status=302,
    ),
    # committee packs: one per report version and reader scope (the trust's failed, school A's
    # readers' finished)
    Route(
        "dashboards:pack_status",
        {"trustee", "hr"},
        lambda c: {"pk": _dashboards().failed_pack(c, "trustee").pk},
        refused={"head_a", "head_b", "governor_a", "governor_b"},
    ),
    Route(
        "dashboards:pack_status",
        {"head_a", "governor_a"},
        lambda c: {"pk": _dashboards().pack(c, "governor_a").pk},
        refused={"head_b", "governor_b", "trustee", "hr"},
    ),
    Route(
        "dashboards:pack_progress",
        {"trustee", "hr"},
        lambda c: {"pk": _dashboards().failed_pack(c, "trustee").pk},
        refused={"head_a", "head_b", "governor_a", "governor_b"},
    ),
    Route(
        "dashboards:pack_download",
        {"head_a", "governor_a"},
        lambda c: {"pk": _dashboards().pack(c, "governor_a").pk},
        refused={"head_b", "governor_b", "trustee", "hr"},
    ),
    Route(
        "dashboards:report_csv",
        {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"},
        lambda c: {"pk": _dashboards().report(c).pk},
    ),
    Route(
        "dashboards:report_table_csv",
        {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"},
        lambda c: {"pk": _dashboards().report(c).pk},
    ),
    Route("dashboards:thresholds", {"hr"}),
    Route("dashboards:build_status", {"hr"}, lambda c: {"pk": _dashboards().build(c).pk}),
    Route("dashboards:build_status_json", {"hr"}, lambda c: {"pk": _dashboards().build(c).pk}),
    Route(
        "dashboards:report_json",
        {"head_a", "head_b", "governor_a", "governor_b", "trustee", "hr"},
        lambda c: {"pk": _dashboards().report(c).pk},
    ),
]

# URL names that the walk cannot GET as a role, with the reason.
NOT_WALKED: dict[str, str] = {
    "health": "public health check for the load balancer, no data",
    "dashboards:report_build": "POST only; tests/dashboards/test_report_views.py",
    "dashboards:report_build_retry": "POST only; tests/test_jobs.py",
    "dashboards:pack_retry": "POST only; tests/dashboards/test_committee_pack_jobs.py",
    "absence:import_retry": "POST only; tests/test_jobs.py",
    "people:staff_import_retry": "POST only; tests/people/test_staff_import_background.py",
    "absence:import_apply": "POST only; tests/test_import_check_then_apply.py",
    "people:staff_import_apply": "POST only; tests/test_import_check_then_apply.py",
    "charters:acknowledge": "POST only (tests/charters/test_acknowledge.py)",
    "charters:draft_start": "POST only (tests/charters/test_draft_views.py)",
    "charters:section_delete": "GET confirms; tests/test_confirmations.py",
    "charters:pledge_delete": "GET confirms; tests/test_confirmations.py",
    "actions:rate": "POST only (one anonymous answer); tested in tests/actions/test_difference.py",
    "actions:newsletter_refresh": "POST only; tested in tests/actions/test_newsletter_views.py",
    "actions:newsletter_publish": "POST only; tested in tests/actions/test_newsletter_views.py",
    "support:help_line_delete": "POST only; tested in tests/support/test_help_lines.py",
    "support:support_role_remove": "POST only; tested in tests/support/test_coverage.py",
    "support:exit_comment_review": "POST only; tests/support/test_exit_comments.py",
    "surveys:thanks": (
        "redirects to the start unless the person has answered; tests/surveys/test_take_survey.py"
    ),
    "surveys:question_create": "POST only; tests/surveys/test_round_pages.py",
    "surveys:question_delete": "GET confirms (tests/test_confirmations.py)",
    "surveys:question_restore": "POST only; tests/test_confirmations.py",
    "surveys:instrument_add": "POST only; tests/surveys/test_round_pages.py",
    "surveys:round_copy": "POST only; tests/surveys/test_round_pages.py",
    "surveys:round_action": "GET confirms, POST acts; tests/test_confirmations.py",
    "surveys:comment_moderate": "POST only; tests/surveys/test_round_pages.py",
    "surveys:comments_approve": "POST only; tests/surveys/test_moderation_scales.py",
    "surveys:cluster_delete": "GET confirms; tests/test_confirmations.py",
    "support:exit_interview": "no sign-in: single-use link (tests/support/test_exit_interviews.py)",
    "workload:calendar_feed": "no sign-in: a private revocable token is the credential; "
    "tests/workload/test_calendar_feed.py",
    "workload:calendar_token_renew": "POST only; tests/workload/test_calendar_feed.py",
    "workload:term_delete": "GET confirms; tests/test_confirmations.py",
    "charters:draft_item_restore": "POST only; tests/test_confirmations.py",
}

# Apps whose URLs must all be registered here.
PROJECT_NAMESPACES = {
    "absence",
    "",
    "people",
    "charters",
    "surveys",
    "workload",
    "dashboards",
    "actions",
    "support",
}


def _people():
    from tests.people import walk

    return walk


def _workload():
    from tests.workload import walk

    return walk


def _actions_walk():
    from tests.actions import walk

    return walk


def _support():
    from tests.support import walk

    return walk


def _charters():
    from tests.charters import walk

    return walk


def _surveys():
    from tests.surveys import walk

    return walk


def _dashboards():
    from tests.dashboards import walk

    return walk
