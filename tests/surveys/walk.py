"""Objects the URL walk needs for survey pages."""

from tests.surveys.helpers import closed_round_with_results, draft_round, open_round


def draft_kwargs(cast):
    return {"slug": draft_round(cast).slug}


def draft_page_kwargs(cast):
    return {"slug": draft_round(cast).slug, "page": 1}


def open_kwargs(cast):
    return {"slug": open_round(cast).slug}


def open_page_kwargs(cast):
    return {"slug": open_round(cast).slug, "page": 1}


def closed_kwargs(cast):
    return {"slug": closed_round_with_results(cast).slug}


def export_kwargs(fmt):
    return lambda cast: {"slug": closed_round_with_results(cast).slug, "fmt": fmt}


def statement_kwargs(cast):
    return {"slug": closed_round_with_results(cast).slug, "number": 1}
