"""Every JSON document wildplan prints against its schema in schemas/.

Runs each verb's --json over the fixtures, and on a throwaway repository for the ones that need git, failures included (the error document), and
validates each document against schemas/<kind>.schema.json (JSON Schema draft 2020-12, with
Debian's python3-jsonschema). A document whose kind has no schema fails, and so does a schema
that no run exercised.

Run by ctest (tests/CMakeLists.txt) with WILDPLAN naming the binary; by hand:
  WILDPLAN=build/ci/cli/wildplan python3 -m pytest -q tests/json_schemas_test.py
"""

import functools
import glob
import json
import os
import shutil
import subprocess
import tempfile

import jsonschema
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(ROOT, "fixtures")
SCHEMAS = os.path.join(ROOT, "schemas")
WILDPLAN = os.path.abspath(os.environ.get(
    "WILDPLAN", os.path.join(ROOT, "build", "ci", "cli", "wildplan")))

TASKS = """# Tasks

## Phase 1: Setup
- [x] Task 1: Fetch the data
- [/] Task 2: Write the loader
- [ ] Task 3: Train the baseline

## Phase 2.1: Sweeps
- [ ] Task 4: Sweep the learning rate (depends on: Task 3)
- [-] Task 5: Sweep the batch size
"""


def load_schemas():
    schemas = {}
    for path in glob.glob(os.path.join(SCHEMAS, "*.schema.json")):
        with open(path, encoding="utf-8") as f:
            s = json.load(f)
        jsonschema.Draft202012Validator.check_schema(s)
        schemas[os.path.basename(path)[: -len(".schema.json")]] = s
    return schemas


SCHEMA_SET = load_schemas()


def validator(kind):
    schema = SCHEMA_SET[kind]
    store = {s["$id"]: s for s in SCHEMA_SET.values()}
    try:  # jsonschema >= 4.18
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (i, Resource.from_contents(s)) for i, s in store.items())
        return jsonschema.Draft202012Validator(schema, registry=registry)
    except ImportError:  # Debian 12's 4.10
        resolver = jsonschema.RefResolver(schema["$id"], schema, store=store)
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


def run(args, cwd, stdin=None, codes=(0,)):
    r = subprocess.run([WILDPLAN, *args], cwd=cwd, input=stdin, capture_output=True)
    assert r.returncode in codes, (args, r.returncode, r.stderr.decode(errors="replace"))
    return r


def git(repo, *args):
    subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True)


