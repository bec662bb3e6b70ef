"""Content negotiation with a strict ?format= (a module of its own: DRF's views import it)."""

from collections.abc import Iterable

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class StrictNegotiation(DefaultContentNegotiation):
    """?format= names one of the view's formats; a blank or unknown one is a 400 that lists them
    (DRF answers an unknown one 404, as if the paper were missing, and ignores a blank one)."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple:
        renderers = list(renderers)
        name = self.settings.URL_FORMAT_OVERRIDE
        given = request.query_params.get(name) if name and not format_suffix else None
        known = [renderer.format for renderer in renderers]
        if given is not None and given not in known:
            raise exceptions.ValidationError({name: [f"One of {', '.join(known)}, not {given[:40]!r}."]})
        chosen: tuple = super().select_renderer(request, renderers, format_suffix)
        return chosen
