"""Workers on several machines keep to a source's pace together: the harvest client's limiter keeps
each host's token in the shared cache (Redis), so two processes asking one host go one interval
apart, as one process would; with a cache of their own they do not."""

import os
import subprocess
import sys
from itertools import pairwise

import pytest
from django.conf import settings

from tests.ingest.test_harvest_client import Answer, SourceServer

ASKS = 3  # requests each process makes
CHILD = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "pubtracker.settings"
django.setup()
from ingest.fetch.harvest import harvest_client
client = harvest_client()
for _ in range({asks}):
    client.get(sys.argv[1])
"""


def two_processes_ask(url: str, cache_url: str, var_dir) -> None:
    env = {**os.environ, "CACHE_URL": cache_url, "SECRET_KEY": "x", "DEBUG": "0", "VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)  # the client needs no database
    code = CHILD.format(asks=ASKS)
    children = [
        subprocess.Popen([sys.executable, "-c", code, url], env=env, cwd=settings.BASE_DIR) for _ in range(2)
    ]
    assert [child.wait(timeout=60) for child in children] == [0, 0]


def gaps(server: SourceServer) -> list[float]:
    arrivals = sorted(seen.at for seen in server.requests("/pace"))
    assert len(arrivals) == 2 * ASKS
    return [later - earlier for earlier, later in pairwise(arrivals)]


@pytest.mark.services
def test_two_processes_asking_one_host_go_one_interval_apart(tmp_path, broker_url):
    with SourceServer.running() as server:
        server.route("/pace", Answer("{}"))
        two_processes_ask(f"{server.url}/pace", broker_url, tmp_path)
        # 127.0.0.1 is a host of no source: the client's default interval, one second.
        assert min(gaps(server)) >= 0.9


@pytest.mark.services
def test_without_a_shared_cache_each_process_keeps_only_its_own_pace(tmp_path, broker_url):
    # The same conditions as the test above, but a cache in each process.
    with SourceServer.running() as server:
        server.route("/pace", Answer("{}"))
        two_processes_ask(f"{server.url}/pace", "", tmp_path)
        assert min(gaps(server)) < 0.5
