from django.contrib import admin

from school_calendar.forms import TermForm
from school_calendar.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    form = TermForm  # the same checks as the term page: inside the year, no overlap
    list_display = ["academic_year", "term", "school", "first_day", "last_day"]
    list_filter = ["academic_year", "term", "school"]
