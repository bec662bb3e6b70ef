from django import forms
from django.contrib import admin

from core.keys import abstract_key, title_key
from core.names import family_key
from papers.models import Authorship, Paper, PaperLink
from people.admin_scope import LabScoped, ScopedInline, typed_by_hand
from people.selectors import lab_paper_ids


class PaperForm(forms.ModelForm):
    """Keeps the title key in step with the title, and DOIs in their stored lower case."""

    class Meta:
        model = Paper
        fields = "__all__"  # noqa: DJ007 -- the ModelAdmin's fieldsets choose the fields

    def clean_title(self) -> str:
        title = self.cleaned_data["title"]
        self.instance.title_key = title_key(title)
        return title

    def clean_abstract(self) -> str:
        abstract = self.cleaned_data["abstract"]
        self.instance.abstract_key = abstract_key(abstract)
        return abstract

    def clean_doi(self) -> str:
        return self.cleaned_data["doi"].strip().lower()


class AuthorshipForm(forms.ModelForm):
    """Keeps the family-name key, which title matching compares, in step with the name."""

    class Meta:
        model = Authorship
        fields = ["position", "name", "person", "equal_contribution", "corresponding"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        self.instance.family_key = family_key(name)
        return name


class AuthorshipInline(ScopedInline, admin.TabularInline):
    model = Authorship
    form = AuthorshipForm
    fields = ["position", "name", "person", "equal_contribution", "corresponding"]
    autocomplete_fields = ["person"]
    ordering = ["position"]
    extra = 0


class PaperLinkInline(ScopedInline, admin.TabularInline):
    model = PaperLink
    fields = ["kind", "url", "label"]
    extra = 0


@admin.register(Paper)
class PaperAdmin(LabScoped):
    form = PaperForm
    list_display = ["title", "year", "kind", "venue_edition", "presentation", "authors_complete"]
    list_filter = ["kind", "year", "presentation", "authors_complete", "venue_edition__venue"]
    list_select_related = ["venue_edition__venue"]
    search_fields = ["title", "doi", "arxiv_id", "citation_key", "authorships__name"]
    autocomplete_fields = ["venue_edition", "selected_by"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["title_key", "provenance", "created_at", "updated_at"]
    inlines = [AuthorshipInline, PaperLinkInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "title_key", "kind", "year", "date", "abstract"]}),
        ("Venue", {"fields": ["venue_edition", "venue_text", "volume", "number", "pages", "publisher"]}),
        ("Identifiers", {"fields": ["doi", "arxiv_id", "citation_key", "categories"]}),
        (
            "Recognition",
            {"fields": ["presentation", "honors", "citation_count", "authors_complete", "selected_by"]},
        ),
        ("Record", {"fields": ["provenance", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        paper = form.instance
        first = paper.authorships.order_by("position").values_list("family_key", flat=True).first()
        changed = ["first_author_key"] if (first or "") != paper.first_author_key else []
        paper.first_author_key = first or ""
        authors = next((f for f in formsets if f.model is Authorship), None)
        if authors is not None and authors.has_changed() and "authors" in paper.provenance:
            typed_by_hand(paper, ["authors"])  # a list fixed by hand outranks every listing
            changed.append("provenance")
        if changed:
            paper.save(update_fields=changed)

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=lab_paper_ids(labs))


@admin.register(Authorship)
class AuthorshipAdmin(LabScoped):
    list_display = ["name", "position", "paper", "person"]
    list_select_related = ["paper", "person"]
    search_fields = ["name", "paper__title", "person__full_name"]
    autocomplete_fields = ["paper", "person"]

    def scope(self, queryset, labs):
        return queryset.filter(paper__in=lab_paper_ids(labs))


@admin.register(PaperLink)
class PaperLinkAdmin(LabScoped):
    list_display = ["paper", "kind", "url", "label"]
    list_filter = ["kind"]
    list_select_related = ["paper"]
    search_fields = ["paper__title", "url"]
    autocomplete_fields = ["paper"]

    def scope(self, queryset, labs):
        return queryset.filter(paper__in=lab_paper_ids(labs))
