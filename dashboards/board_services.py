"""Writes for the board: HR's status thresholds."""

from django.db import transaction

from dashboards.indicators import thresholds
from dashboards.models import TileThreshold


def thresholds_save(*, chosen: dict, user=None) -> int:
    """Store HR's (amber, red) per indicator, all at once; returns how many changed."""
    before = thresholds()
    changed = 0
    with transaction.atomic():
        for key, (amber, red) in chosen.items():
            if before.get(key) == (amber, red):
                continue
            TileThreshold.objects.update_or_create(
                indicator=key, defaults={"amber": amber, "red": red, "updated_by": user}
            )
            changed += 1
    return changed
