"""A PostgreSQL restart in the middle of a run: the run resumes or fails cleanly, and after its
retry the database equals the uninterrupted one.

The test starts a PostgreSQL cluster of its own (Debian's binaries, a free port of 127.0.0.1,
trust auth) and restarts that one, never the machine's. Everything reaches it through
`manage.py` subprocesses and short psycopg2 connections: pytest-django's database is not used.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings

from tests.conftest import missing_service
from tests.ingest.test_worker import generated_bibtex

pytestmark = pytest.mark.services
ENTRIES = 400
BATCH_SIZE = "2"  # small batches: a run of a few seconds, that a restart can fall in


@dataclass
class Cluster:
    bin: Path
    root: Path
    port: int

    @property
    def data(self) -> Path:
        return self.root / "data"

    def run(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:  # initdb refuses root, and the server must not run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 or not check, f"{program} failed: {done.stdout}{done.stderr}"
        return done

    def ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), *args, check=check)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def query(self, name: str, sql: str) -> list[tuple]:
        """One statement on a connection of its own, closed at once."""
        connection = psycopg2.connect(self.url(name), connect_timeout=2)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        finally:
            connection.close()

    def started_at(self) -> datetime:
        return self.query("postgres", "SELECT pg_postmaster_start_time()")[0][0]


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        missing_service("PostgreSQL's binaries (/usr/lib/postgresql/*/bin/initdb) are not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        missing_service("running as root, the test cluster needs runuser to run as postgres")
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cluster_root() -> Path:
    """A directory the postgres user can reach: pytest's tmp_path is under a root-only one."""
    root = Path(tempfile.mkdtemp(prefix="pg-restart-", dir="/tmp"))
    root.chmod(0o755)
    (root / "socket").mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(root / "socket", "postgres")
    return root


@pytest.fixture
def cluster():
    """A throwaway PostgreSQL cluster with two migrated databases, stopped and removed after."""
    server = Cluster(postgres_bin(), cluster_root(), free_port())
    try:
        server.run("initdb", "-D", str(server.data), "-A", "trust", "-U", "postgres", "--no-sync")
        # A cluster thrown away after the test need not survive a crash of the machine.
        options = f"-p {server.port} -c listen_addresses=127.0.0.1 -k {server.root / 'socket'} -c fsync=off"
        server.ctl("-o", options, "-w", "start")
        for name in ("a", "b"):
            server.run("createdb", "-h", "127.0.0.1", "-p", str(server.port), "-U", "postgres", name)
        migrations = [manage(server.url(name), "migrate", "--noinput") for name in ("a", "b")]
        for migration in migrations:
            migrated = finish(migration)
            assert migrated.returncode == 0, migrated.stdout
        yield server
    finally:
        server.ctl("-m", "immediate", "stop", check=False)
        shutil.rmtree(server.root, ignore_errors=True)


def manage(url: str, *args: str) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": url, "INGEST_BATCH_SIZE": BATCH_SIZE, "LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def finish(process: subprocess.Popen) -> subprocess.CompletedProcess:
    output, _ = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, output)


def dump(url: str) -> str:
    done = subprocess.run(
        [sys.executable, "scripts/canonical_dump.py"],
        cwd=settings.BASE_DIR, env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True,
        check=True, timeout=60,
    )  # fmt: skip
    return done.stdout


def last_run(cluster: Cluster, name: str) -> dict:
    rows = cluster.query(
        name, "SELECT status, checkpoint, records, error FROM ingest_ingestionrun ORDER BY id DESC LIMIT 1"
    )
    return dict(zip(("status", "checkpoint", "records", "error"), rows[0], strict=True)) if rows else {}


def wait_mid_run(cluster: Cluster, process: subprocess.Popen) -> dict:
    """The run of database b once a quarter of it is in and it is still running."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        run = last_run(cluster, "b")
        if run.get("status") == "running" and run["checkpoint"] >= ENTRIES // 4:
            return run
        time.sleep(0.05)
    raise AssertionError(f"the run never got going: {finish(process).stdout}")


def restart(cluster: Cluster) -> float:
    """Restart the cluster as an operator would (fast: connections are cut); returns its seconds."""
    began = time.monotonic()
    cluster.ctl("-m", "fast", "-w", "restart")
    return time.monotonic() - began


def test_a_postgresql_restart_mid_run_resumes_or_fails_cleanly_and_the_retry_gives_the_same_database(
    cluster, tmp_path
):
    listing = tmp_path / "listing.bib"
    listing.write_text(generated_bibtex(ENTRIES), encoding="utf-8")
    ingest = ("ingest", str(listing), "--format", "bibtex")
    reference = finish(manage(cluster.url("a"), *ingest))
    assert reference.returncode == 0 and last_run(cluster, "a")["status"] == "succeeded", reference.stdout
    expected = dump(cluster.url("a"))

    before = cluster.started_at()
    process = manage(cluster.url("b"), *ingest)
    run = wait_mid_run(cluster, process)
    seconds = restart(cluster)
    done = finish(process)
    print(done.stdout)
    assert cluster.started_at() > before, "the server did not restart"
    assert 0 < run["checkpoint"] < ENTRIES, f"the restart did not fall mid-run: {run}"
    assert "Traceback" not in done.stdout
    after = last_run(cluster, "b")
    if done.returncode == 0:
        print(f"resumed: the restart took {seconds:.1f} s at record {run['checkpoint']} of {ENTRIES}")
        assert after["status"] == "succeeded", done.stdout
        assert "ingest.batch_retry" in done.stdout, "the run never met the restart"
    else:
        print(f"failed cleanly, then retried: the restart took {seconds:.1f} s at record {run['checkpoint']}")
        assert done.returncode == 1 and after["status"] == "failed", (after, done.stdout)
        assert after["error"] and after["error"] in done.stdout
        retry = finish(manage(cluster.url("b"), *ingest))
        assert retry.returncode == 0 and "Traceback" not in retry.stdout, retry.stdout
        assert last_run(cluster, "b")["status"] == "succeeded"
    assert dump(cluster.url("b")) == expected