@functools.lru_cache(maxsize=None)
def documents():
    """(what was run, exit code, the document) for every run; run once per session."""
    out = []
    tmp = tempfile.mkdtemp(prefix="wildplan-schemas-")

    def doc(args, cwd=tmp, codes=(0,), stdin=None):
        r = run(args, cwd, stdin, codes)
        text = r.stdout.decode("utf-8")
        # One document, nothing before or after it (a dry run's diff is a member, not text).
        out.append((" ".join(args), r.returncode, json.loads(text)))
        return out[-1][2]

    try:
        for reply in sorted(glob.glob(os.path.join(FIXTURES, "extract", "*", "reply.*"))):
            doc(["extract", "--json", reply], codes=(0, 1))
        for jsonl in sorted(glob.glob(os.path.join(FIXTURES, "transcripts", "*.jsonl"))):
            doc(["extract", "--json", jsonl], codes=(0, 1))
        for md in sorted(glob.glob(os.path.join(FIXTURES, "parse", "*", "input.md"))):
            doc(["parse", "--json", md], codes=(0, 1))
        todo_reply = os.path.join(FIXTURES, "extract", "codex-rollout-update-plan", "reply.jsonl")
        doc(["parse", "--json", "--reply", todo_reply, "--from", "todos"])
        data = ("<evo_sweep>{\"a\": [1, 2]}</evo_sweep>\n<experiments>\n- goal: x\n  command: y\n"
                "</experiments>\n<steer_child>not fields</steer_child>\n<plan>\n- [ ] a b c\n</plan>\n")
        doc(["extract", "--json", "--tag", "evo_sweep", "--tag", "experiments", "--tag", "steer_child",
             "--tag", "absent", "--tag-format", "json", "--tag-format", "fields", "--tag-format",
             "fields", "--tag-format", "json", "-"], stdin=data.encode(), codes=(1,))
        for md in sorted(glob.glob(os.path.join(FIXTURES, "validate", "*", "input.md"))):
            doc(["validate", "--format", "json", md], codes=(0, 1))
            doc(["validate", "--json", md], codes=(0, 1))

        repo = os.path.join(tmp, "repo")
        os.makedirs(repo)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "config", "user.name", "Loop")
        git(repo, "config", "user.email", "loop@example.com")
        tasks = os.path.join(repo, "tasks.md")
        with open(tasks, "w") as f:
            f.write(TASKS)
        doc(["list", "--json"], repo)
        doc(["list", "--json", "--phase", "2.1"], repo)
        doc(["next", "--json"], repo)
        doc(["status", "--json"], repo)
        doc(["hook", "install", "--json"], repo)
        doc(["snapshot", "--json"], repo)
        doc(["commit", "--json", "-m", "start"], repo)
        doc(["commit", "--json"], repo)
        doc(["check", "3", "--json", "--dry-run"], repo)
        doc(["check", "3", "--json"], repo)
        doc(["check", "3", "--json"], repo)
        doc(["start", "4", "--json"], repo)
        doc(["block", "4", "--reason", "waiting", "--json"], repo)
        doc(["uncheck", "4", "--json"], repo)
        doc(["done", "--match", "loader", "--json", "--dry-run"], repo)
        doc(["cancel", "4", "--reason", "not needed", "--json"], repo)
        doc(["set", "2", "done", "--json"], repo)
        doc(["add", "Plot the curves", "--phase", "2.1", "--json", "--dry-run"], repo)
        doc(["add", "Plot the curves", "--phase", "2.1", "--json"], repo)
        doc(["show", "4", "--json"], repo)
        doc(["show", "3", "--json"], repo)
        doc(["check", "4", "--json"], repo, codes=(1,))  # cancelled above
        doc(["remove", "3", "--json"], repo, codes=(1,))  # Task 4 depends on it
        doc(["remove", "3", "--json", "--dry-run", "--force"], repo)
        doc(["remove", "5", "--json"], repo)
        doc(["edit", "4", "--text", "Sweep", "the", "rate", "--field", "owner=ana", "--json"],
            repo)
        doc(["edit", "4", "--depends", "1", "--json", "--dry-run"], repo)
        doc(["move", "4", "--phase", "1", "--json", "--dry-run"], repo)
        doc(["move", "4", "--after", "1", "--json"], repo)
        with open(os.path.join(repo, "phased.md"), "w") as f:
            f.write("# Tasks\n\n## Phase 1 - Setup\n"
                    "- [ ] [P1-T1] Fetch the data | deliverable: data/ | done-when: fetched\n")
        doc(["add", "Clean", "the", "data", "-f", "phased.md", "--json"], repo, codes=(1,))
        with open(os.path.join(repo, "done.md"), "w") as f:
            f.write("- [x] Task 1: a\n- [-] Task 2: b\n")
        doc(["next", "--json", "-f", "done.md"], repo, codes=(1,))
        doc(["diff", "--json", "HEAD:tasks.md", "tasks.md"], repo, codes=(1,))
        doc(["diff", "--json", "tasks.md", "tasks.md"], repo)
        iterations = os.path.join(FIXTURES, "apply", "iterations")
        shutil.copy(os.path.join(iterations, "tasks-iter1.md"), os.path.join(repo, "t1.md"))
        for reply in sorted(glob.glob(os.path.join(iterations, "reply-*.txt"))):
            doc(["apply", "--json", "--reply", reply, "--tasks", "t1.md", "--iteration", "1"],
                repo, codes=(0, 1))
        doc(["apply", "--json", "--reply", os.path.join(iterations, "reply-replan.txt"),
             "--tasks", "t1.md", "--iteration", "2", "--replan", "--commit"], repo, codes=(0, 1))
        doc(["diff", "--json", "t1.md", "--reply", os.path.join(iterations, "reply-replan.txt")],
            repo, codes=(0, 1))
        with open(os.path.join(repo, "t2.md"), "w") as f:
            f.write("# Tasks\n\n## Goal\nTrain it\n\n## Tasks\n"
                    "- [ ] Create a virtual environment with uv and install requirements.txt\n"
                    "- [x] Write the baseline training script\n")
        doc(["apply", "--json", "--reply", todo_reply, "--tasks", "t2.md", "--iteration", "3",
             "--sync-todos=add"], repo, codes=(0, 1))
        doc(["hook", "uninstall", "--json"], repo)
        doc(["hook", "uninstall", "--json"], repo)
        doc(["history", "--json", "--stalled", "1"], repo, codes=(0, 1))
        doc(["history", "--json", "t1.md", "--since", "HEAD~1"], repo)
        doc(["merge-driver", "install", "--json"], repo)
        doc(["merge-driver", "install", "--local", "--json"], repo)
        doc(["merge-driver", "uninstall", "--json"], repo)
        for name, text in (("base.md", TASKS),
                           ("ours.md", TASKS.replace("[ ] Task 3", "[x] Task 3")
                            + "- [ ] Task 6: Plot the curves\n"),
                           ("theirs.md", TASKS.replace("Sweep the batch size", "Sweep the width")
                            + "- [ ] Task 6: Plot the losses\n"),
                           ("clash.md", TASKS.replace("Sweep the batch size", "Sweep the depth"))):
            with open(os.path.join(repo, name), "w") as f:
                f.write(text)
        doc(["merge-driver", "--json", "base.md", "ours.md", "theirs.md", "tasks.md"], repo)
        doc(["merge-driver", "--json", "base.md", "clash.md", "theirs.md"], repo, codes=(1,))

        # Failures: the error document on stdout, exit 2 (apply keeps its own document).
        doc(["list", "--json", "-f", "missing.md"], repo, codes=(2,))
        doc(["check", "no-such-task", "--json"], repo, codes=(2,))
        doc(["list", "--json", "--phase", "9"], repo, codes=(2,))
        doc(["add", "", "--json"], repo, codes=(2,))
        doc(["diff", "--json", "tasks.md"], repo, codes=(2,))
        doc(["status", "--json", "--no-such-option"], repo, codes=(2,))
        doc(["parse", "--json", "missing.md"], repo, codes=(2,))
        doc(["validate", "--format", "json", "missing.md"], repo, codes=(2,))
        doc(["extract", "--json", "missing.txt"], repo, codes=(2,))
        doc(["commit", "--json"], tmp, codes=(2,))
        doc(["snapshot", "--json"], tmp, codes=(2,))
        doc(["hook", "install", "--json"], tmp, codes=(2,))
        doc(["merge-driver", "install", "--json"], tmp, codes=(2,))
        doc(["merge-driver", "--json", "missing.md", "tasks.md", "tasks.md"], repo, codes=(2,))
        doc(["apply", "--json", "--reply", "missing.txt"], repo, codes=(2,))
        doc(["history", "--json", "tasks.md"], tmp, codes=(2,))
        doc(["history", "--json", "--since", "no-such-rev"], repo, codes=(2,))

        # A pre-commit hook that is not wildplan's: hook install refuses it (exit 2), and it
        # refuses the commit (exit 1, the error document's code).
        hooked = os.path.join(tmp, "hooked")
        os.makedirs(hooked)
        git(hooked, "init", "-q", "-b", "main")
        git(hooked, "config", "user.name", "Loop")
        git(hooked, "config", "user.email", "loop@example.com")
        hook = os.path.join(hooked, ".git", "hooks", "pre-commit")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\necho 'not today' >&2\nexit 1\n")
        os.chmod(hook, 0o755)
        with open(os.path.join(hooked, "a.txt"), "w") as f:
            f.write("a\n")
        doc(["hook", "install", "--json"], hooked, codes=(2,))
        refused = doc(["commit", "--verify", "--json"], hooked, codes=(1,))
        assert refused["kind"] == "error" and refused["error"]["code"] == 1, refused
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def test_every_document_matches_its_schema():
    for what, code, d in documents():
        kind = d.get("kind")
        assert kind in SCHEMA_SET, f"{what}: no schema for the kind {kind!r}"
        errors = sorted(validator(kind).iter_errors(d), key=lambda e: list(e.path))
        assert not errors, f"{what}: " + "; ".join(
            f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_every_schema_is_exercised():
    seen = {d["kind"] for _, _, d in documents()}
    assert set(SCHEMA_SET) - {"common"} == seen


def test_failures_print_the_error_document():
    failures = [(what, d) for what, code, d in documents() if code == 2]
    assert len(failures) >= 14
    for what, d in failures:
        if what.startswith("apply"):
            assert d["kind"] == "apply" and d["error"] is not None, what
        else:
            assert d["kind"] == "error" and d["error"]["code"] == 2, what
            assert d["error"]["message"], what


def test_phase_is_a_string():
    for what, _, d in documents():
        if d["kind"] == "status":
            assert [p["number"] for p in d["phases"]] == ["1", "2.1"], what


def test_dry_run_carries_the_diff():
    dry = [d for what, _, d in documents() if "--dry-run" in what]
    assert dry and all(d["dry_run"] and d["diff"].startswith("--- ") for d in dry)
    assert all(not d["written"] for d in dry)
