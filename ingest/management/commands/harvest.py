"""`manage.py harvest`: follow a person in the scholarly sources and ingest their works now.

manage.py harvest --owner "Ada Lovelace" --orcid 0000-0002-1825-0097 --dblp 35/7092-1
manage.py harvest --due          # every source due a refresh, as beat does
"""

from django.core.management.base import CommandError

from ingest.choices import RunStatus, Trigger
from ingest.enrich import enrich_submit
from ingest.management.commands.ingest import Command as IngestCommand
from ingest.management.commands.ingest import _report, _understood
from ingest.models import IngestionRun, Source
from ingest.run import run_abort, run_counts, run_execute
from ingest.submit import OwnerError, SubmitError
from ingest.submit.follow import FOLLOWED, source_follow
from ingest.submit.owners import lab_by_slug, owner_for
from ingest.submit.sources import source_run_submit, sources_due

FLAGS = {kind: kind.value for kind in FOLLOWED}


class Command(IngestCommand):
    help = "Follow a person's ORCID iD, DBLP pid, OpenAlex or Semantic Scholar id, or an arXiv query; ingest."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--owner", default="", help="Whose works: a slug or a name (created if unknown).")
        parser.add_argument("--lab", default="", help="The slug of the owner's lab.")
        for kind, flag in FLAGS.items():
            parser.add_argument(f"--{flag}", default="", metavar="ID", help=f"Follow this {kind.label}.")
        parser.add_argument("--due", action="store_true", help="Harvest every source due a refresh.")
        parser.add_argument("--no-enrich", action="store_true", help="Do not complete papers from Crossref.")
        parser.add_argument("--json", action="store_true", help="One JSON object per source on stdout.")

    def handle(self, *args, **options) -> None:
        sources = self._sources(options)
        if not sources:
            raise CommandError("nothing to harvest: name an identifier (--orcid, --dblp, ...) or --due")
        failed = 0
        for source in sources:
            reports = self._harvest(source)
            failed += reports[0]["status"] == RunStatus.FAILED
            for report in reports:
                self._print(report, options)
        if failed:
            raise CommandError(f"{failed} of {len(sources)} sources could not be harvested")

    def _sources(self, options: dict) -> list[Source]:
        try:
            owner = owner_for(options["owner"]) if options["owner"] else None
            lab = lab_by_slug(options["lab"]) if options["lab"] else None
            followed = [
                source_follow(
                    kind=kind, identifier=options[flag], owner=owner, lab=lab, enrich=not options["no_enrich"]
                )[0]
                for kind, flag in FLAGS.items()
                if options[flag]
            ]
        except OwnerError as error:
            raise CommandError(str(error)) from None
        due = sources_due() if options["due"] else []
        return list({source.pk: source for source in [*followed, *due]}.values())

    def _harvest(self, source: Source) -> list[dict]:
        """The source's run, and the Crossref and arXiv runs completing its papers when enrichment is on."""
        try:
            run = source_run_submit(source, trigger=Trigger.CLI, enqueue=False)
        except SubmitError as error:
            return [
                _report(source.name, None, source.format, RunStatus.FAILED, {}, f"{source.name}: {error}")
            ]
        report, run = self._execute(source.name, run)
        completing = enrich_submit(run, enqueue=False)
        return [report, *(self._execute(other.input_name, other)[0] for other in completing)]

    def _execute(self, name: str, run: IngestionRun) -> tuple[dict, IngestionRun]:
        try:
            run = run_execute(run_id=run.pk)
        except Exception as error:  # the run must not stay "running" behind a traceback
            message = run_abort(run_id=run.pk, error=error)
            failed = _report(name, run.pk, run.format, RunStatus.FAILED, {}, f"{name}: {message}")
            return failed, IngestionRun.objects.get(pk=run.pk)
        format = run.detected_format or run.format
        report = _report(name, run.pk, format, run.status, run_counts(run), run.error)
        return {**report, **_understood(run)}, run
