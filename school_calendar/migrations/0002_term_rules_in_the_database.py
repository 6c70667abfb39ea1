"""The database holds the same rules for a term's dates as Term.clean(): inside its academic
year, and the messages full_clean gives for each rule."""

import django.db.models.expressions
import django.db.models.functions.comparison
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('school_calendar', '0001_initial'),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='term',
            constraint=models.CheckConstraint(condition=models.Q(('first_day__year__gte', django.db.models.functions.comparison.Cast(django.db.models.functions.text.Left('academic_year', 4), models.IntegerField())), ('last_day__year__lte', django.db.models.expressions.CombinedExpression(django.db.models.functions.comparison.Cast(django.db.models.functions.text.Left('academic_year', 4), models.IntegerField()), '+', models.Value(1)))), name='term_inside_academic_year', violation_error_message='The term is not inside its academic year.'),
        ),
        migrations.AlterConstraint(
            model_name='term',
            name='term_ends_after_start',
            constraint=models.CheckConstraint(condition=models.Q(('last_day__gte', models.F('first_day'))), name='term_ends_after_start', violation_error_message='The last day is before the first day.'),
        ),
        migrations.AlterConstraint(
            model_name='term',
            name='term_half_term_inside',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('half_term_first_day__isnull', True), ('half_term_last_day__isnull', True)), models.Q(('half_term_first_day__gt', models.F('first_day')), ('half_term_last_day__gte', models.F('half_term_first_day')), ('half_term_last_day__lt', models.F('last_day'))), _connector='OR'), name='term_half_term_inside', violation_error_message='The half-term must lie inside the term, between its first and last day.'),
        ),
    ]
