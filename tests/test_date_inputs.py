"""Every date, time and date-time input of the portal round-trips through a browser's picker.

Browsers accept only ISO values in these inputs and silently drop anything else, so a value
rendered as `15/07/2027` would be lost when the form is saved unchanged.
"""

import importlib
import inspect
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

SAMPLES = {
    "date": (date(2027, 7, 15), "2027-07-15"),
    "time": (time(16, 30), "16:30"),
    "datetime-local": (datetime(2027, 7, 15, 16, 30, tzinfo=ZoneInfo("Europe/London")), None),
}


PROJECT_ROOT = str(settings.BASE_DIR)


def project_form_fields():
    for config in apps.get_app_configs():
        if not config.path.startswith(PROJECT_ROOT):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if form_class.__module__ != module.__name__:
                continue
            if not issubclass(form_class, forms.BaseForm):
                continue
            for field_name, field in form_class.base_fields.items():
                if getattr(field.widget, "input_type", None) in SAMPLES:
                    yield pytest.param(field, id=f"{config.name}.{name}.{field_name}")


FIELDS = list(project_form_fields())


def test_the_portal_has_date_and_time_inputs_to_check():
    assert len(FIELDS) >= 10


@pytest.mark.parametrize("field", FIELDS)
def test_a_value_renders_in_iso_form_and_parses_back_unchanged(field):
    value, expected = SAMPLES[field.widget.input_type]
    rendered = field.widget.format_value(value)
    if expected is not None:
        assert rendered == expected
    else:
        assert rendered == "2027-07-15T16:30"
    assert field.clean(rendered) == value
