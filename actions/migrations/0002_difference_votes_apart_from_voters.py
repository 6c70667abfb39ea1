import uuid

import django.db.models.deletion
from django.db import migrations, models


def voters_to_tokens(apps, schema_editor):
    """Replace each voter's user id by the keyed token (SURVEY_SEAL_KEY) of action and person."""
    from surveys.sealing import voter_token

    DifferenceVoter = apps.get_model("actions", "DifferenceVoter")
    for voter in DifferenceVoter.objects.all().iterator():
        voter.token = voter_token(action_id=voter.action_id, user_id=voter.user_id)
        voter.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="differencevoter",
            name="token",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(voters_to_tokens, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="differencevoter",
            name="difference_voter_once",
        ),
        migrations.RemoveField(
            model_name="differencevoter",
            name="user",
        ),
        migrations.AddConstraint(
            model_name="differencevoter",
            constraint=models.UniqueConstraint(
                fields=("action", "token"), name="difference_voter_once"
            ),
        ),
        migrations.CreateModel(
            name="DifferenceVote",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                ("made_difference", models.BooleanField()),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="actions.action",
                    ),
                ),
            ],
        ),
    ]
