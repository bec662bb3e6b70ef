"""Write what the demo answers (pages, API, CLI JSON) to a folder, to compare two commits byte for byte.

    .venv/bin/python scripts/demo_snapshot.py OUT_DIR
    diff -r BEFORE_DIR AFTER_DIR

It builds the demo on a fresh SQLite database in a temporary folder (eager tasks, as `make run`),
then reads every page reachable from `/` and every API answer reachable from `/api/v1/` (links
followed until none is new; runs and review signed in as a superuser), and last ingests the
shared listings with `manage.py ingest --json`. Each answer is one file: its status, its content
type and its body. Moments that differ between two runs by nature (a run's times, a feed's
updated times) are replaced by a placeholder.
"""

import io
import os
import re
import sys
import tempfile
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit

if TYPE_CHECKING:  # Django is imported only once main() has set the environment.
    from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
LISTINGS = ROOT.parent / "shared" / "listings"
PAGE_LIMIT = 3000
HREF = re.compile(r'(?:href|src)="([^"#]+)"')
API_URL = re.compile(r'"(https?://testserver/api/v1/[^"]*)"')
MOMENT = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?")
SKIPPED = ("/admin/", "/static/", "/api/docs/", "/api/schema/", "/media/")


def main(out_dir: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="demo-snapshot-"))
    os.environ.update({"VAR_DIR": str(work), "DEBUG": "0", "SECRET_KEY": "snapshot-only"})
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pubtracker.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    out_dir.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    demo_out = io.StringIO()
    call_command("load_demo", stdout=demo_out)
    (out_dir / "cli-load_demo.txt").write_text(demo_out.getvalue())
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    storages = {**settings.STORAGES, "staticfiles": plain}
    with override_settings(ALLOWED_HOSTS=["testserver"], STORAGES=storages):
        client = Client()
        count = crawl(client, ["/", "/api/v1/"], out_dir)
        admin = get_user_model().objects.create_superuser("snapshot", "", "snapshot")
        client.force_login(admin)
        count += crawl(client, ["/api/v1/ingest/runs/", "/api/v1/review/"], out_dir / "signed-in")
    cli = io.StringIO()
    paths = sorted(str(p) for p in LISTINGS.glob("*") if p.name != "README.md")
    call_command("ingest", *paths, "--json", "--observed-at", "2025-06-01", stdout=cli)
    (out_dir / "cli-ingest.json").write_text(stable(cli.getvalue()))
    print(f"{count} answers and 2 CLI outputs written to {out_dir}")


def crawl(client: "Client", start: list[str], out_dir: Path) -> int:
    seen, queue = set(start), deque(start)
    while queue and len(seen) <= PAGE_LIMIT:
        url = queue.popleft()
        response = client.get(url, follow=False, secure=True)
        body = response.content.decode("utf-8", "replace")
        kind = response.get("Content-Type", "")
        record(out_dir, url, response.status_code, kind, body)
        for link in links(url, body):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return len(seen)


def links(url: str, body: str) -> list[str]:
    found = [urljoin(url, href.replace("&amp;", "&")) for href in HREF.findall(body)]
    found += [re.sub(r"^https?://testserver", "", href) for href in API_URL.findall(body)]
    kept = []
    for link in found:
        parts = urlsplit(link)
        if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIPPED):
            continue
        kept.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return kept


def record(out_dir: Path, url: str, status: int, kind: str, body: str) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    name = quote(url, safe="") or "root"
    (out_dir / name[:200]).write_text(f"{status} {kind}\n{stable(body)}")


def stable(text: str) -> str:
    return MOMENT.sub("<moment>", text)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
