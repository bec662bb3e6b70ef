from django import forms
from django.contrib import admin

from venues.models import Venue, VenueAlias, VenueEdition
from venues.services import venue_alias_key


class VenueAliasForm(forms.ModelForm):
    """Derives the alias key from the text as ingestion does, and refuses a spelling another venue owns."""

    class Meta:
        model = VenueAlias
        fields = ["venue", "text"]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        key = venue_alias_key(text)
        if not key:
            raise forms.ValidationError("This spelling has nothing left once years are removed.")
        clash = (
            VenueAlias.objects.filter(key=key).exclude(pk=self.instance.pk).select_related("venue").first()
        )
        if clash:
            raise forms.ValidationError(f"“{clash.text}” of {clash.venue} already reads the same.")
        self.instance.key = key
        return text


class VenueAliasInline(admin.TabularInline):
    model = VenueAlias
    form = VenueAliasForm
    fields = ["text", "key"]
    readonly_fields = ["key"]
    extra = 0


class VenueEditionInline(admin.TabularInline):
    model = VenueEdition
    fields = ["year", "ordinal", "location", "start_date", "end_date", "url"]
    extra = 0
    show_change_link = True


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "kind", "parent", "publisher", "verified"]
    list_filter = ["kind", "verified"]
    list_select_related = ["parent"]
    search_fields = ["acronym", "name", "aliases__text"]
    prepopulated_fields = {"slug": ["acronym"]}
    autocomplete_fields = ["parent"]
    inlines = [VenueAliasInline, VenueEditionInline]


@admin.register(VenueEdition)
class VenueEditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "venue", "year", "location"]
    list_filter = ["venue__kind", "year"]
    list_select_related = ["venue"]
    search_fields = ["venue__acronym", "venue__name", "year"]
    autocomplete_fields = ["venue"]
    ordering = ["venue__acronym", "-year"]


@admin.register(VenueAlias)
class VenueAliasAdmin(admin.ModelAdmin):
    form = VenueAliasForm
    list_display = ["text", "venue", "key"]
    list_select_related = ["venue"]
    search_fields = ["text", "key", "venue__acronym"]
    autocomplete_fields = ["venue"]
    readonly_fields = ["key"]
