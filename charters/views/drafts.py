"""HR editing a charter's draft (its sections and pledges, with undo) and publishing it."""

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from charters import selectors, services
from charters.compare import versions_compare
from charters.forms import (
    DraftForm,
    PledgeForm,
    PublishForm,
    SectionForm,
)
from charters.measures import measure_label
from charters.models import Charter, FrozenVersionError, Pledge, Section
from people import restore
from people.access import (
    Perm,
    require,
)
from people.confirm import confirm_page


def _frozen(request, charter):
    messages.error(request, "That version is published and cannot be changed.")
    return redirect("charters:draft", pk=charter.pk)


@require(Perm.MANAGE_CHARTERS)
def draft(request, pk):
    charter = get_object_or_404(Charter.objects.select_related("school", "current_version"), pk=pk)
    draft = selectors.draft_loaded(charter=charter)
    return render(
        request,
        "charters/draft.html",
        {
            "charter": charter,
            "draft": draft,
            "measure_label": measure_label,
            "restorable": draft
            and restore.restorable(request, kind="charter-item", owner=draft.pk),
        },
    )


@require_POST
@require(Perm.MANAGE_CHARTERS)
def draft_start(request, pk):
    charter = get_object_or_404(Charter.objects.select_related("current_version"), pk=pk)
    services.draft_start(charter=charter)
    return redirect("charters:draft", pk=charter.pk)


def _draft_or_404(charter):
    draft = selectors.draft_loaded(charter=charter)
    if draft is None:
        raise Http404
    return draft


@require(Perm.MANAGE_CHARTERS)
def draft_edit(request, pk):
    charter = get_object_or_404(Charter, pk=pk)
    draft = _draft_or_404(charter)
    form = DraftForm(request.POST or None, instance=draft)
    if request.method == "POST" and form.is_valid():
        services.draft_update(version=draft, **form.cleaned_data)
        messages.success(request, "Draft details saved.")
        return redirect("charters:draft", pk=charter.pk)
    return render(
        request,
        "charters/form.html",
        {"charter": charter, "form": form, "heading": f"Edit the draft of {charter.title}"},
    )


@require(Perm.MANAGE_CHARTERS)
def section_add(request, pk):
    charter = get_object_or_404(Charter, pk=pk)
    draft = _draft_or_404(charter)
    form = SectionForm(request.POST or None, instance=Section(version=draft))
    form.fields["position"].required = False
    if request.method == "POST" and form.is_valid():
        services.section_add(version=draft, **form.cleaned_data)
        messages.success(request, "Section added.")
        return redirect("charters:draft", pk=charter.pk)
    return render(
        request,
        "charters/form.html",
        {"charter": charter, "form": form, "heading": f"Add a section to {charter.title}"},
    )


@require(Perm.MANAGE_CHARTERS)
def section_edit(request, section_id):
    section = get_object_or_404(Section.objects.select_related("version__charter"), pk=section_id)
    charter = section.version.charter
    form = SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(section=section, **form.cleaned_data)
        except FrozenVersionError:
            return _frozen(request, charter)
        messages.success(request, "Section saved.")
        return redirect("charters:draft", pk=charter.pk)
    status = 409 if form.errors and form.non_field_errors() else 200
    return render(
        request,
        "charters/form.html",
        {"charter": charter, "form": form, "heading": f"Edit section: {section.title}"},
        status=status,
    )


@require(Perm.MANAGE_CHARTERS)
def section_delete(request, section_id):
    section = get_object_or_404(Section.objects.select_related("version__charter"), pk=section_id)
    charter = section.version.charter
    pledges = list(section.pledges.all())
    if request.method != "POST":
        return confirm_page(
            request,
            title=f"Remove the section “{section.title}”?",
            what=f"It is removed from the draft of {charter.title}, with its "
            f"{len(pledges)} pledge{'s' if len(pledges) != 1 else ''}.",
            consequences=["Published versions of the charter do not change."],
            undo="Yes: until the draft is published, you can restore it from the draft page.",
            button="Remove the section",
            cancel_url=reverse("charters:draft", kwargs={"pk": charter.pk}),
        )
    restore.keep_deleted(
        request,
        kind="charter-item",
        owner=section.version_id,
        label=f"section “{section.title}”",
        objects=[section, *pledges],
    )
    try:
        services.section_delete(section=section)
    except FrozenVersionError:
        return _frozen(request, charter)
    messages.success(request, f"Section “{section.title}” removed from the draft.")
    return redirect("charters:draft", pk=charter.pk)


