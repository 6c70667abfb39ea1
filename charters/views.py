from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from charters import selectors, services
from charters.compare import versions_compare
from charters.documents import (
    MAX_DOCUMENT_BYTES,
    TOO_LARGE,
    DocumentError,
    document_read,
    markdown_read,
)
from charters.forms import (
    CharterCreateForm,
    CharterImportConfirmForm,
    CharterImportForm,
    CompareForm,
    DraftForm,
    EvidenceForm,
    PledgeForm,
    PublishForm,
    SectionForm,
)
from charters.measures import measure_label
from charters.models import Charter, FrozenVersionError, Pledge, Section
from charters.pdf import version_pdf
from people import restore
from people.access import (
    Perm,
    has_perm,
    has_trust_perm,
    require,
    school_or_403,
    schools_for,
)
from people.confirm import confirm_page


def _frozen(request, charter):
    messages.error(request, "That version is published and cannot be changed.")
    return redirect("charters:draft", pk=charter.pk)


@require(Perm.VIEW_CHARTERS)
def index(request):
    return render(
        request,
        "charters/index.html",
        {
            "groups": selectors.charter_index(user=request.user),
            "notices": selectors.notices_for(user=request.user),
            "can_manage": has_perm(request.user, Perm.MANAGE_CHARTERS),
        },
    )


def _version_page(request, charter, number, *, template="charters/detail.html"):
    version = selectors.version_loaded(charter=charter, number=number)
    current = charter.current_version
    last_read = selectors.last_read_number(charter=charter, user=request.user)
    if number == current.number:
        services.read_record(charter=charter, user=request.user, number=number)
    can_ack = has_perm(request.user, Perm.ACKNOWLEDGE_CHARTERS)
    return render(
        request,
        template,
        {
            "charter": charter,
            "version": version,
            "is_current": number == current.number,
            "current": current,
            "last_read": last_read,
            "acknowledgement": selectors.acknowledgement_of(version=version, user=request.user)
            if can_ack
            else None,
            "can_acknowledge": can_ack,
            "can_manage": has_perm(request.user, Perm.MANAGE_CHARTERS),
            "measure_label": measure_label,
        },
    )


@require(Perm.VIEW_CHARTERS)
def detail(request, pk):
    charter = selectors.charter_for(user=request.user, pk=pk)
    if charter.current_version_id is None:
        return redirect("charters:draft", pk=charter.pk)
    return _version_page(request, charter, charter.current_version.number)


@require(Perm.VIEW_CHARTERS)
def version(request, pk, number):
    charter = selectors.charter_for(user=request.user, pk=pk)
    if charter.current_version_id is None:
        raise Http404
    return _version_page(request, charter, number)


@require(Perm.VIEW_CHARTERS)
def print_view(request, pk, number):
    charter = selectors.charter_for(user=request.user, pk=pk)
    version = selectors.version_loaded(charter=charter, number=number)
    return render(request, "charters/print.html", {"charter": charter, "version": version})


@require(Perm.VIEW_CHARTERS)
def pdf_view(request, pk, number):
    charter = selectors.charter_for(user=request.user, pk=pk)
    version = selectors.version_loaded(charter=charter, number=number)
    response = HttpResponse(version_pdf(charter=charter, version=version), "application/pdf")
    filename = f"{charter.slug}-version-{version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require(Perm.VIEW_CHARTERS)
def versions(request, pk):
    charter = selectors.charter_for(user=request.user, pk=pk)
    items = selectors.version_list(charter=charter)
    numbers = [v.number for v in items]
    initial = {"from": numbers[1], "to": numbers[0]} if len(numbers) > 1 else {}
    return render(
        request,
        "charters/versions.html",
        {
            "charter": charter,
            "versions": items,
            "form": CompareForm(initial=initial, numbers=sorted(numbers)),
        },
    )


@require(Perm.VIEW_CHARTERS)
def compare(request, pk):
    charter = selectors.charter_for(user=request.user, pk=pk)
    numbers = sorted(v.number for v in selectors.version_list(charter=charter))
    form = CompareForm(request.GET or None, numbers=numbers)
    if not form.is_valid():
        return render(
            request,
            "charters/compare.html",
            {"charter": charter, "form": form, "comparison": None},
            status=400 if request.GET else 200,
        )
    old = selectors.version_loaded(charter=charter, number=form.cleaned_data["from"])
    new = selectors.version_loaded(charter=charter, number=form.cleaned_data["to"])
    comparison = versions_compare(old, new, measure_label=measure_label)
    return render(
        request,
        "charters/compare.html",
        {"charter": charter, "form": form, "comparison": comparison},
    )


@require_POST
@require(Perm.ACKNOWLEDGE_CHARTERS)
def acknowledge(request, pk, number):
    charter = selectors.charter_for(user=request.user, pk=pk)
    version = selectors.version_loaded(charter=charter, number=number)
    _ack, created = services.acknowledgement_record(version=version, user=request.user)
    if created:
        messages.success(request, f"Thank you: you have acknowledged version {number}.")
    return redirect("charters:version", pk=charter.pk, number=number)


