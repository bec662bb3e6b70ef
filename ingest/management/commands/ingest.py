"""`manage.py ingest PATH [PATH ...]`: ingest listing files, or preview them with --dry-run."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from ingest.choices import RunStatus, Trigger
from ingest.formats import Format
from ingest.run import one_line, run_abort, run_counts, run_execute, unread_lines
from ingest.submit import OwnerError, SubmitError, run_preview, run_submit

UNREAD_PRINTED = 10  # lines not understood shown without --json (all of those kept with it)


class Command(BaseCommand):
    help = "Ingest publication listings (homepage, profile, proceedings, abstracts, BibTeX)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", default=Format.AUTO, choices=Format.values)
        parser.add_argument("--owner", default="", help="Whose homepage or profile: a slug or a name.")
        parser.add_argument("--lab", default="", help="The slug of the lab that listed members join.")
        parser.add_argument("--observed-at", default="", help="The day the listing was scraped (YYYY-MM-DD).")
        parser.add_argument("--json", action="store_true", help="One JSON object per file on stdout.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, **options) -> None:
        observed_at = _day(options["observed_at"])
        failed = 0
        for path in options["paths"]:
            try:
                report = self._ingest(Path(path), options, observed_at)
            except OwnerError as error:
                raise CommandError(str(error)) from None
            failed += report["status"] == RunStatus.FAILED
            self._print(report, options)
        if failed:
            raise CommandError(f"{failed} of {len(options['paths'])} files could not be ingested")

    def _ingest(self, path: Path, options: dict, observed_at: date | None) -> dict:
        try:
            data = path.read_bytes()
        except OSError as error:
            return _report(
                path, None, Format.AUTO, RunStatus.FAILED, {}, f"cannot read {path}: {error.strerror}"
            )
        args = {
            "data": data,
            "input_name": str(path),
            "format": options["format"],
            "observed_at": observed_at,
            "trigger": Trigger.CLI,
            "owner": options["owner"],
            "lab": options["lab"],
        }
        try:
            return self._submit(path, args, dry_run=options["dry_run"])
        except SubmitError as error:
            return _report(path, None, options["format"], RunStatus.FAILED, {}, f"{path}: {error}")
        except DatabaseError as error:  # before a run exists: the database is away or refused it
            message = f"{path}: the database did not take the listing: {one_line(error)}"
            return _report(path, None, options["format"], RunStatus.FAILED, {}, message)

    def _submit(self, path: Path, args: dict, dry_run: bool) -> dict:
        if dry_run:
            preview = run_preview(**args)
            report = _report(path, None, preview.format, preview.status, preview.counts, preview.error)
            return {**report, **_understood(preview), "dry_run": True, "outcomes": preview.outcomes}
        run = run_submit(**args, enqueue=False)
        try:
            run = run_execute(run_id=run.pk)
        except Exception as error:  # the run must not stay "running" behind a traceback
            message = run_abort(run_id=run.pk, error=error)
            return _report(path, run.pk, run.format, RunStatus.FAILED, {}, f"{path}: {message}")
        report = _report(
            path, run.pk, run.detected_format or run.format, run.status, run_counts(run), run.error
        )
        return {**report, **_understood(run)}

    def _print(self, report: dict, options: dict) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        counts = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in report["counts"].items())
        run = f"run {report['run']}" if report["run"] else "dry run, nothing written"
        self.stdout.write(f"{report['path']}: {report['status']} ({run}, {report['format']}): {counts}")
        # With warnings, the error is their summary: each is printed on its own line instead.
        if report["error"] and not report["warnings"]:
            self.stdout.write(f"  {report['error']}")
        for warning in report["warnings"]:
            self.stdout.write(f"  warning: {warning}")
        for line in report["unread"][:UNREAD_PRINTED]:
            self.stdout.write(f"  line {line['line']} not understood: {line['text'].strip()[:80]}")
        more = (report["report"] or {}).get("unread", 0) - min(len(report["unread"]), UNREAD_PRINTED)
        if more > 0:
            self.stdout.write(f"  ... and {more} more lines not understood")
        for outcome in report.get("outcomes", []):
            if outcome["outcome"] != "unchanged":
                reason = f" ({outcome['reason']})" if outcome["reason"] else ""
                self.stdout.write(f"  line {outcome['line']}: {outcome['kind']} {outcome['outcome']}: "
                                  f"{outcome['label'][:80]}{reason}")  # fmt: skip


def _report(path: Path, run: int | None, format: str, status: str, counts: dict, error: str) -> dict:
    return {
        "path": str(path),
        "run": run,
        "format": format,
        "status": status,
        "counts": counts,
        "error": error,
        "report": None,
        "warnings": [],
        "unread": [],
    }


def _understood(run) -> dict:
    """What the parse understood of a run or a preview: its report, warnings and unread lines."""
    return {"report": run.report or None, "warnings": run.warnings, "unread": unread_lines(run.unread)}


def _day(text: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--observed-at must be a day as YYYY-MM-DD, not {text!r}") from None
