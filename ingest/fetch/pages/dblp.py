"""DBLP: a person's page as XML, one request."""

import re
from urllib.parse import quote

from ingest.fetch.client import XML_TYPES, FetchError
from ingest.fetch.pages.base import Page, Walk, body_text, read_xml
from ingest.formats import Format

KEY = "dblp:person"
# "35/7092-1", "h/KaimingHe"; also pasted as a URL ".../pid/35/7092-1.html" or "homepages/35/7092-1".
PID_RE = re.compile(
    r"(?:^homepages/|/pid/|^)([A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)+?)(?:\.(?:html|xml|bib|rdf))?/?$"
)


def dblp_pid(identifier: str) -> str:
    """The pid of a DBLP person from the pid itself or a dblp.org URL of their page; "" if none."""
    text = identifier.strip().split("?")[0].split("#")[0]
    match = PID_RE.search(text)
    return match.group(1) if match else ""


def walk_dblp(identifier: str, walk: Walk, contact: str) -> list[Page]:
    """GET {dblp}/pid/{pid}.xml; its marker is the ETag, else the body's sha256 (the XML has no date
    of its own beyond each record's mdate)."""
    pid = dblp_pid(identifier)
    if not pid:
        raise FetchError(f"{identifier!r} is not a DBLP pid (like 35/7092-1)", transient=False)
    fetched = walk.get(
        KEY, f"/pid/{quote(pid, safe='/')}.xml", accept="application/xml", types=XML_TYPES, conditional=True
    )
    if fetched.not_modified:
        return [walk.unchanged(KEY, fetched, Format.DBLP)]
    text = body_text(fetched)
    read_xml(fetched, text, "a DBLP person page (<dblpperson>)", "dblpperson")
    return [walk.page(KEY, fetched, Format.DBLP, text)]
