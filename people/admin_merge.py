"""Merging and splitting people in the admin: a preview page, then the service, then a way back."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from people.admin_scope import LabScoped
from people.merging import MergeError, person_merge, person_merge_preview, person_merge_undo, person_split
from people.models import Person, PersonAlias, PersonMerge
from people.selectors import lab_people

MERGES_URL = "admin:people_personmerge_changelist"


def _by_papers(queryset) -> list[Person]:
    """The people chosen, the one with most papers first (the survivor proposed)."""
    counted = queryset.annotate(paper_count=Count("authorships", distinct=True))
    return list(counted.prefetch_related("aliases", "memberships__lab").order_by("-paper_count", "pk"))


@admin.action(description="Merge the selected people into one…", permissions=["change"])
def merge_people(model_admin, request: HttpRequest, queryset) -> HttpResponse | None:
    people = _by_papers(queryset)
    if len(people) < 2:
        model_admin.message_user(request, "Select two people or more to merge.", messages.WARNING)
        return None
    chosen = request.POST.get("survivor", "")
    survivor = next((p for p in people if str(p.pk) == chosen), people[0])
    merged = [p for p in people if p.pk != survivor.pk]
    # Only the survivor whose preview was shown is merged into; another choice is previewed first.
    if request.POST.get("confirm") == "yes" and request.POST.get("previewed") == str(survivor.pk):
        return _merge(model_admin, request, survivor, merged)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": "Merge people",
        "opts": model_admin.model._meta,
        "people": people,
        "survivor": survivor,
        "preview": person_merge_preview(survivor=survivor, merged=merged),
        "selected": [p.pk for p in people],
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/people/person/merge.html", context)


def _merge(model_admin, request, survivor: Person, merged: list[Person]) -> None:
    for person in merged:
        name, slug = person.full_name, person.slug
        try:
            record = person_merge(survivor=survivor, merged=person, user=request.user)
        except MergeError as error:
            model_admin.message_user(request, str(error), messages.ERROR)
            continue
        model_admin.log_change(request, survivor, f"Merged {name} ({slug}) into this person.")
        undo = reverse(MERGES_URL) + f"?id={record.pk}"
        model_admin.message_user(
            request,
            format_html('Merged {} into {}. <a href="{}">Undo it from the merges</a>.', name, survivor, undo),
            messages.SUCCESS,
        )


class SplitForm(forms.Form):
    full_name = forms.CharField(max_length=200, label="Name of the other person")
    # The person's authorships, set in __init__ (papers' relation to Person: people imports no papers).
    authorships = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Their papers"
    )
    aliases = forms.ModelMultipleChoiceField(
        queryset=PersonAlias.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Their spellings",
    )

    def __init__(self, person: Person, *args, **kwargs):
        super().__init__(*args, **kwargs)
        authorships = person.authorships.select_related("paper").order_by("-paper__year", "paper__title")
        self.fields["authorships"].queryset = authorships
        self.fields["authorships"].label_from_instance = _paper_label
        self.fields["aliases"].queryset = person.aliases.all()


def _choice_of(form: SplitForm) -> str:
    """What was chosen, to split only what the preview showed."""
    data = form.cleaned_data
    papers = sorted(a.pk for a in data["authorships"])
    aliases = sorted(a.pk for a in data["aliases"])
    return f"{data['full_name'].strip()}|{papers}|{aliases}"


def _paper_label(authorship: models.Model) -> str:
    paper = authorship.paper
    return f"{paper.title} ({paper.year or 'no year'}), as “{authorship.name}”"


def split_view(model_admin, request: HttpRequest, object_id: str) -> HttpResponse:
    """Give some of a person's papers to another, new person: choose, preview, confirm."""
    person = model_admin.get_object(request, unquote(object_id))
    if person is None:
        raise Http404(f"No person with id {object_id!r} here.")
    if not model_admin.has_change_permission(request, person):
        raise PermissionDenied
    form = SplitForm(person, request.POST or None)
    previewed = form.is_bound and form.is_valid() and request.POST.get("previewed") == _choice_of(form)
    if previewed and request.POST.get("confirm") == "yes":
        record = person_split(person=person, user=request.user, **form.cleaned_data)
        model_admin.log_change(request, person, f"Split {record.other_name} ({record.other_slug}) off.")
        model_admin.message_user(
            request,
            format_html(
                'Gave {} paper(s) to <a href="{}">{}</a>. <a href="{}">Undo it from the merges</a>.',
                len(form.cleaned_data["authorships"]),
                reverse("person-detail", args=[record.other_slug]),
                record.other_name,
                reverse(MERGES_URL) + f"?id={record.pk}",
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:people_person_change", args=[person.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Split {person}",
        "opts": model_admin.model._meta,
        "original": person,
        "form": form,
        "preview": form.is_bound and form.is_valid(),
        "choice": _choice_of(form) if form.is_bound and form.is_valid() else "",
    }
    return TemplateResponse(request, "admin/people/person/split.html", context)


@admin.action(description="Undo the selected merges and splits", permissions=["change"])
def undo_merges(model_admin, request: HttpRequest, queryset) -> None:
    for record in queryset.filter(undone_at=None):
        try:
            person_merge_undo(record=record, user=request.user)
        except MergeError as error:
            model_admin.message_user(request, f"{record}: {error}", messages.ERROR)
            continue
        model_admin.log_change(request, record, "Undone.")
        model_admin.message_user(request, f"Undone: {record}.", messages.SUCCESS)


@admin.register(PersonMerge)
class PersonMergeAdmin(LabScoped):
    """Merges and splits as they were done, to read and to undo; never edited by hand."""

    actions = [undo_merges]
    list_display = ["__str__", "kind", "other_slug", "created_by", "created_at", "undone_at"]
    list_filter = ["kind", ("undone_at", admin.EmptyFieldListFilter)]
    list_select_related = ["person", "created_by"]
    search_fields = ["other_name", "other_slug", "person__full_name"]
    fields = ["kind", "person", "other", "other_name", "other_slug", "created_by", "created_at", "undone_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def scope(self, queryset, labs):
        return queryset.filter(person__in=lab_people(labs).values("pk"))
