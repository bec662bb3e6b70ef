from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils import timezone

from people.admin_merge import merge_people, split_view
from people.admin_scope import LabScoped, ScopedInline
from people.choices import Role
from people.models import Institution, Lab, Membership, MetricReport, Person, PersonAlias, ProfileEntry
from people.naming import set_alias_keys, set_person_keys
from people.selectors import lab_people
from people.services import membership_end, membership_move, people_changing


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "country"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}


class PersonForm(forms.ModelForm):
    """Keeps the folded name key in step with the name typed in the admin (people.naming's rule)."""

    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 -- the ModelAdmin's fieldsets choose the fields

    def save(self, commit: bool = True) -> Person:
        set_person_keys(self.instance)
        return super().save(commit)


class PersonAliasForm(forms.ModelForm):
    """Derives the spelling's keys by the rule ingestion stores them with (people.naming)."""

    class Meta:
        model = PersonAlias
        fields = ["person", "name"]

    def save(self, commit: bool = True) -> PersonAlias:
        set_alias_keys(self.instance)
        return super().save(commit)


class PersonAliasInline(ScopedInline, admin.TabularInline):
    model = PersonAlias
    form = PersonAliasForm
    fields = ["name", "key"]
    readonly_fields = ["key"]
    extra = 0


class PersonMembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    fk_name = "person"
    fields = ["lab", "role", "title", "start", "end", "institution", "email", "order"]
    autocomplete_fields = ["lab", "institution"]
    extra = 0
    show_change_link = True


class MetricReportInline(ScopedInline, admin.TabularInline):
    model = MetricReport
    fields = ["source", "observed_on", "h_index", "citation_count", "paper_count", "source_url"]
    extra = 0


