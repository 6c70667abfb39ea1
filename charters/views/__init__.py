"""The charter pages, one module per area: reading charters and pledge status, HR managing
charters, and editing and publishing drafts. The URLs name the views from here."""

from charters.views.drafts import (  # noqa: F401
    draft,
    draft_edit,
    draft_item_restore,
    draft_start,
    pledge_add,
    pledge_delete,
    pledge_edit,
    publish,
    section_add,
    section_delete,
    section_edit,
)
from charters.views.manage import (  # noqa: F401
    acknowledgements,
    charter_import,
    evidence,
    manage,
)
from charters.views.reading import (  # noqa: F401
    acknowledge,
    compare,
    detail,
    index,
    pdf_view,
    print_view,
    status,
    version,
    versions,
)
