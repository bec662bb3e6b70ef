"""Pieces of the admin's review queue (ingest.admin.ReviewItemAdmin): its filter and its decisions.

A decision is posted to the item's change page and applied by review_resolve, the service the API
uses; the item's own fields are never edited by hand.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from ingest.choices import ReviewKind, ReviewStatus
from ingest.models import ReviewItem
from ingest.review import ACCEPT, REJECT, ReviewError, review_resolve
from papers.models import Paper
from people.admin_scope import scoped_queryset

ALL = "all"
# What the chosen id of an item is the id of.
CHOICE_NOUN = {
    ReviewKind.PAPER_MATCH: "paper",
    ReviewKind.PERSON_MATCH: "person",
    ReviewKind.UNKNOWN_VENUE: "venue",
    ReviewKind.ORPHAN_ABSTRACT: "paper",
}


class StatusFilter(admin.SimpleListFilter):
    """Open items unless another status (or all) is asked for: the queue is what is left to decide."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*ReviewStatus.choices, (ALL, "All")]

    def value(self) -> str:
        return super().value() or ReviewStatus.OPEN

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value == ALL else queryset.filter(status=value)

    def choices(self, changelist):
        # SimpleListFilter's own first entry stands for "no parameter", which is open here.
        return list(super().choices(changelist))[1:]


class DecisionForm(forms.Form):
    """Accept or reject, with the candidate chosen (or, for an abstract, any paper by id) and a note."""

    decision = forms.ChoiceField(choices=[(ACCEPT, "Accept"), (REJECT, "Reject")])
    choice = forms.IntegerField(required=False, min_value=1)
    paper = forms.IntegerField(required=False, min_value=1, label="paper id")
    note = forms.CharField(required=False, max_length=2000)

    def clean(self) -> dict:
        data = super().clean()
        choice, paper = data.get("choice"), data.get("paper")
        if choice and paper and choice != paper:
            raise forms.ValidationError(f"choose paper {choice} or type paper {paper}, not both")
        return data

    def chosen(self) -> int | None:
        return self.cleaned_data["paper"] or self.cleaned_data["choice"]

    def error_text(self) -> str:
        parts = [(name, " ".join(errors)) for name, errors in self.errors.items()]
        return "; ".join(text if name == NON_FIELD_ERRORS else f"{name}: {text}" for name, text in parts)


def decision_message(item: ReviewItem, choice: int | None) -> str:
    """What the item's history says was decided: the decision, the id chosen, the question, the note."""
    chosen = f" ({CHOICE_NOUN.get(item.kind, 'choice')} {choice})" if choice is not None else ""
    text = f"{item.get_status_display()}{chosen}: {item.summary}"
    return f"{text}. Note: {item.note}" if item.note else text


def review_decision(model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str) -> HttpResponse:
    """Apply the decision posted on an item's page; on a refusal, say why and change nothing."""
    # The admin's scoped queryset: an item outside the user's labs is not found.
    item = model_admin.get_object(request, unquote(object_id))
    if item is None:
        raise Http404(f"No review item with id {object_id!r} here.")
    if not model_admin.has_change_permission(request, item):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    if not form.is_valid():
        model_admin.message_user(request, f"Nothing was changed: {form.error_text()}", messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())
    refused = _outside_scope(model_admin, request, item, form)
    if refused:
        model_admin.message_user(request, f"Nothing was changed: {refused}.", messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())
    try:
        with transaction.atomic():  # the decision and its line in the item's history, or neither
            item = review_resolve(
                item=item,
                decision=form.cleaned_data["decision"],
                user=request.user,
                choice=form.chosen(),
                note=form.cleaned_data["note"],
            )
            message = decision_message(item, form.chosen())
            model_admin.log_change(request, item, message)
    except ReviewError as error:
        model_admin.message_user(request, f"Nothing was changed: {error}.", messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())
    model_admin.message_user(request, message, messages.SUCCESS)
    return HttpResponseRedirect(reverse("admin:ingest_reviewitem_changelist"))


def _outside_scope(model_admin, request: HttpRequest, item: ReviewItem, form: DecisionForm) -> str:
    """Why a lab admin may not put an abstract on the paper typed: it is not one of their labs'.

    The other decisions choose among the item's own candidates, which the service checks.
    """
    chosen = form.chosen()
    if item.kind != ReviewKind.ORPHAN_ABSTRACT or chosen is None or form.cleaned_data["decision"] != ACCEPT:
        return ""
    papers = scoped_queryset(model_admin.admin_site, Paper, request)
    if papers is None or papers.filter(pk=chosen).exists():
        return ""
    return f"paper {chosen} is not a paper of your labs"


def run_link_html(item: ReviewItem) -> str:
    """A link to the item's run, by id: str(run) would load the run and its whole input text."""
    if item.run_id is None:
        return "-"
    url = reverse("admin:ingest_ingestionrun_change", args=[item.run_id])
    return format_html('<a href="{}">Run {}</a>', url, item.run_id)
