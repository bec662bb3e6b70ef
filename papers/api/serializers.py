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
    has_code = serializers.SerializerMethodField()
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

    # Plain columns shown as stored; the rest are worked out below.
    PLAIN = (
        "title",
        "abstract",
        "year",
        "date",
        "kind",
        "authors_complete",
        "doi",
        "arxiv_id",
        "presentation",
        "honors",
        "categories",
        "citation_key",
        "citation_count",
    )

    def to_representation(self, paper: Paper) -> dict:
        # The same fields as the declared ones, built directly: DRF's field machinery costs more
        # than the database for a page of 100 papers (bench/bench_api.py).
        shown = {"id": paper.pk, **{name: getattr(paper, name) for name in self.PLAIN}}
        links = self.get_links(paper)
        shown.update(
            venue=self.get_venue(paper),
            authors=self.get_authors(paper),
            links=links,
            has_code=any(link["kind"] == LinkKind.CODE for link in links),
            html_url=self.get_html_url(paper),
        )
        return {name: shown[name] for name in self.Meta.fields}

    def get_venue(self, paper: Paper) -> VenueRefSerializer(allow_null=True):
        edition = paper.venue_edition
        if edition is None:
            return None
        venue = edition.venue
        return {"slug": venue.slug, "acronym": venue.acronym, "name": venue.name, "year": edition.year}

    def get_authors(self, paper: Paper) -> AuthorSerializer(many=True):
        if "authors" in self.context:  # rows read for the whole page (papers.selectors.authors_and_links)
            return self.context["authors"].get(paper.pk, [])
        return [
            {"name": a.name, "person": a.person.slug if a.person else None, "position": a.position}
            for a in paper.authorships.all()
        ]

    def get_links(self, paper: Paper) -> LinkSerializer(many=True):
        if "links" in self.context:
            return self.context["links"].get(paper.pk, [])
        return [{"kind": link.kind, "url": link.url} for link in paper.links.all() if link.url]

    def get_has_code(self, paper: Paper) -> bool:
        return any(link.kind == LinkKind.CODE and link.url for link in paper.links.all())

    def get_html_url(self, paper: Paper) -> str:
        if not hasattr(self, "_root"):
            request = self.context.get("request")
            self._root = request.build_absolute_uri("/")[:-1] if request else ""
        return f"{self._root}/papers/{paper.pk}/{paper.slug or 'paper'}/"


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
