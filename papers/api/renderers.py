"""Renderers for the export formats: BibTeX, CSL-JSON and RIS. papers.export (and export_ris)
makes the content."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

from core.text import squash
from papers import export, export_csl, export_ris


class BibTeXRenderer(BaseRenderer):
    """BibTeX text as the view made it (papers.export.papers_bibtex); anything else, such as an
    error, as `%` comment lines."""

    media_type = export.MEDIA_TYPE
    format = "bibtex"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        text = data if isinstance(data, str) else "".join(f"% {line}\n" for line in comment_lines(data))
        return text.encode(self.charset)


class CSLJSONRenderer(JSONRenderer):
    """CSL-JSON items as the view made them (papers.export_csl.papers_csl), or an error, as JSON."""

    media_type = export_csl.MEDIA_TYPE
    format = "csl"


class RISRenderer(BaseRenderer):
    """RIS text as the view made it (papers.export_ris.papers_ris); anything else, such as an error,
    as "% " lines, which no reader takes for a tag (a tag starts its line with a capital letter)."""

    media_type = export_ris.MEDIA_TYPE
    format = "ris"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        text = data if isinstance(data, str) else "".join(f"% {line}\r\n" for line in comment_lines(data))
        return text.encode(self.charset)


def csl_lists_unpaginated(result: dict, **kwargs) -> dict:
    """A schema hook: a CSL-JSON list is a bare array of items (what citation tools read), not a page."""
    media_type = CSLJSONRenderer.media_type
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            schema = content.get(media_type, {}).get("schema", {})
            if "results" in schema.get("properties", {}):
                content[media_type]["schema"] = schema["properties"]["results"]["items"]  # as declared
    return result


def comment_lines(data) -> list[str]:
    """An error ({"detail": ..., "errors": {field: [...]}}) or any other data as one-line messages.

    The text may echo a request, so each message is kept to one line (a newline would end the
    comment and let the rest be read as BibTeX) and "@", which opens an entry anywhere in a
    .bib file, is spelt out.
    """
    if isinstance(data, dict):
        # The detail first, as it is; field errors after it, named.
        lines = [_message(data.get("detail", ""))]
        lines += [f"{key}: {_message(value)}" for key, value in data.items() if key != "detail"]
    elif isinstance(data, list | tuple):
        lines = [_message(item) for item in data]
    else:
        lines = [_message(data)]
    return [squash(line).replace("@", "(at)") for line in lines if squash(line)]


def _message(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_message(item)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return " ".join(_message(item) for item in value)
    return str(value)