# --- pledge status -----------------------------------------------------------------------------


@require(Perm.VIEW_PLEDGE_STATUS)
def status(request):
    urn = request.GET.get("school", "").strip()
    school = None
    if urn:
        school = school_or_403(request.user, Perm.VIEW_PLEDGE_STATUS, urn)
    elif not has_trust_perm(request.user, Perm.VIEW_PLEDGE_STATUS):
        # A governor or head sees their (first) school straight away.
        school = schools_for(request.user, Perm.VIEW_PLEDGE_STATUS).order_by("urn").first()
        if school is None:
            raise PermissionDenied
    return render(
        request,
        "charters/status.html",
        {
            "school": school,
            "schools": schools_for(request.user, Perm.VIEW_PLEDGE_STATUS).order_by("name"),
            "trust_wide": has_trust_perm(request.user, Perm.VIEW_PLEDGE_STATUS),
            "charters": selectors.pledge_status_rows(school=school),
            "can_manage": has_perm(request.user, Perm.MANAGE_CHARTERS),
        },
    )


# --- HR: managing charters ---------------------------------------------------------------------


@require(Perm.MANAGE_CHARTERS)
def manage(request):
    form = CharterCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        charter = services.charter_create(**form.cleaned_data)
        messages.success(request, f"{charter.title} created. Write its first draft.")
        return redirect("charters:draft", pk=charter.pk)
    charters = Charter.objects.select_related("school", "current_version").order_by(
        "school__urn", "kind", "title"
    )
    drafts = set(Charter.objects.filter(versions__status="draft").values_list("pk", flat=True))
    return render(
        request, "charters/manage.html", {"form": form, "charters": charters, "drafts": drafts}
    )


def _import_page(request, *, form, document=None, confirm=None, status=200):
    return render(
        request,
        "charters/import.html",
        {"form": form, "document": document, "confirm": confirm},
        status=status,
    )


@require(Perm.MANAGE_CHARTERS)
def charter_import(request):
    """Upload a charter document, preview what was read, then make it a new draft."""
    if request.method == "POST" and "markdown" in request.POST:
        return _import_confirmed(request)
    form = CharterImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _import_page(request, form=form, status=400 if form.errors else 200)
    upload = form.cleaned_data["document"]
    try:
        if upload.size > MAX_DOCUMENT_BYTES:
            raise DocumentError(TOO_LARGE)
        document = document_read(
            name=upload.name, content=upload.read(), title=form.cleaned_data["title"]
        )
    except DocumentError as error:
        form.add_error("document", str(error))
        return _import_page(request, form=form, status=400)
    if not document.ok:
        return _import_page(request, form=form, document=document, status=400)
    confirm = CharterImportConfirmForm(
        initial={
            "markdown": document.markdown,
            "title": form.cleaned_data["title"],
            "kind": form.cleaned_data["kind"],
            "school": form.cleaned_data["school"],
        }
    )
    return _import_page(request, form=form, document=document, confirm=confirm)


def _import_confirmed(request):
    confirm = CharterImportConfirmForm(request.POST)
    if not confirm.is_valid():
        return _import_page(request, form=CharterImportForm(), status=400)
    data = confirm.cleaned_data
    document = markdown_read(data["markdown"], title=data["title"])
    if not document.ok:
        return _import_page(
            request, form=CharterImportForm(), document=document, confirm=None, status=400
        )
    draft = services.charter_import(document=document, kind=data["kind"], school=data["school"])
    messages.success(
        request,
        f"Draft of {draft.title} created from the document: {len(document.sections)} sections, "
        f"{document.pledge_count} pledges. Check owners and review dates, then publish.",
    )
    return redirect("charters:draft", pk=draft.charter_id)


@require(Perm.MANAGE_CHARTERS)
def acknowledgements(request):
    return render(
        request,
        "charters/acknowledgements.html",
        {"charters": selectors.acknowledgement_rates()},
    )


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


@require(Perm.MANAGE_CHARTERS)
def evidence(request, pk, pledge_key):
    charter = get_object_or_404(Charter.objects.select_related("school"), pk=pk)
    pledge = selectors.pledge_in_current(charter=charter, pledge_key=pledge_key)
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.evidence_record(
            charter=charter, pledge_key=pledge.key, by=request.user, **form.cleaned_data
        )
        messages.success(request, "Evidence recorded.")
        return redirect("charters:evidence", pk=charter.pk, pledge_key=pledge.key)
    return render(
        request,
        "charters/evidence.html",
        {
            "charter": charter,
            "pledge": pledge,
            "form": form,
            "history": selectors.evidence_history(charter=charter, pledge_key=pledge.key),
            "today": timezone.localdate(),
        },
    )
