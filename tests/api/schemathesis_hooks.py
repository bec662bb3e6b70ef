"""schemathesis hooks of tests/api/test_api_fuzz.py (SCHEMATHESIS_HOOKS): the BibTeX and RIS
answers are text, so schemathesis validates them against their schema (a string) too."""

import django
import schemathesis

django.setup()  # the renderers name their media types; they need the project's settings

from papers.api.renderers import BibTeXRenderer, RISRenderer  # noqa: E402


@schemathesis.deserializer(BibTeXRenderer.media_type, RISRenderer.media_type)
def as_text(ctx, response):
    return response.content.decode("utf-8")
