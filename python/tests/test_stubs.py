"""The .pyi stubs and py.typed: mypy --strict accepts typed use of the package (typed_usage.py)
and rejects a wrong type, so editors and type checkers see the API."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


def mypy(path):
    pytest.importorskip("mypy", reason="python3-mypy is not installed (scripts/deps.sh)")
    import wildplan
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(wildplan.__file__)))
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--cache-dir", os.devnull, path], env=env, capture_output=True,
                          text=True)


def test_typed_use_passes_mypy_strict():
    p = mypy(os.path.join(HERE, "typed_usage.py"))
    assert p.returncode == 0, p.stdout + p.stderr


def test_a_wrong_type_is_caught(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import wildplan\n"
                   "promise: int = wildplan.extract('x').signals.promise\n")
    p = mypy(str(bad))
    assert p.returncode == 1 and "Optional[str]" in p.stdout, p.stdout
