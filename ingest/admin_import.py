"""The admin's "Import a listing": a form, a dry-run preview, then a confirm step that queues the run.

The confirm form carries the previewed text in a hidden field with a signed digest of it and of
the options, so the run that is queued ingests exactly what the preview showed. The lab checks
run again on confirm: a form sent back is never trusted.
"""

import hashlib
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst

from core.text import UnreadableText, decode, normalize_newlines
from ingest.choices import Outcome, RecordKind, RunStatus, Trigger
from ingest.formats import Format
from ingest.submit import InputTooLarge, OutsideLabs, OwnerError, Preview, run_preview, run_submit, size_check
from ingest.submit.owners import lab_admin_check
from people.models import Lab
from people.selectors import administered_labs

PASTED = "pasted text"
SALT = "ingest.admin_import"
# Long enough to read a big preview; short enough that an old page cannot be confirmed days later.
PREVIEW_MAX_AGE = timedelta(hours=12)
COUNT_LABELS = {"records": "Records", **{outcome.value: outcome.label for outcome in Outcome}}
FORM_TEMPLATE = "admin/ingest/ingestionrun/import.html"
PREVIEW_TEMPLATE = "admin/ingest/ingestionrun/import_preview.html"


def limited_to_labs(user) -> bool:
    """A lab admin imports for their own labs only; lab_admin_check draws the same line."""
    return not user.is_superuser and administered_labs(user).exists()


class ListingOptions(forms.Form):
    """What a listing is and whose: the fields of both steps, checked against the user's labs."""

    format = forms.ChoiceField(choices=Format.choices, initial=Format.AUTO)
    lab = forms.ModelChoiceField(
        queryset=Lab.objects.none(), required=False, help_text="The lab that listed members join."
    )
    owner = forms.CharField(
        required=False,
        max_length=200,
        help_text="Whose homepage or profile: a slug or a name (a new person is created if unknown).",
    )
    observed_at = forms.DateField(
        required=False,
        label="Observed on",
        initial=timezone.localdate,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text="The day the listing was scraped; dates without a year resolve against it.",
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        lab = self.fields["lab"]
        if limited_to_labs(user):
            lab.queryset = administered_labs(user).order_by("name")
            lab.required = True
            lab.error_messages["invalid_choice"] = "That lab is not one of yours: import for your own labs."
        else:
            lab.queryset = Lab.objects.order_by("name")

    def clean_observed_at(self):
        return self.cleaned_data["observed_at"] or timezone.localdate()

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            lab_admin_check(self.user, data["owner"], data["lab"])
        except OutsideLabs as error:
            raise ValidationError(capfirst(str(error))) from error
        except OwnerError as error:
            self.add_error("owner", capfirst(str(error)))
        return data


class ImportForm(ListingOptions):
    """Step 1: a file or pasted text, and its options."""

    file = forms.FileField(
        required=False, help_text="A homepage or profile as text, a proceedings list, BibTeX..."
    )
    text = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 12, "cols": 80}))
    field_order = ["file", "text", "format", "lab", "owner", "observed_at"]

    def clean(self) -> dict:
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        if upload and text.strip():
            raise ValidationError("Give a file or a text, not both.")
        if not upload and not text.strip():
            raise ValidationError("Give a file to upload or paste the listing's text.")
        data["input_name"] = upload.name if upload else PASTED
        data["text"] = _listing_text(upload, text)
        return data


def _listing_text(upload, text: str) -> str:
    """The listing as the pipeline reads it, or a ValidationError saying why it cannot be."""
    try:
        size_check(upload.size if upload else len(text.encode()))
    except InputTooLarge as error:
        raise ValidationError(str(error)) from error
    try:
        listing = decode(upload.read() if upload else text.encode())
    except UnreadableText as error:
        raise ValidationError(f"{upload.name if upload else 'The text'} is unreadable: {error}.") from error
    if not listing.strip():
        raise ValidationError(f"{upload.name if upload else 'The text'} is empty.")
    return listing


class ConfirmForm(ListingOptions):
    """Step 2: the previewed listing and options, hidden, with the signed digest of them."""

    text = forms.CharField(strip=False, widget=forms.HiddenInput)
    input_name = forms.CharField(max_length=500, widget=forms.HiddenInput)
    digest = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = forms.HiddenInput()

    def clean_text(self) -> str:
        # Browsers send a form's line ends as CRLF; the preview's text had them as LF.
        return normalize_newlines(self.cleaned_data["text"])

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            signed = signing.loads(data["digest"], salt=SALT, max_age=PREVIEW_MAX_AGE)
        except signing.SignatureExpired as error:
            raise ValidationError("The preview is too old: preview the listing again.") from error
        except signing.BadSignature as error:
            raise ValidationError("The confirmation is not one this site made: preview again.") from error
        if signed != listing_fingerprint(self.user, data):
            raise ValidationError("The listing or its options differ from the preview: preview it again.")
        return data


