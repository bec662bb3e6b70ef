"""What the apps' pages share: the query string of a paginated list."""

from django.http import QueryDict


def query_without_page(data: QueryDict) -> str:
    """The query string but its page, ending in "&", for the pagination links (includes/pagination.html)."""
    data = data.copy()
    data.pop("page", None)
    encoded = data.urlencode()
    return f"{encoded}&" if encoded else ""
