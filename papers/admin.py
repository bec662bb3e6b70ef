from django import forms
from django.contrib import admin

from papers.cache import papers_changed
from papers.models import Authorship, CitationCount, Paper, PaperLink
from papers.services import paper_authors_saved, set_authorship_keys, set_paper_keys
from people.admin_scope import LabScoped, ScopedInline
from people.selectors import lab_paper_ids


class PaperForm(forms.ModelForm):
    """Derives the paper's keys by the services' rule, and keeps DOIs in their stored lower case."""

    class Meta:
        model = Paper
        fields = "__all__"  # noqa: DJ007 -- the ModelAdmin's fieldsets choose the fields

    def clean_doi(self) -> str:
        return self.cleaned_data["doi"].strip().lower()

    def save(self, commit: bool = True) -> Paper:
        # The first author's key waits for the authorships: PaperAdmin.save_related.
        set_paper_keys(self.instance)
        return super().save(commit)


class AuthorshipForm(forms.ModelForm):
    """Derives the family-name key, which title matching compares, by the services' rule."""

    class Meta:
        model = Authorship
        fields = ["position", "name", "person", "equal_contribution", "corresponding"]

    def save(self, commit: bool = True) -> Authorship:
        set_authorship_keys(self.instance)
        return super().save(commit)


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


class ReadOnly:
    """Rows that ingestion records and the admin only shows: citation counts are what a source
    said on a day, not something to type in."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CitationCountInline(ReadOnly, ScopedInline, admin.TabularInline):
    model = CitationCount
    fields = ["source", "count", "observed_on"]
    readonly_fields = fields
    ordering = ["source"]
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
    inlines = [AuthorshipInline, PaperLinkInline, CitationCountInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "title_key", "kind", "year", "date", "abstract"]}),
        ("Venue", {"fields": ["venue_edition", "venue_text", "volume", "number", "pages", "publisher"]}),
        ("Identifiers", {"fields": ["doi", "arxiv_id", "external_ids", "citation_key", "categories"]}),
        (
            "Recognition",
            {"fields": ["presentation", "honors", "citation_count", "authors_complete", "selected_by"]},
        ),
        ("Record", {"fields": ["provenance", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        authors = next((f for f in formsets if f.model is Authorship), None)
        typed = authors is not None and authors.has_changed()
        paper_authors_saved(paper=form.instance, typed=typed)

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=lab_paper_ids(labs))


class PaperPartAdmin(LabScoped):
    """The admin of rows a paper's row shows (its authors, its links), on their own pages: what they
    change shows on the paper's rows at once (papers.cache), the paper they leave's too."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        papers_changed(pk for pk in (obj.paper_id, form.initial.get("paper")) if pk)

    def delete_model(self, request, obj) -> None:
        papers_changed([obj.paper_id])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        papers_changed(queryset.values_list("paper_id", flat=True))
        super().delete_queryset(request, queryset)


@admin.register(Authorship)
class AuthorshipAdmin(PaperPartAdmin):
    form = AuthorshipForm
    fields = ["paper", "person", "position", "name", "family_key", "equal_contribution", "corresponding"]
    readonly_fields = ["family_key"]
    list_display = ["name", "position", "paper", "person"]
    list_select_related = ["paper", "person"]
    search_fields = ["name", "paper__title", "person__full_name"]
    autocomplete_fields = ["paper", "person"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        paper_authors_saved(paper=obj.paper, typed=form.has_changed())

    def scope(self, queryset, labs):
        return queryset.filter(paper__in=lab_paper_ids(labs))


@admin.register(PaperLink)
class PaperLinkAdmin(PaperPartAdmin):
    list_display = ["paper", "kind", "url", "label"]
    list_filter = ["kind"]
    list_select_related = ["paper"]
    search_fields = ["paper__title", "url"]
    autocomplete_fields = ["paper"]

    def scope(self, queryset, labs):
        return queryset.filter(paper__in=lab_paper_ids(labs))


@admin.register(CitationCount)
class CitationCountAdmin(ReadOnly, LabScoped):
    list_display = ["__str__", "paper"]
    list_filter = ["source", "observed_on"]
    list_select_related = ["paper"]
    search_fields = ["paper__title", "paper__doi"]
    fields = ["paper", "source", "count", "observed_on"]
    readonly_fields = fields

    def scope(self, queryset, labs):
        return queryset.filter(paper__in=lab_paper_ids(labs))
