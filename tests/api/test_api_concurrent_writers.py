"""Writers at the same time, over HTTP, on whatever database the suite runs (SQLite by default):
no 500, and every write kept."""

import json
import threading
import urllib.error
import urllib.request

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from papers.models import Paper
from papers.services import AuthorInput, paper_create
from tests import factories

# live_server answers from its own threads, each with its own connection: the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 25


def writer_token() -> str:
    user = factories.UserFactory()
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_paper", "change_paper"]))
    return Token.objects.create(user=user).key


def send(url: str, method: str, body: dict, token: str) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_writers_and_a_script_get_no_500_and_lose_no_write(live_server, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
    paper = paper_create(title="Shared Paper", authors=[AuthorInput("Mira Okafor")], year=2001)
    token = writer_token()
    one = f"{live_server.url}/api/v1/papers/{paper.pk}/"
    jobs = {
        "title": [(one, "PATCH", {"title": f"Title {i}"}) for i in range(ROUNDS)],
        "year": [(one, "PATCH", {"year": 1990 + i}) for i in range(ROUNDS)],
        "new": [
            (f"{live_server.url}/api/v1/papers/", "POST", {"title": f"New {i}", "authors": [f"Ann Lee{i}"]})
            for i in range(ROUNDS)
        ],
    }
    statuses: dict[str, list[int]] = {name: [] for name in jobs}
    # Each round the three requests leave together, then the paper is read: a write lost in any
    # round (one writer saving the row it read before the other's change) shows in that round.
    together = threading.Barrier(len(jobs) + 1, timeout=120)

    def work(name: str) -> None:
        for url, method, body in jobs[name]:
            together.wait()
            statuses[name].append(send(url, method, body, token))
            together.wait()

    threads = [threading.Thread(target=work, args=(name,)) for name in jobs]
    for thread in threads:
        thread.start()
    seen = []
    for _ in range(ROUNDS):
        together.wait()
        together.wait()
        seen.append(Paper.objects.values_list("title", "year").get(pk=paper.pk))
    for thread in threads:
        thread.join()

    assert statuses == {"title": [200] * ROUNDS, "year": [200] * ROUNDS, "new": [201] * ROUNDS}
    assert seen == [(f"Title {i}", 1990 + i) for i in range(ROUNDS)]
    assert Paper.objects.filter(title__startswith="New ").count() == ROUNDS
