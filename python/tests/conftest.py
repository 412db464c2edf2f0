"""Shared helpers of the Python package's tests: the built CLI beside the package, the shared
cases, throwaway git repositories.

Run by ctest (tests/CMakeLists.txt) with PYTHONPATH naming <build>/python and WILDPLAN the
binary; by hand from the top of the checkout:
  PYTHONPATH=build/ci/python WILDPLAN=build/ci/cli/wildplan python3 -m pytest -q python/tests
"""

import os
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
WILDPLAN = os.path.abspath(os.environ.get("WILDPLAN", os.path.join(TOP, "build", "ci", "cli",
                                                                  "wildplan")))
SHARED = os.path.join(os.path.dirname(TOP), "shared")
CASES = os.path.join(SHARED, "cases")


def case(*parts):
    """The path of a shared case; skipped (failed with WILDPLAN_REQUIRE_SHARED=1) when absent."""
    path = os.path.join(CASES, *parts)
    if not os.path.exists(path):
        message = f"{path} is missing (the shared cases, ../shared beside the checkout)"
        if os.environ.get("WILDPLAN_REQUIRE_SHARED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return path


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def cli(*args, cwd=None, env=None):
    """Runs the built binary: (exit code, stdout, stderr)."""
    if not os.access(WILDPLAN, os.X_OK):
        pytest.fail(f"{WILDPLAN} is not built (set WILDPLAN)")
    p = subprocess.run([WILDPLAN, *args], cwd=cwd, env=env, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


def make_repo(path, files):
    """A throwaway repository with its own identity, `files` ({relative path: bytes}) committed."""
    os.makedirs(path, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Wild Loop")
    git(path, "config", "user.email", "loop@example.invalid")
    git(path, "config", "commit.gpgsign", "false")
    for rel, data in files.items():
        full = os.path.join(path, rel)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
    git(path, "add", "-A")
    git(path, "commit", "-qm", "base")
    return path
