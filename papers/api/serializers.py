"""Papers as the API shows them (the design's contract) and as scripts write them."""

from rest_framework import serializers

from papers.choices import LinkKind, PaperKind
from papers.models import Paper


class VenueRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    acronym = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField()


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField()
    person = serializers.CharField(allow_null=True, help_text="The person's slug, when known.")
    position = serializers.IntegerField()


class LinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    url = serializers.CharField()


class PaperSerializer(serializers.ModelSerializer):
    venue = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    has_code = serializers.BooleanField(read_only=True)
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Paper
        fields = [
            "id",
            "title",
            "abstract",
            "year",
            "date",
            "kind",
            "venue",
            "authors",
            "authors_complete",
            "doi",
            "arxiv_id",
            "links",
            "has_code",
            "presentation",
            "honors",
            "categories",
            "citation_key",
            "citation_count",
            "html_url",
        ]

    def get_venue(self, paper: Paper) -> VenueRefSerializer(allow_null=True):
        edition = paper.venue_edition
        if edition is None:
            return None
        venue = edition.venue
        return {"slug": venue.slug, "acronym": venue.acronym, "name": venue.name, "year": edition.year}

    def get_authors(self, paper: Paper) -> AuthorSerializer(many=True):
        return [
            {"name": a.name, "person": a.person.slug if a.person else None, "position": a.position}
            for a in paper.authorships.all()
        ]

    def get_links(self, paper: Paper) -> LinkSerializer(many=True):
        return [{"kind": link.kind, "url": link.url} for link in paper.links.all() if link.url]

    def get_html_url(self, paper: Paper) -> str:
        path = f"/papers/{paper.pk}/{paper.slug or 'paper'}/"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PaperWriteSerializer(serializers.Serializer):
    """A paper typed by a script: the title and authors, and what else it knows."""

    title = serializers.CharField(max_length=500)
    authors = serializers.ListField(child=serializers.CharField(max_length=200), allow_empty=False)
    year = serializers.IntegerField(min_value=1900, max_value=2200, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=PaperKind.choices, required=False)
    abstract = serializers.CharField(required=False, allow_blank=True)
    doi = serializers.CharField(max_length=200, required=False, allow_blank=True)
    arxiv_id = serializers.CharField(max_length=40, required=False, allow_blank=True)
    venue = serializers.SlugField(required=False, help_text="A venue's slug; needs a year.")
    links = LinkSerializer(many=True, required=False)
