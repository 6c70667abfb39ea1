"""Results stored before releases existed become each round's release 1, so the next release is
planned against what people have already seen."""

from django.db import migrations


def _key(group):
    kind = group["kind"]
    if kind == "trust":
        return "trust"
    if kind == "cluster":
        return f"cluster:{group['cluster']}"
    if kind == "role":
        return f"{group['school_urn']}/{group['role_group']}"
    if kind == "department":
        return f"{group['school_urn']}/department/{group['department']}"
    return group["school_urn"]


def forwards(apps, schema_editor):
    RoundResults = apps.get_model("surveys", "RoundResults")
    Release = apps.get_model("surveys", "Release")
    for stored in RoundResults.objects.all():
        if Release.objects.filter(round_id=stored.round_id).exists():
            continue
        data = stored.data
        for group in data["groups"]:
            group.setdefault("key", _key(group))
        final = not data.get("provisional", False)
        data["release"] = {"number": 1, "made_at": stored.built_at.isoformat(), "final": final}
        data.setdefault("statement", {"rows": [], "protected": None, "before_statements": True})
        Release.objects.create(
            round_id=stored.round_id, number=1, made_at=stored.built_at, final=final, data=data
        )
        stored.data = data
        stored.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("surveys", "0004_releases")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
