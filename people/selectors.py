"""Read queries on people and labs, shaped once for pages and the API."""

from django.db.models import Count, Q, QuerySet

from people.models import Lab


def lab_list() -> QuerySet[Lab]:
    """Labs with their PI, institution and count of current members."""
    return Lab.objects.select_related("pi", "institution").annotate(
        current_member_count=Count("memberships", filter=Q(memberships__end=""))
    )