@require_POST
@require(Perm.MANAGE_CHARTERS)
def draft_item_restore(request, pk):
    """Undo the last removal of a section or pledge from this charter's draft."""
    charter = get_object_or_404(Charter, pk=pk)
    draft = _draft_or_404(charter)
    try:
        label = restore.restore(request, kind="charter-item", owner=draft.pk)
    except (FrozenVersionError, IntegrityError):
        label = None
        messages.error(request, "That item can no longer be restored.")
    if label:
        messages.success(request, f"Restored the {label}.")
    return redirect("charters:draft", pk=charter.pk)


@require(Perm.MANAGE_CHARTERS)
def pledge_add(request, section_id):
    section = get_object_or_404(Section.objects.select_related("version__charter"), pk=section_id)
    charter = section.version.charter
    form = PledgeForm(request.POST or None, instance=Pledge(section=section))
    form.fields["position"].required = False
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_add(section=section, **form.cleaned_data)
        except FrozenVersionError:
            return _frozen(request, charter)
        messages.success(request, "Pledge added.")
        return redirect("charters:draft", pk=charter.pk)
    return render(
        request,
        "charters/form.html",
        {"charter": charter, "form": form, "heading": f"Add a pledge to {section.title}"},
        status=409 if form.errors and form.non_field_errors() else 200,
    )


@require(Perm.MANAGE_CHARTERS)
def pledge_edit(request, pledge_id):
    pledge = get_object_or_404(
        Pledge.objects.select_related("section__version__charter"), pk=pledge_id
    )
    charter = pledge.section.version.charter
    form = PledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_update(pledge=pledge, **form.cleaned_data)
        except FrozenVersionError:
            return _frozen(request, charter)
        messages.success(request, "Pledge saved.")
        return redirect("charters:draft", pk=charter.pk)
    return render(
        request,
        "charters/form.html",
        {"charter": charter, "form": form, "heading": "Edit pledge"},
        status=409 if form.errors and form.non_field_errors() else 200,
    )


@require(Perm.MANAGE_CHARTERS)
def pledge_delete(request, pledge_id):
    pledge = get_object_or_404(
        Pledge.objects.select_related("section__version__charter"), pk=pledge_id
    )
    charter = pledge.section.version.charter
    if request.method != "POST":
        return confirm_page(
            request,
            title="Remove this pledge?",
            what=f"“{pledge.commitment}” is removed from the draft of {charter.title}.",
            consequences=["Published versions of the charter do not change."],
            undo="Yes: until the draft is published, you can restore it from the draft page.",
            button="Remove the pledge",
            cancel_url=reverse("charters:draft", kwargs={"pk": charter.pk}),
        )
    restore.keep_deleted(
        request,
        kind="charter-item",
        owner=pledge.section.version_id,
        label=f"pledge “{pledge.commitment}”",
        objects=[pledge],
    )
    try:
        services.pledge_delete(pledge=pledge)
    except FrozenVersionError:
        return _frozen(request, charter)
    messages.success(request, "Pledge removed from the draft.")
    return redirect("charters:draft", pk=charter.pk)


@require(Perm.MANAGE_CHARTERS)
def publish(request, pk):
    charter = get_object_or_404(Charter.objects.select_related("current_version"), pk=pk)
    draft = _draft_or_404(charter)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.charter_publish(
                version=draft, by=request.user, change_summary=form.cleaned_data["change_summary"]
            )
        except services.CharterError as error:
            form.add_error("change_summary" if "summary" in str(error) else None, str(error))
        else:
            messages.success(
                request,
                f"Version {version.number} published. Staff are told in the portal and by email "
                "(emails wait until quiet hours end).",
            )
            return redirect("charters:detail", pk=charter.pk)
    comparison = None
    if charter.current_version_id:
        current = selectors.version_loaded(charter=charter, number=charter.current_version.number)
        comparison = versions_compare(current, draft, measure_label=measure_label)
    return render(
        request,
        "charters/publish.html",
        {"charter": charter, "draft": draft, "form": form, "comparison": comparison},
    )
