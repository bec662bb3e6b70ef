"""Papers as the API shows them (the design's contract) and as scripts write them."""

from rest_framework import serializers

from core.api import NOT_BLANK, StrictJSONSerializer, page_url
from core.dates import EARLIEST_YEAR, latest_year
from core.identifiers import DOI_PATTERN, normalize_doi
from papers.choices import CitationSource, LinkKind, PaperKind
from papers.models import Paper, validate_year
from papers.selectors import API_FIELDS


class VenueRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    acronym = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField()


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField(help_text='The name in reading order: "Shu Min Teo".')
    credited_as = serializers.CharField(help_text='The name as the source wrote it: "Teo, Shu Min".')
    person = serializers.CharField(allow_null=True, help_text="The person's slug, when known.")
    position = serializers.IntegerField()


class LinkSerializer(StrictJSONSerializer):
    """A link of a paper: its kind and address."""

    kind = serializers.ChoiceField(choices=LinkKind.choices)
    url = serializers.CharField(
        allow_null=True,
        help_text="null when unknown: a listing said the code exists without its address (code links only).",
    )

    def validate(self, data: dict) -> dict:
        if data.get("url") is None and data.get("kind") != LinkKind.CODE:
            raise serializers.ValidationError({"url": ["Only a code link may have an unknown URL (null)."]})
        return {**data, "url": data.get("url") or ""}  # stored as "": the URL is unknown


class CitationCountSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=CitationSource.choices)
    count = serializers.IntegerField(help_text="The citations this source reported; never summed.")
    observed_on = serializers.DateField(help_text="The day the source reported the count.")


class PaperSerializer(serializers.ModelSerializer):
    venue = serializers.SerializerMethodField()
    authors = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    citation_counts = serializers.SerializerMethodField()
    external_ids = serializers.DictField(
        child=serializers.CharField(),
        read_only=True,
        help_text='The paper\'s ids in the sources that gave it: {"dblp": "conf/cvpr/HeZRS16", '
        '"openalex": "W2194775991"}; keys among dblp, openalex, s2, s2_corpus, orcid_put_code, pmid, '
        "pmcid, mag.",
    )
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
            "citation_counts",
            "external_ids",
            "html_url",
        ]

    # Plain columns shown as stored (the row's id and slug make html_url); the rest are worked out below.
    PLAIN = tuple(name for name in API_FIELDS if name not in ("id", "slug"))

    def to_representation(self, paper: dict) -> dict:
        """A paper's row (papers.selectors.api_rows, api_row) as the declared fields, built directly:
        DRF's field machinery, and model instances, cost more than the database for a page of 100
        papers (bench/bench_api.py)."""
        shown = {"id": paper["id"], **{name: paper[name] for name in self.PLAIN}}
        context = self.context  # a list's child climbs to its root for it at every use: read once
        links = self.get_links(paper, context)
        shown.update(
            venue=self.get_venue(paper),
            authors=self.get_authors(paper, context),
            links=links,
            citation_counts=self.get_citation_counts(paper, context),
            has_code=any(link["kind"] == LinkKind.CODE for link in links),
            html_url=self.get_html_url(paper, context),
        )
        return {name: shown[name] for name in self.Meta.fields}

    def get_venue(self, paper: dict) -> VenueRefSerializer(allow_null=True):
        if paper["venue_slug"] is None:
            return None
        return {
            "slug": paper["venue_slug"],
            "acronym": paper["venue_acronym"],
            "name": paper["venue_name"],
            "year": paper["venue_year"],
        }

    # Authors, links and citation counts come as rows in the context, read for all the papers shown
    # at once (papers.selectors.authors_and_links and citation_rows; the views' ExportMixin.shown).
    def get_authors(self, paper: dict, context: dict | None = None) -> AuthorSerializer(many=True):
        return (context or self.context)["authors"].get(paper["id"], [])

    def get_links(self, paper: dict, context: dict | None = None) -> LinkSerializer(many=True):
        return (context or self.context)["links"].get(paper["id"], [])

    def get_citation_counts(self, paper: dict, context: dict | None = None) -> CitationCountSerializer(
        many=True
    ):
        rows = (context or self.context)["citations"].get(paper["id"], [])
        return [{**row, "observed_on": row["observed_on"].isoformat()} for row in rows]

    def get_html_url(self, paper: dict, context: dict | None = None) -> str:
        return page_url(context or self.context, f"/papers/{paper['id']}/{paper['slug'] or 'paper'}/")


class PaperWriteSerializer(StrictJSONSerializer):
    """A paper typed by a script: the title and authors, and what else it knows."""

    title = serializers.CharField(max_length=500, validators=[NOT_BLANK])
    authors = serializers.ListField(
        child=serializers.CharField(max_length=200, validators=[NOT_BLANK]), min_length=1
    )
    # The bounds tell the schema; validate_year keeps the rule (next year moves on 1 January).
    year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=EARLIEST_YEAR,
        max_value=latest_year(),
        validators=[validate_year],
    )
    kind = serializers.ChoiceField(choices=PaperKind.choices, required=False)
    abstract = serializers.CharField(required=False, allow_blank=True)
    doi = serializers.RegexField(
        DOI_PATTERN,
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="A DOI, or a text holding one (a doi.org address): stored in lower case.",
    )
    arxiv_id = serializers.CharField(max_length=40, required=False, allow_blank=True)
    venue = serializers.SlugField(required=False, help_text="A venue's slug; needs a year.")
    links = LinkSerializer(many=True, required=False)

    def validate_doi(self, value: str) -> str:
        """The DOI in its one form (core.identifiers), as stored and as another paper would hold it."""
        return normalize_doi(value)


class PaperPatchSerializer(PaperWriteSerializer):
    """What PATCH changes: the paper's own fields (its authors, links and venue are the admin's)."""

    authors = None
    links = None
    venue = None


def paper_body_rules(result: dict, **kwargs) -> dict:
    """A spectacular hook: the rules across fields of a paper's body, as the schema can say them (anyOf):
    a link's url may be null only for a code link (LinkSerializer.validate), and a venue needs a
    year (PaperViewSet.create)."""
    schemas = result.get("components", {}).get("schemas", {})
    rules = {
        "LinkRequest": [
            {"properties": {"url": {"type": "string"}}},
            {"properties": {"kind": {"type": "string", "enum": [LinkKind.CODE.value]}}},
        ],
        "PaperWriteRequest": [
            {"not": {"required": ["venue"]}},
            {"required": ["year"], "properties": {"year": {"type": "integer"}}},
        ],
    }
    for name, any_of in rules.items():
        if name in schemas:
            schemas[name]["anyOf"] = any_of
    return result