def listing_fingerprint(user, data: dict) -> dict:
    """What a confirmation must repeat of its preview: who, the text's digest and the options."""
    return {
        "user": user.pk,
        "sha256": hashlib.sha256(data["text"].encode("utf-8")).hexdigest(),
        "input_name": data["input_name"],
        "format": data["format"],
        "lab": data["lab"].pk if data["lab"] else None,
        "owner": data["owner"],
        "observed_at": data["observed_at"].isoformat(),
    }


def listing_import(model_admin, request: HttpRequest) -> HttpResponse:
    """The import page: the form, its preview with a confirm form, then the queued run."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method != "POST":
        return _form_page(model_admin, request, ImportForm(user=request.user))
    if "_confirm" in request.POST:
        return _confirm(model_admin, request)
    if "_back" in request.POST:
        return _form_page(model_admin, request, _form_again(request))
    return _preview(model_admin, request)


def _preview(model_admin, request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES, user=request.user)
    if not form.is_valid():
        return _form_page(model_admin, request, form)
    data = form.cleaned_data
    try:
        preview = run_preview(
            owner=data["owner"],
            lab=data["lab"],
            data=data["text"],
            input_name=data["input_name"],
            format=data["format"],
            observed_at=data["observed_at"],
            trigger=Trigger.ADMIN,
            user=request.user,
        )
    except OwnerError as error:
        form.add_error("owner", capfirst(str(error)))
        return _form_page(model_admin, request, form)
    fields = {name: data[name] for name in ("text", "input_name", "format", "lab", "owner", "observed_at")}
    digest = signing.dumps(listing_fingerprint(request.user, data), salt=SALT)
    confirm = ConfirmForm(user=request.user, initial={**fields, "digest": digest})
    context = {"preview": preview, "confirm": confirm, "input_name": data["input_name"], **_shown(preview)}
    return _page(model_admin, request, PREVIEW_TEMPLATE, "Preview the import", context)


def _shown(preview: Preview) -> dict:
    """The preview's counts and records with the labels a person reads."""
    rows = [
        {
            **outcome,
            "kind_label": RecordKind(outcome["kind"]).label,
            "outcome_label": Outcome(outcome["outcome"]).label,
        }
        for outcome in preview.outcomes
    ]
    return {
        "format_label": Format(preview.format).label if preview.format in Format.values else preview.format,
        "failed": preview.status == RunStatus.FAILED,
        "counts": [(COUNT_LABELS.get(name, name), count) for name, count in preview.counts.items()],
        "rows": rows,
    }


def _confirm(model_admin, request: HttpRequest) -> HttpResponse:
    form = ConfirmForm(request.POST, user=request.user)
    if not form.is_valid():
        return _form_page(model_admin, request, _form_again(request), refused=_messages(form))
    data = form.cleaned_data
    try:
        with transaction.atomic():
            run = _run_queue(model_admin, request, data)
    except OwnerError as error:
        return _form_page(model_admin, request, _form_again(request), refused=[capfirst(str(error))])
    messages.success(
        request,
        f"{data['input_name']} is queued as run {run.pk}; a worker ingests it now. "
        "Reload this page to follow its status and counts.",
    )
    return redirect(reverse("admin:ingest_ingestionrun_change", args=[run.pk]))


def _run_queue(model_admin, request: HttpRequest, data: dict):
    run = run_submit(
        data=data["text"],
        input_name=data["input_name"],
        format=data["format"],
        owner=data["owner"],
        lab=data["lab"],
        observed_at=data["observed_at"],
        trigger=Trigger.ADMIN,
        user=request.user,
    )
    whose = ", ".join(
        f"{name} {value}" for name, value in (("lab", data["lab"]), ("owner", run.owner)) if value is not None
    )
    note = f"Imported {data['input_name']} ({data['format']}{', ' + whose if whose else ''}) after a preview."
    model_admin.log_addition(request, run, note)
    return run


def _form_again(request: HttpRequest) -> ImportForm:
    """The first form filled as it was, for "Back" and for a refused confirmation."""
    names = ("format", "lab", "owner", "observed_at")
    initial = {name: request.POST.get(name) for name in names if request.POST.get(name)}
    if request.POST.get("input_name") == PASTED:
        initial["text"] = request.POST.get("text", "")
    return ImportForm(user=request.user, initial=initial)


def _messages(form: forms.Form) -> list[str]:
    return [
        f"{'' if name == '__all__' else name + ': '}{error}"
        for name, errors in form.errors.items()
        for error in errors
    ]


def _form_page(model_admin, request: HttpRequest, form: ImportForm, refused=()) -> HttpResponse:
    return _page(model_admin, request, FORM_TEMPLATE, "Import a listing", {"form": form, "refused": refused})


def _page(model_admin, request: HttpRequest, template: str, title: str, context: dict) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "has_view_permission": model_admin.has_view_permission(request),
        **context,
    }
    return TemplateResponse(request, template, context)
