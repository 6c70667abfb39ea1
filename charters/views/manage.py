"""HR managing charters: the list, importing a charter from a document, who has acknowledged
it, and recording evidence for a pledge."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from charters import selectors, services
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
    EvidenceForm,
)
from charters.models import Charter
from people.access import (
    Perm,
    require,
)


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
