from django import forms
from django.utils import timezone

from charters.documents import MAX_DOCUMENT_BYTES
from charters.measures import KNOWN_MEASURES, measure_choices
from charters.models import (
    FROZEN_MESSAGE,
    Charter,
    CharterVersion,
    Owner,
    Pledge,
    PledgeEvidence,
    Section,
)
from charters.numbering import strip_typed_number
from people.models import School, User


class FrozenAwareForm(forms.ModelForm):
    """Refuses to validate when the object belongs to a published version."""

    def version(self):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        version = self.version()
        if version is not None and version.pk is not None:
            stored = (
                CharterVersion.objects.filter(pk=version.pk)
                .values_list("status", flat=True)
                .first()
            )
            if stored == CharterVersion.Status.PUBLISHED:
                raise forms.ValidationError(FROZEN_MESSAGE, code="frozen")
        return cleaned


class CharterCreateForm(forms.ModelForm):
    school = forms.ModelChoiceField(
        queryset=School.objects.order_by("name"),
        required=False,
        empty_label="The whole trust",
        help_text="Leave as the whole trust for a trust charter.",
    )

    class Meta:
        model = Charter
        fields = ["title", "kind", "school"]


class DraftForm(FrozenAwareForm):
    class Meta:
        model = CharterVersion
        fields = ["title", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}

    def version(self):
        return self.instance


class SectionForm(FrozenAwareForm):
    class Meta:
        model = Section
        fields = ["title", "introduction", "position"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "position": "Sections are shown in this order (1 first) and numbered from it.",
            "introduction": "Markdown: headings, lists, links and *emphasis* are kept.",
        }

    def clean_title(self):
        return strip_typed_number(self.cleaned_data["title"])

    def version(self):
        return self.instance.version if self.instance.version_id else None


def _measure_choices():
    registered = dict(measure_choices())
    keys = sorted(
        set(registered) | set(KNOWN_MEASURES),
        key=lambda k: registered.get(k, KNOWN_MEASURES.get(k, k)),
    )
    options = [("", "None: HR records evidence")]
    for key in keys:
        label = registered.get(key) or f"{KNOWN_MEASURES[key]} (not measured yet)"
        options.append((key, label))
    return options


class PledgeForm(FrozenAwareForm):
    measure_key = forms.ChoiceField(
        label="Measure", required=False, help_text="A figure the portal works out for this pledge."
    )

    class Meta:
        model = Pledge
        fields = [
            "commitment",
            "detail",
            "owner_role",
            "owner_person",
            "review_on",
            "measure_key",
            "position",
        ]
        widgets = {
            "commitment": forms.Textarea(attrs={"rows": 2}),
            "detail": forms.Textarea(attrs={"rows": 5}),
            "review_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "detail": "Markdown: *emphasis*, lists and links. Shown to staff.",
            "position": "Pledges are shown in this order within the section and numbered from it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].queryset = User.objects.filter(is_active=True).order_by(
            "last_name", "first_name", "email"
        )
        self.fields["owner_person"].label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.email})" if u.get_full_name() else u.email
        )
        choices = _measure_choices()
        current = self.instance.measure_key
        if current and current not in dict(choices):
            choices.append((current, f"{current} (not measured yet)"))
        self.fields["measure_key"].choices = choices

    def clean_commitment(self):
        # One line: a commitment is a heading wherever it is shown.
        return " ".join(strip_typed_number(self.cleaned_data["commitment"]).split())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner_role") == Owner.PERSON:
            if not cleaned.get("owner_person"):
                self.add_error("owner_person", "Choose the person who owns this pledge.")
        else:
            cleaned["owner_person"] = None
        return cleaned

    def version(self):
        return self.instance.section.version if self.instance.section_id else None


class CharterImportForm(forms.Form):
    document = forms.FileField(
        label="Charter document",
        help_text="A Markdown file (.md) or a Word document (.docx), at most "
        f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.txt,.docx"}),
    )
    title = forms.CharField(
        max_length=200,
        required=False,
        help_text="Leave empty to use the document's first level-1 heading.",
    )
    kind = forms.ChoiceField(choices=Charter.Kind.choices, initial=Charter.Kind.WELLBEING)
    school = forms.ModelChoiceField(
        queryset=School.objects.order_by("name"),
        required=False,
        empty_label="The whole trust",
    )


class CharterImportConfirmForm(forms.Form):
    """The previewed document, sent back as Markdown (a .docx already converted) to import."""

    markdown = forms.CharField(widget=forms.HiddenInput, strip=False)
    title = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=Charter.Kind.choices, widget=forms.HiddenInput)
    school = forms.ModelChoiceField(
        queryset=School.objects.all(), required=False, widget=forms.HiddenInput
    )


class PublishForm(forms.Form):
    change_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What changed since the last version, in a few sentences. Staff see this.",
    )


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = PledgeEvidence
        fields = ["status", "note", "evidence_on"]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "evidence_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_on"].initial = timezone.localdate()


class CompareForm(forms.Form):
    def __init__(self, *args, numbers=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        self.fields["from"] = forms.TypedChoiceField(label="Compare", choices=choices, coerce=int)
        self.fields["to"] = forms.TypedChoiceField(label="with", choices=choices, coerce=int)
