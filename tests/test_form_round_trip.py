"""Every form of the portal, submitted unchanged, gives back exactly what it was filled with.

Each form is drawn as the portal draws it (crispy), filled with a value in every field; the HTML
is then read as a browser reads it — including the browser's rule that a date, time or date-time
input whose value is not ISO is emptied — and sent back. Every field must clean to the value it
was drawn with: nothing HR saves without touching is lost or changed.
"""

import importlib
import inspect
import re
from datetime import date, datetime, time
from decimal import Decimal
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.template import Context, Template
from django.utils.datastructures import MultiValueDict

from people.models import Role, RoleAssignment, School

UK = ZoneInfo("Europe/London")

# What browsers keep in inputs that only take one format (the HTML value sanitisation rules).
BROWSER_FORMATS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "number": re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$"),
}
NOT_SENT = {"submit", "button", "reset", "image", "file"}


class BrowserForm(HTMLParser):
    """What a browser would send for a form left as drawn."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = MultiValueDict()
        self._select = None
        self._select_multiple = False
        self._options = []
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in NOT_SENT:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.appendlist(name, attrs.get("value", "on"))
                return
            value = attrs.get("value", "") or ""
            rule = BROWSER_FORMATS.get(kind)
            if rule and not rule.match(value):
                value = ""  # the browser throws the value away
            self.data.appendlist(name, value)
        elif tag == "select" and name and "disabled" not in attrs:
            self._select, self._select_multiple, self._options = name, "multiple" in attrs, []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not self._select_multiple and self._options:
                chosen = [self._options[0][0]]
            for value in chosen:
                self.data.appendlist(self._select, value)
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.data.appendlist(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None


def _project_forms():
    root = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        if not config.path.startswith(root) or "site-packages" in config.path:
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if form_class.__module__ != module.__name__ or not issubclass(
                form_class, forms.BaseForm
            ):
                continue
            if issubclass(form_class, forms.ModelForm) and form_class._meta.model is None:
                continue  # a base class for other forms, which are checked themselves
            yield pytest.param(form_class, id=f"{config.name}.{name}")


FORMS = list(_project_forms())


def _constructor_kwargs(form_class, cast) -> dict:
    pool = {
        "user": cast.hr,
        "school": cast.school_a,
        "schools": School.objects.all(),
        "central_allowed": True,
        "trust_wide": True,
        "numbers": (1, 2, 3),
        "heads": RoleAssignment.objects.filter(role=Role.HEAD),
        "current": _board_thresholds,
    }
    wanted = inspect.signature(form_class.__init__).parameters
    return {
        name: value() if callable(value) else value
        for name, value in pool.items()
        if name in wanted
    }


def _board_thresholds():
    from dashboards.indicators import thresholds

    return thresholds()


# Text fields that only take one shape: a value of that shape.
TEXT_BY_NAME = {"phone": "+44 20 7946 0000", "term": "2026-27-autumn", "term_key": "2026-27-autumn"}


def _sample(name: str, field: forms.Field):
    """A value a person could have saved in the field, or None to leave it out."""
    if name in TEXT_BY_NAME and isinstance(field, forms.CharField):
        return TEXT_BY_NAME[name]
    if isinstance(field, forms.FileField) or getattr(field, "disabled", False):
        return None
    if isinstance(field.widget, forms.PasswordInput):
        return None  # never drawn with its value, by design
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.order_by("pk").first()
        return None if first is None else [first]
    if isinstance(field, forms.ModelChoiceField):
        return field.queryset.order_by("pk").first()
    if isinstance(field, forms.MultipleChoiceField):
        values = [value for value, _ in field.choices if value not in ("", None)]
        return values[:1] or None
    if isinstance(field, (forms.ChoiceField, forms.TypedChoiceField)):
        values = [value for value, _ in field.choices if value not in ("", None)]
        values = [v for v in values if not isinstance(v, (list, tuple))]
        return values[-1] if values else None
    if isinstance(field, forms.SplitDateTimeField) or isinstance(field, forms.DateTimeField):
        return datetime(2027, 7, 15, 16, 30, tzinfo=UK)
    if isinstance(field, forms.DateField):
        return date(2027, 7, 15)
    if isinstance(field, forms.TimeField):
        return time(16, 30)
    if isinstance(field, forms.BooleanField):
        return True
    if isinstance(field, forms.DecimalField):
        return Decimal("0.5")
    if isinstance(field, forms.FloatField):
        return 0.5 if field.min_value is None or field.min_value <= 0.5 else field.min_value
    if isinstance(field, forms.IntegerField):
        return max(3, field.min_value or 0) if field.max_value is None else field.max_value
    if isinstance(field, forms.EmailField):
        return "someone@example.org"
    if isinstance(field, forms.URLField):
        return "https://example.org/page"
    if isinstance(field, forms.SlugField):
        return "a-sample-slug"
    if isinstance(field, forms.JSONField):
        return None
    if isinstance(field, forms.CharField):
        text = "Line one: “quoted” & <kept>.\nLine two."
        if not isinstance(field.widget, forms.Textarea):
            text = "Sample “text” & <kept>"
        return text[: field.max_length] if field.max_length else text
    return None


def _same(field, got, expected) -> bool:
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {o.pk for o in got} == {o.pk for o in expected}
    if isinstance(field, forms.ModelChoiceField):
        return getattr(got, "pk", got) == expected.pk
    if isinstance(field, forms.MultipleChoiceField):
        return [str(v) for v in got] == [str(v) for v in expected]
    if isinstance(field, forms.TypedChoiceField):
        return got == field.coerce(expected)
    if isinstance(field, forms.ChoiceField):
        return str(got) == str(expected)
    if isinstance(field, forms.CharField):
        return got == expected.strip().replace("\r\n", "\n") or got.replace(
            "\r\n", "\n"
        ) == expected.strip().replace("\r\n", "\n")
    return got == expected


def test_the_portal_has_forms_to_check():
    assert len(FORMS) >= 30


@pytest.mark.parametrize("form_class", FORMS)
def test_a_form_sent_back_unchanged_keeps_every_value(form_class, cast):
    kwargs = _constructor_kwargs(form_class, cast)
    blank = form_class(**kwargs)
    initial = {}
    for name, field in blank.fields.items():
        value = _sample(name, field)
        if value is not None:
            initial[name] = value
    if not initial:
        # Only a file to choose: browsers never refill one, so there is nothing to keep. Any other
        # kind of field without a sample value would be a gap in this test, so it fails instead.
        assert blank.fields and all(
            isinstance(field, forms.FileField) or isinstance(field.widget, forms.HiddenInput)
            for field in blank.fields.values()
        ), f"{form_class.__name__} has fields this test cannot fill"
        return
    drawn = form_class(initial=initial, **kwargs)
    html = Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
        Context({"form": drawn})
    )
    browser = BrowserForm()
    browser.feed(html)

    lost = []
    for name, expected in initial.items():
        field = drawn.fields[name]
        raw = field.widget.value_from_datadict(
            browser.data, MultiValueDict(), drawn.add_prefix(name)
        )
        try:
            got = field.clean(raw)
        except forms.ValidationError as error:
            lost.append(f"{name}: sent {raw!r}, refused: {' '.join(error.messages)}")
            continue
        if not _same(field, got, expected):
            lost.append(f"{name}: drawn with {expected!r}, came back as {got!r} (sent {raw!r})")
    assert not lost, "; ".join(lost)


def test_the_browser_reading_drops_a_non_iso_date_as_browsers_do():
    browser = BrowserForm()
    browser.feed(
        '<input type="date" name="a" value="15/07/2027"><input type="date" name="b" '
        'value="2027-07-15"><textarea name="c">\nkept</textarea>'
    )
    assert browser.data.getlist("a") == [""] and browser.data.getlist("b") == ["2027-07-15"]
    assert browser.data.getlist("c") == ["kept"]
