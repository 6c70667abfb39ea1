"""Undo for a deleted draft item (a survey question, a charter section or pledge).

What was deleted is kept, serialised, in the person's own session (the last deletion only) and
can be put back, with the same ids, while its draft is still a draft. Apps check that before
calling `restore` and register nothing here: the session entry names its kind and owner.
"""

from django.core import serializers
from django.db import transaction

SESSION_KEY = "restorable"


def keep_deleted(request, *, kind: str, owner: int, label: str, objects) -> None:
    """Call before deleting: `objects` in save order (a parent before its children)."""
    request.session[SESSION_KEY] = {
        "kind": kind,
        "owner": owner,
        "label": label,
        "data": serializers.serialize("json", list(objects)),
    }


def restorable(request, *, kind: str, owner: int) -> dict | None:
    """The last deletion of this kind from this draft, if the person has one to undo."""
    entry = request.session.get(SESSION_KEY)
    if entry and entry["kind"] == kind and entry["owner"] == owner:
        return entry
    return None


@transaction.atomic
def restore(request, *, kind: str, owner: int) -> str | None:
    """Put the deleted rows back; returns their label, or None when there is nothing to undo."""
    entry = restorable(request, kind=kind, owner=owner)
    if entry is None:
        return None
    for item in serializers.deserialize("json", entry["data"]):
        item.save()
    del request.session[SESSION_KEY]
    return entry["label"]
