"""Venues and their editions as the API shows them."""

from rest_framework import serializers

from core.api import page_url
from venues.models import Venue, VenueEdition


class EditionSerializer(serializers.ModelSerializer):
    paper_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VenueEdition
        fields = ["year", "ordinal", "location", "start_date", "end_date", "url", "paper_count"]


class VenueSerializer(serializers.ModelSerializer):
    paper_count = serializers.IntegerField(read_only=True)
    # Not Field.parent: the serializer's metaclass takes declared fields out of the class.
    parent: "serializers.SlugRelatedField[Venue]" = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="slug", read_only=True, allow_null=True, help_text="The conference a workshop is held at."
    )
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Venue
        fields = [
            "slug",
            "acronym",
            "name",
            "kind",
            "publisher",
            "field",
            "homepage",
            "parent",
            "verified",
            "paper_count",
            "html_url",
        ]

    def get_html_url(self, venue: Venue) -> str:
        return page_url(self.context, f"/venues/{venue.slug}/")


class VenueDetailSerializer(VenueSerializer):
    editions = EditionSerializer(many=True, read_only=True)

    class Meta(VenueSerializer.Meta):
        fields = [*VenueSerializer.Meta.fields, "editions"]
