"""The layers of DESIGN.md hold on the real tree, and the checker (tests/layers.py) can fail."""

from pathlib import Path
from textwrap import dedent

import pytest

from tests import layers

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def found() -> list[layers.Violation]:
    return layers.check(ROOT)


@pytest.mark.parametrize("rule", ["imports", "references", "cycles", "sizes"])
def test_the_tree_keeps_the_layer_rule(found: list[layers.Violation], rule: str) -> None:
    broken = [str(violation) for violation in found if violation.rule == rule]
    assert not broken, f"{len(broken)} {rule} violations:\n" + "\n".join(broken)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text))
    return root


def messages(root: Path) -> list[str]:
    return [str(violation) for violation in layers.check(root, layers=("low", "high"))]


def test_an_upward_import_is_reported_with_its_line(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "low/__init__.py": "",
        "low/a.py": "import os\nfrom high.models import Thing\n",
        "low/b.py": "def f():\n    import high.models\n    return high.models\n",
        "high/__init__.py": "",
        "high/models.py": "from low import c\nThing = c\n",
        "low/c.py": "",
    })  # fmt: skip
    assert messages(root) == [
        "low/a.py:2 imports high.models (layer above: high over low)",
        "low/b.py:2 imports high.models (layer above: high over low)",
    ]


def test_upward_migration_dependencies_and_model_references_are_reported(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "low/__init__.py": "",
        "low/migrations/__init__.py": "",
        "low/migrations/0002_x.py": """
            from django.db import migrations, models
            class Migration(migrations.Migration):
                dependencies = [("low", "0001_initial"), ("high", "0003_x")]
                operations = [migrations.AddField("item", "run", models.ForeignKey(to="high.thing"))]
        """,
        "low/models.py": "from django.db import models\nrun = models.OneToOneField('high.Run')\n",
        "low/migrations/0003_y.py": "def fill(apps, schema_editor):\n    apps.get_model('high', 'Run')\n",
        "high/__init__.py": "",
        "high/models.py": "from django.db import models\nitem = models.ForeignKey('low.Item', on_delete=1)\n",
    })  # fmt: skip
    assert messages(root) == [
        "low/migrations/0002_x.py:4 depends on migration ('high', '0003_x') (layer above: high over low)",
        "low/migrations/0002_x.py:5 refers to model 'high.thing' (layer above: high over low)",
        "low/migrations/0003_y.py:2 loads model 'high', 'Run' (layer above: high over low)",
        "low/models.py:2 refers to model 'high.Run' (layer above: high over low)",
    ]


def test_an_import_cycle_is_reported_once_even_through_a_function_and_a_submodule(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "low/__init__.py": "",
        "low/x.py": "from low.y import helper\n",
        "low/y.py": "def helper():\n    from low import x\n    return x\n",
        "low/z.py": "from . import y\n",
        "low/typed.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from low import z\n",
        "high/__init__.py": "",
    })  # fmt: skip
    assert messages(root) == ["low/x.py:1 import cycle: low.x -> low.y -> low.x"]


def test_a_long_function_and_a_long_module_are_reported_but_not_a_long_migration(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(50))
    root = write(tmp_path, {
        "low/__init__.py": "",
        "low/short.py": "def short():\n" + "".join(f"    x{i} = {i}\n" for i in range(49)),
        "low/long.py": "import os\n\n\ndef long():\n" + body,
        "low/big.py": "x = 1\n" * 401,
        "low/migrations/0001_initial.py": "x = 1\n" * 401,
        "high/__init__.py": "",
    })  # fmt: skip
    assert messages(root) == [
        "low/big.py:1 module has 401 lines (at most 400)",
        "low/long.py:4 function long has 51 lines (at most 50)",
    ]


def test_imports_down_and_within_a_layer_are_allowed(tmp_path: Path) -> None:
    root = write(tmp_path, {
        "low/__init__.py": "",
        "low/a.py": "import json\nfrom low import b\n",
        "low/b.py": "X = 1\n",
        "high/__init__.py": "from low.a import b\nimport low.b\n",
        "high/models.py": "from django.db import models\nfk = models.ForeignKey('low.Item', on_delete=1)\n",
    })  # fmt: skip
    assert messages(root) == []