@admin.register(Person)
class PersonAdmin(LabScoped):
    form = PersonForm
    list_display = ["full_name", "position", "affiliation", "institution", "updated_at"]
    list_filter = [
        ("institution", admin.RelatedOnlyFieldListFilter),
        ("memberships__lab", admin.RelatedOnlyFieldListFilter),
        "memberships__role",
    ]
    list_select_related = ["institution"]
    search_fields = [
        "full_name",
        "aliases__name",
        "email",
        "orcid",
        "dblp_pid",
        "dblp_name",
        "openalex_id",
        "s2_id",
        "scholar_id",
    ]
    autocomplete_fields = ["institution"]
    prepopulated_fields = {"slug": ["full_name"]}
    readonly_fields = ["name_key", "provenance", "created_at", "updated_at"]
    inlines = [PersonAliasInline, PersonMembershipInline, MetricReportInline]
    actions = [merge_people]
    fieldsets = [
        (None, {"fields": ["full_name", "given_name", "family_name", "slug", "name_key"]}),
        ("Position", {"fields": ["position", "affiliation", "institution", "bio"]}),
        (
            "Links and ids",
            {
                "fields": [
                    "homepage",
                    "email",
                    "orcid",
                    "dblp_pid",
                    "dblp_name",
                    "openalex_id",
                    "s2_id",
                    "scholar_id",
                ]
            },
        ),
        ("Record", {"fields": ["provenance", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=lab_people(labs).values("pk"))

    # The apps above show people's slugs and link to them: they hear of a new slug or a deletion.
    def save_model(self, request, obj, form, change) -> None:
        if change and "slug" in form.changed_data:
            people_changing(person_ids=[obj.pk])
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj) -> None:
        people_changing(person_ids=[obj.pk])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        people_changing(person_ids=queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)

    def get_urls(self):
        split = self.admin_site.admin_view(partial(split_view, self))
        name = f"{self.opts.app_label}_{self.opts.model_name}_split"
        return [path("<path:object_id>/split/", split, name=name), *super().get_urls()]


@admin.register(PersonAlias)
class PersonAliasAdmin(LabScoped):
    form = PersonAliasForm
    list_display = ["name", "person", "key"]
    list_select_related = ["person"]
    search_fields = ["name", "key", "person__full_name"]
    autocomplete_fields = ["person"]
    readonly_fields = ["key"]

    def scope(self, queryset, labs):
        return queryset.filter(person__in=lab_people(labs).values("pk"))


class LabMembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    fk_name = "lab"
    fields = ["person", "role", "title", "start", "end", "co_advisors", "institution", "email", "order"]
    autocomplete_fields = ["person", "co_advisors", "institution"]
    extra = 1


@admin.register(Lab)
class LabAdmin(LabScoped):
    list_display = ["name", "pi", "institution"]
    list_select_related = ["pi", "institution"]
    search_fields = ["name", "pi__full_name", "institution__name"]
    autocomplete_fields = ["pi", "institution"]
    filter_horizontal = ["admins"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [LabMembershipInline]

    def scope(self, queryset, labs):
        return queryset.filter(pk__in=labs.values("pk"))

    def get_readonly_fields(self, request, obj=None):
        # Who administers a lab, and its address, are decided by a superuser.
        fixed = [] if request.user.is_superuser else ["admins", "slug"]
        return [*super().get_readonly_fields(request, obj), *fixed]

    def get_prepopulated_fields(self, request, obj=None):
        return super().get_prepopulated_fields(request, obj) if request.user.is_superuser else {}


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


@admin.action(description="Mark as alumni (ends this month)", permissions=["change"])
def mark_as_alumni(model_admin, request, queryset) -> None:
    ended = 0
    for membership in queryset.select_related("person", "lab").filter(end=""):
        try:
            membership_end(membership=membership, month=this_month())
        except ValidationError as error:
            model_admin.message_user(request, f"{membership}: {error.messages[0]}", messages.ERROR)
            continue
        model_admin.log_change(request, membership, f"Marked as alumni: ended {membership.end}.")
        ended += 1
    model_admin.message_user(request, f"{ended} membership(s) ended this month.", messages.SUCCESS)


def move_to_role_action(role: Role):
    """An action moving current members to role: their stint ends, a new one starts this month."""

    def move(model_admin, request, queryset) -> None:
        moved = 0
        for membership in queryset.select_related("person", "lab", "institution").filter(end=""):
            try:
                new = membership_move(membership=membership, role=role.value, month=this_month())
            except ValidationError as error:
                model_admin.message_user(request, f"{membership}: {error.messages[0]}", messages.ERROR)
                continue
            model_admin.log_change(request, membership, f"Moved to {role.label}: ended {membership.end}.")
            model_admin.log_addition(request, new, f"Moved here from {membership.get_role_display()}.")
            moved += 1
        model_admin.message_user(request, f"{moved} member(s) moved to {role.label}.", messages.SUCCESS)

    move.__name__ = f"move_to_{role.value}"
    return admin.action(description=f"Move to role: {role.label}", permissions=["change"])(move)


@admin.register(Membership)
class MembershipAdmin(LabScoped):
    actions = [mark_as_alumni, *(move_to_role_action(role) for role in Role)]
    list_display = ["person", "lab", "role", "start", "end", "institution"]
    list_filter = [("lab", admin.RelatedOnlyFieldListFilter), "role"]
    list_select_related = ["person", "lab", "institution"]
    search_fields = ["person__full_name", "person__aliases__name", "lab__name"]
    autocomplete_fields = ["person", "lab", "co_advisors", "institution"]

    def scope(self, queryset, labs):
        return queryset.filter(lab__in=labs.values("pk"))


@admin.register(ProfileEntry)
class ProfileEntryAdmin(LabScoped):
    list_display = ["person", "kind", "date", "short_text"]
    list_filter = ["kind"]
    list_select_related = ["person"]
    search_fields = ["text", "person__full_name"]
    autocomplete_fields = ["person", "lab"]
    readonly_fields = ["run"]

    @admin.display(description="Text")
    def short_text(self, entry: ProfileEntry) -> str:
        return entry.text[:80]

    def scope(self, queryset, labs):
        return queryset.filter(person__in=lab_people(labs).values("pk"))


@admin.register(MetricReport)
class MetricReportAdmin(LabScoped):
    list_display = ["person", "source", "observed_on", "h_index", "citation_count", "paper_count"]
    list_filter = ["source"]
    list_select_related = ["person"]
    search_fields = ["person__full_name", "source"]
    autocomplete_fields = ["person"]
    readonly_fields = ["run"]

    def scope(self, queryset, labs):
        return queryset.filter(person__in=lab_people(labs).values("pk"))
