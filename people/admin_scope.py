"""Admin pieces shared by the apps: what a lab admin may reach, and nothing else.

A lab admin is a staff user in the "Lab admins" group (people migration 0004) and in Lab.admins.
Each admin of a model they may reach says, in scope(), which of its rows belong to a set of labs;
get_queryset applies it, so the changelist, the change, delete and history views, autocomplete,
raw-id popups, bulk actions and RelatedOnly list filters all see the same rows. Choices of a
foreign key or many-to-many come from the scoped admin of the related model. An object outside the
scope answers 404, never a page and never a redirect that confirms it exists. Superusers see all.
"""

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from core.provenance import typed_by_hand
from people.selectors import administered_labs

# Fields where a lab admin picks from everyone (people are public on the site): a new member, a
# co-advisor from another group, the person behind an author's name. Opening or editing those
# people stays scoped.
PICK_FROM_EVERYONE = {
    ("people", "membership", "person"),
    ("people", "membership", "co_advisors"),
    ("papers", "authorship", "person"),
}


def sees_everything(request: HttpRequest) -> bool:
    return request.user.is_superuser


def scoped_queryset(site: admin.AdminSite, model: type[Model], request: HttpRequest) -> QuerySet | None:
    """The rows of model the request's user may reach, or None when that model is not scoped."""
    model_admin = site._registry.get(model)
    if sees_everything(request) or not isinstance(model_admin, LabScoped):
        return None
    queryset = model._default_manager.all()
    return model_admin.scope(queryset, administered_labs(request.user))


def picks_from_everyone(request: HttpRequest) -> bool:
    """An autocomplete request for a PICK_FROM_EVERYONE field."""
    match = request.resolver_match
    if match is None or match.url_name != "autocomplete":
        return False
    asked = tuple(request.GET.get(name, "") for name in ("app_label", "model_name", "field_name"))
    return asked in PICK_FROM_EVERYONE


class ScopedChoices:
    """Foreign-key and many-to-many choices limited to what the user may reach."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        self._limit(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _limit(self, db_field, request, kwargs) -> None:
        opts = db_field.model._meta
        if (opts.app_label, opts.model_name, db_field.name) in PICK_FROM_EVERYONE:
            return
        queryset = scoped_queryset(self.admin_site, db_field.related_model, request)
        if queryset is not None:
            kwargs["queryset"] = queryset


class LabScoped(ScopedChoices, admin.ModelAdmin):
    """The admin of a model lab admins may reach; subclasses say which rows in scope()."""

    def scope(self, queryset: QuerySet, labs: QuerySet) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if sees_everything(request) or picks_from_everyone(request):
            return queryset
        return self.scope(queryset, administered_labs(request.user))

    def save_model(self, request, obj, form, change) -> None:
        typed_by_hand(obj, form.changed_data)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        for inline in formset.forms:
            typed_by_hand(inline.instance, inline.changed_data)
        super().save_formset(request, form, formset, change)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with a message; outside the scope that would confirm
        # the object exists. A 404 says nothing.
        raise Http404(f"No {opts.verbose_name} with id {object_id!r} here.")


class ScopedInline(ScopedChoices):
    """An inline showing only the rows the user may reach, by the scope of the model's own admin."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        scoped = scoped_queryset(self.admin_site, self.model, request)
        return queryset if scoped is None else queryset.filter(pk__in=scoped.values("pk"))
