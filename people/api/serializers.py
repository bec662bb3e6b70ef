"""People, labs and members as the API shows them (the design's contract)."""

from rest_framework import serializers

from core.api import PartialDateInput, StrictJSONSerializer, page_url
from people.choices import Role
from people.models import Lab, Membership, Person


class PersonRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(source="full_name")


class MetricsSerializer(serializers.Serializer):
    paper_count = serializers.IntegerField(help_text="Papers known here.")
    h_index = serializers.IntegerField(allow_null=True, help_text="From the latest metric report.")
    citation_count = serializers.IntegerField(allow_null=True, help_text="From the latest metric report.")


class IdentifiersSerializer(serializers.Serializer):
    orcid = serializers.CharField(allow_null=True, help_text='"0000-0002-1825-0097"')
    dblp_pid = serializers.CharField(allow_null=True, help_text='DBLP\'s person id: "35/7092-1".')
    dblp_name = serializers.CharField(
        allow_null=True, help_text='DBLP\'s name with its homonym number: "Wei Wang 0001".'
    )
    openalex = serializers.CharField(allow_null=True, help_text='An OpenAlex author id: "A5023888391".')
    s2 = serializers.CharField(allow_null=True, help_text='A Semantic Scholar author id: "1741101".')
    scholar = serializers.CharField(allow_null=True, help_text="A Google Scholar profile id.")


# Each key of `identifiers` and the Person field that holds it.
IDENTIFIER_FIELDS = {
    "orcid": "orcid",
    "dblp_pid": "dblp_pid",
    "dblp_name": "dblp_name",
    "openalex": "openalex_id",
    "s2": "s2_id",
    "scholar": "scholar_id",
}


class PersonSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name", read_only=True)
    aliases = serializers.SerializerMethodField()
    identifiers = serializers.SerializerMethodField()
    metrics = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "aliases",
            "position",
            "affiliation",
            "bio",
            "homepage",
            "orcid",
            "identifiers",
            "metrics",
            "html_url",
        ]

    def get_aliases(self, person: Person) -> list[str]:
        return [alias.name for alias in person.aliases.all()]

    def get_identifiers(self, person: Person) -> IdentifiersSerializer:
        return {key: getattr(person, field) or None for key, field in IDENTIFIER_FIELDS.items()}

    def get_metrics(self, person: Person) -> MetricsSerializer:
        latest = next(iter(person.metric_reports.all()), None)
        return {
            "paper_count": getattr(person, "paper_count", 0),
            "h_index": latest.h_index if latest else None,
            "citation_count": latest.citation_count if latest else None,
        }

    def get_html_url(self, person: Person) -> str:
        return page_url(self.context, f"/people/{person.slug}/")


class LabSerializer(serializers.ModelSerializer):
    pi = PersonRefSerializer(allow_null=True)
    institution = serializers.CharField(source="institution.name", default=None, allow_null=True)
    html_url = serializers.SerializerMethodField()

    class Meta:
        model = Lab
        fields = ["slug", "name", "pi", "institution", "html_url"]

    def get_html_url(self, lab: Lab) -> str:
        return page_url(self.context, f"/labs/{lab.slug}/")


class MemberSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True)
    person = PersonRefSerializer()
    end = serializers.SerializerMethodField()
    is_current = serializers.BooleanField()
    co_advisors = PersonRefSerializer(many=True)
    institution = serializers.CharField(source="institution.name", default=None, allow_null=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "role",
            "title",
            "start",
            "end",
            "is_current",
            "co_advisors",
            "institution",
            "email",
        ]

    def get_end(self, membership: Membership) -> str | None:
        return membership.end or None


class MemberWriteSerializer(StrictJSONSerializer):
    """A stint typed by a lab admin; people are named by their slugs."""

    person = serializers.SlugField(help_text="The person's slug.")
    role = serializers.ChoiceField(choices=Role.choices)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True)
    start = PartialDateInput()
    end = PartialDateInput(allow_null=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    co_advisors = serializers.ListField(child=serializers.SlugField(), required=False)
