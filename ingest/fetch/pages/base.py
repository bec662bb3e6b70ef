"""What every walker shares: the pages it returns, the marks of the last harvest, the page cap,
and the reading of a body as the JSON or XML it must be."""

import hashlib
import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.text import UnreadableText
from ingest.fetch.client import Fetched, FetchError, page_text
from ingest.fetch.polite import PoliteClient

MAX_PAGES = 50


@dataclass(frozen=True)
class PageMark:
    """What the last harvest kept of a page: its validators (sent back) and its marker (compared)."""

    etag: str = ""
    last_modified: str = ""
    marker: str = ""


NO_MARK = PageMark()


@dataclass(frozen=True)
class Page:
    """One fetched page of a source: its text in the ingest `format`, and whether it changed.

    `marker` is the source's own change marker where it offers one, else the ETag, else the
    body's sha256. `changed` is False when the server answered 304 (then `text` is empty) or the
    marker equals the one of the last harvest.
    """

    key: str
    url: str
    format: str
    text: str
    marker: str
    etag: str
    last_modified: str
    changed: bool


@dataclass
class Walk:
    """One walk through a source: the client, its base URL, the known marks and the page count."""

    client: PoliteClient
    base: str
    known: Mapping[str, PageMark]
    max_pages: int = MAX_PAGES
    count: int = 0

    def get(
        self,
        key: str,
        path: str,
        *,
        accept: str,
        types: frozenset[str],
        params: Mapping[str, str | int] | None = None,
        conditional: bool = False,
    ) -> Fetched:
        """GET base+path; `conditional` sends the validators of the last harvest (only for a page
        whose body no later request needs: a 304 has none)."""
        if self.count >= self.max_pages:
            raise FetchError(
                f"{self.base}{path} has more than {self.max_pages} pages for one walk; stopped there "
                "(a cursor or offset that never ends?)",
                transient=False,
            )
        self.count += 1
        mark = self.known.get(key, NO_MARK) if conditional else NO_MARK
        return self.client.get(
            self.base + path,
            params=params,
            accept=accept,
            types=types,
            etag=mark.etag,
            last_modified=mark.last_modified,
        )

    def page(self, key: str, fetched: Fetched, format: str, text: str, marker: str = "") -> Page:
        """The Page of a response; `marker` is the source's own, when it has one."""
        known = self.known.get(key)
        if fetched.not_modified:  # nothing came: the marks of the last harvest stand
            stale = known.marker if known else ""
            return Page(key, fetched.url, format, "", stale, fetched.etag, fetched.last_modified, False)
        marker = marker or fetched.etag or sha256(text)
        changed = known is None or known.marker != marker
        return Page(key, fetched.url, format, text, marker, fetched.etag, fetched.last_modified, changed)

    def unchanged(self, key: str, fetched: Fetched, format: str) -> Page:
        """The page of a 304."""
        return self.page(key, fetched, format, "")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def body_text(fetched: Fetched) -> str:
    """The body decoded, or a FetchError naming the URL when it is not text."""
    try:
        return page_text(fetched)
    except UnreadableText as error:
        raise FetchError(f"{fetched.url} is unreadable: {error}", transient=False) from error


def read_json(fetched: Fetched, text: str, what: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """The body as a JSON object holding `keys`; else a FetchError that names the URL and `what`."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise FetchError(
            f"{fetched.url} did not answer JSON ({error}); expected {what}", transient=False
        ) from None
    if not isinstance(data, dict) or not all(key in data for key in keys):
        shape = type(data).__name__ if not isinstance(data, dict) else "an object without " + ", ".join(keys)
        raise FetchError(f"{fetched.url} answered JSON that is not {what} ({shape})", transient=False)
    return data


def read_xml(fetched: Fetched, text: str, what: str, root_tag: str) -> ET.Element:
    """The body as XML whose root is `root_tag`; else a FetchError that names the URL and `what`."""
    try:
        # ElementTree fetches no external entity, and the expat it ships refuses entity bombs.
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise FetchError(
            f"{fetched.url} did not answer XML ({error}); expected {what}", transient=False
        ) from None
    if root.tag != root_tag:
        raise FetchError(f"{fetched.url} answered XML <{root.tag}>, not {what}", transient=False)
    return root


def items(value: object) -> list[Any]:
    """A JSON list as a list; null, a missing key or anything else as an empty one."""
    return value if isinstance(value, list) else []


def mailto(contact: str) -> dict[str, str]:
    """The `mailto` parameter of the polite pools (Crossref, OpenAlex); nothing without a contact."""
    return {"mailto": contact} if contact else {}
