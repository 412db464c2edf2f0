"""`wildplan history`, as its users meet it: the built binary on throwaway git repositories.

- The loop's four-iteration contract (tests/loop_contract_test.py: a plan, a stray partial plan,
  no plan, a replan, each through `apply --commit`), its commits re-dated to fixed times so that
  their ids are fixed too: `history --json` and the text table pinned exactly
  (fixtures/history/contract/), and the stall checks on it.
- Task files of the shared corpus rewritten over 30 commits by edits of every kind: every count
  and every change of every entry against `status --json` and `diff --json` of the two versions.
- The pictures: the SVG parses as XML and is valid SVG 1.1 (xmllint against W3C's DTD,
  Debian's w3c-sgml-lib); the HTML page, rendered by headless Chromium (Debian's `chromium`),
  is not blank and its chart shows one bar per entry, in a light and a dark scheme. Hostile
  task titles stay text.
- docs/history.svg, the chart the README shows, is what fixtures/history/example/ renders.

UPDATE_FIXTURES=1 rewrites the goldens and docs/history.svg. WILDPLAN_REQUIRE_SHARED=1 makes a
missing ../shared/corpus a failure; WILDPLAN_REQUIRE_BROWSER=1 (set by .ci/run) a missing
Chromium, xmllint or SVG DTD. Run by ctest with WILDPLAN naming the binary; by hand:
  WILDPLAN=build/ci/cli/wildplan python3 -m pytest -q tests/history_test.py
"""

import json
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zlib

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURES = os.path.join(ROOT, "fixtures", "history")
CORPUS = os.path.join(ROOT, "..", "shared", "corpus", "tasks")
WILDPLAN = os.path.abspath(os.environ.get(
    "WILDPLAN", os.path.join(ROOT, "build", "ci", "cli", "wildplan")))
UPDATE = os.environ.get("UPDATE_FIXTURES") == "1"
SVG_DTD = "/usr/share/xml/w3c-sgml-lib/schema/dtd/REC-SVG11-20110816/svg11.dtd"
SVG = "{http://www.w3.org/2000/svg}"

sys.path.insert(0, HERE)
import loop_contract_test as contract  # noqa: E402  (its Loop, replies and fixtures)


def git(repo, *args, env=None, stdin=None):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True,
                          env=env, input=stdin).stdout


def wildplan(*args, cwd, codes=(0,)):
    p = subprocess.run([WILDPLAN, *args], cwd=cwd, capture_output=True)
    assert p.returncode in codes, (args, p.returncode, p.stderr.decode(errors="replace"))
    return p


def skip_or_fail(reason, required_by):
    if os.environ.get(required_by) == "1":
        pytest.fail(reason + f" ({required_by}=1)")
    pytest.skip(reason)


def golden(name, actual):
    """Compares `actual` with fixtures/history/<name>, or rewrites it with UPDATE_FIXTURES=1."""
    path = os.path.join(FIXTURES, name)
    if UPDATE:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(actual)
        return
    with open(path, encoding="utf-8") as f:
        expected = f.read()
    assert actual == expected, (
        f"{name} differs from what history prints now; if the new output is right, refresh it "
        f"with UPDATE_FIXTURES=1 WILDPLAN={WILDPLAN} python3 -m pytest -q tests/history_test.py")


def new_repo(path):
    os.makedirs(path)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "user.name", "Wild Loop")
    git(path, "config", "user.email", "loop@example.invalid")
    git(path, "config", "commit.gpgsign", "false")
    return path


def dated_env(date):
    return dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
                GIT_AUTHOR_NAME="Wild Loop", GIT_AUTHOR_EMAIL="loop@example.invalid",
                GIT_COMMITTER_NAME="Wild Loop", GIT_COMMITTER_EMAIL="loop@example.invalid")


def redate(repo, dates):
    """Rewrites HEAD's first-parent chain with the same trees and messages at `dates` (oldest
    first), so that the commits' ids are the same on every run."""
    revs = git(repo, "rev-list", "--first-parent", "--reverse", "HEAD").decode().split()
    assert len(revs) == len(dates), (len(revs), len(dates))
    parent = None
    for rev, date in zip(revs, dates):
        raw = git(repo, "cat-file", "commit", rev)
        message = raw.split(b"\n\n", 1)[1]
        tree = git(repo, "rev-parse", rev + "^{tree}").decode().strip()
        args = ["commit-tree", tree] + (["-p", parent] if parent else []) + ["-F", "-"]
        parent = git(repo, *args, env=dated_env(date), stdin=message).decode().strip()
    git(repo, "update-ref", "refs/heads/main", parent)


# --- the loop's four iterations ---------------------------------------------------------------

CONTRACT_DATES = ["2024-05-01T09:00:00+02:00", "2024-05-01T09:12:00+02:00",
                  "2024-05-01T09:59:00+02:00", "2024-05-01T11:04:00+02:00",
                  "2024-05-01T13:30:00+02:00"]


def build_contract_repo(tmp):
    """The repository tests/loop_contract_test.py's four iterations leave, re-dated."""
    repo = new_repo(os.path.join(tmp, "repo"))
    for name, text in (("train.py", "print('train')\n"), ("README.md", "# nanogpt\n")):
        with open(os.path.join(repo, name), "w") as f:
            f.write(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    loop = contract.Loop(repo, tmp)
    os.makedirs(os.path.dirname(loop.tasks))
    loop.write_tasks(contract.PLACEHOLDER)
    wildplan("snapshot", cwd=repo)

    prompt = os.path.join(tmp, "prompt-0.txt")
    with open(prompt, "w") as f:
        f.write(contract.planning_prompt(repo))
    assert loop.apply(0, contract.planning_reply(repo), "--prompt", prompt)[0] == 0
    plan0 = contract.fixture("plan-0.md")
    mine = plan0.replace(b"- [ ] Task 1:", b"- [x] Task 1:").replace(b"- [ ] Task 2:",
                                                                      b"- [/] Task 2:")
    loop.write_tasks(mine)
    assert loop.apply(1, contract.fixture("reply-1-stray-plan.txt"))[0] == 0
    loop.write_tasks(mine.replace(b"- [/] Task 2:", b"- [x] Task 2:") +
                     b"- [ ] Task 7: Document the --warmup flag in README.md\n")
    with open(os.path.join(repo, "train.py"), "a") as f:
        f.write("# --warmup\n")
    assert loop.apply(2, contract.fixture("reply-2-waiting.txt"))[0] == 0
    reply3 = (b"The runs need a third warmup; here is the revised plan.\n\n<plan>\n" +
              contract.fixture("plan-3.md") + b"</plan>\n\n<summary>Replanned.</summary>\n")
    assert loop.apply(3, reply3, "--replan")[0] == 0
    redate(repo, CONTRACT_DATES)
    return repo


@pytest.fixture(scope="module")
def contract_repo(tmp_path_factory):
    if not os.access(WILDPLAN, os.X_OK):
        pytest.fail(f"{WILDPLAN} is not built (set WILDPLAN)")
    return build_contract_repo(str(tmp_path_factory.mktemp("contract")))


def test_contract_history_is_pinned(contract_repo):
    out = wildplan("history", "--session", contract.SESSION, "--json", cwd=contract_repo)
    doc = json.loads(out.stdout)
    golden("contract/expected.json", out.stdout.decode())
    text = wildplan("history", "--session", contract.SESSION, cwd=contract_repo).stdout.decode()
    golden("contract/expected.txt", text)
    assert max(len(line) for line in text.splitlines()) <= 100

    # What the golden must say, whatever it says besides.
    entries = doc["entries"]
    assert [e["iteration"] for e in entries] == [0, 1, 2, 3]
    assert {e["session"] for e in entries} == {contract.SESSION}
    assert [e["file"] for e in entries] == ["added", "modified", "modified", "modified"]
    assert [e["replan"] for e in entries] == [False, False, False, True]
    assert [(e["done"], e["total"]) for e in entries] == [(0, 6), (1, 6), (2, 7), (2, 6)]
    assert entries[1]["tally"]["done"] == 1 and entries[1]["tally"]["started"] == 1
    assert entries[2]["tally"]["added"] == 1 and entries[2]["tally"]["done"] == 1
    assert [e["since_previous"] for e in entries] == [None, 47 * 60, 65 * 60, 146 * 60]
    assert entries[0]["time"] == "2024-05-01T09:12:00+02:00"
    tasks = doc["tasks"]
    assert sorted(tasks[i]["id"] for i in doc["summary"]["vanished"]) == ["Task 5", "Task 7"]
    assert doc["summary"]["planned_first"] == 6 and doc["summary"]["added_later"] == 2
    assert doc["summary"]["no_progress"] == [3]
    assert doc["commits_walked"] == 5 and doc["stall"] is None
    # Each entry's counts are those of its commit's file, read apart.
    rel = os.path.relpath(os.path.join(contract_repo, ".agents", "wild", contract.SESSION,
                                       "tasks.md"), contract_repo)
    for e in entries:
        status = json.loads(status_of(contract_repo, e["commit"], rel))
        assert status["counts"] == e["counts"] and status["done"] == e["done"]


def status_of(repo, commit, rel):
    with tempfile.NamedTemporaryFile("wb", suffix=".md", delete=False) as f:
        f.write(git(repo, "show", f"{commit}:{rel}"))
    try:
        return wildplan("status", "--json", "-f", f.name, cwd=repo).stdout
    finally:
        os.unlink(f.name)


def test_contract_stall_checks(contract_repo, tmp_path):
    # The last iteration replanned and advanced nothing: stalled over 1, moving over 3.
    p = wildplan("history", "--session", contract.SESSION, "--stalled", "1", "--json",
                 cwd=contract_repo, codes=(1,))
    stall = json.loads(p.stdout)["stall"]
    assert stall["stalled"] is True and [r["kind"] for r in stall["reasons"]] == ["no-progress"]
    p = wildplan("history", "--session", contract.SESSION, "--stalled", "3", cwd=contract_repo)
    assert "stall check, last 3 iterations: moving\n" in p.stdout.decode()

    # Two more iterations that never touch tasks.md: entries all the same, and stalled. A commit
    # of another session is not one of this file's.
    repo = str(tmp_path / "repo")
    shutil.copytree(contract_repo, repo)
    for n, session in ((4, contract.SESSION), (5, "other"), (6, contract.SESSION)):
        with open(os.path.join(repo, "train.py"), "a") as f:
            f.write(f"# iteration {n}\n")
        wildplan("commit", "-m", f"wild-v2: iteration {n}", "--trailer",
                 f"Wild-Session={session}", "--trailer", f"Wild-Iteration={n}", cwd=repo)
    p = wildplan("history", "--session", contract.SESSION, "--stalled", "2", "--json", cwd=repo,
                 codes=(1,))
    doc = json.loads(p.stdout)
    assert [e["iteration"] for e in doc["entries"]] == [0, 1, 2, 3, 4, 6]
    assert [e["file"] for e in doc["entries"]][-2:] == ["unchanged", "unchanged"]
    assert doc["entries"][-1]["counts"] == doc["entries"][3]["counts"]
    assert [r["kind"] for r in doc["stall"]["reasons"]] == ["no-progress"]
    # Without --session the file's own session is found from its commits' trailers.
    assert json.loads(wildplan("history", "--json", os.path.relpath(
        os.path.join(repo, ".agents", "wild", contract.SESSION, "tasks.md"), repo),
        cwd=repo).stdout)["entries"] == doc["entries"]


def test_stuck_and_churn(tmp_path):
    repo = new_repo(str(tmp_path / "repo"))
    path = os.path.join(repo, "tasks.md")
    versions = [
        "- [ ] a first task\n- [ ] a second task\n- [ ] a third task\n",
        "- [/] a first task\n- [ ] a second task\n- [ ] a third task\n",
        "- [/] a first task\n- [ ] a second task\n- [ ] a third task\n- [ ] benchmark the loader again\n",
        "- [/] a first task\n- [ ] a second task\n- [ ] a third task\n- [ ] profile memory usage in isolation\n",
        "- [/] a first task\n- [ ] a second task\n- [ ] a third task\n- [ ] rewrite every parser from scratch\n",
    ]
    for i, text in enumerate(versions):
        with open(path, "w") as f:
            f.write(text)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", f"v{i}")
    p = wildplan("history", "--stalled", "3", "--json", cwd=repo, codes=(1,))
    stall = json.loads(p.stdout)["stall"]
    kinds = [r["kind"] for r in stall["reasons"]]
    assert kinds == ["no-progress", "stuck", "churn"], stall
    assert "'a first task' has been in progress for 3 iterations" in stall["reasons"][1]["message"]
    assert stall["churned"] == 2 and stall["advanced"] == 0
    text = wildplan("history", "--stalled", "3", cwd=repo, codes=(1,)).stdout.decode()
    assert "stall check, last 3 iterations: STALLED\n  no-progress: no task advanced" in text
    assert "\n  stuck: 'a first task' has been in progress for 3 iterations" in text
    assert "\n  churn: tasks keep being added and dropped" in text
    assert max(len(line) for line in text.splitlines()) <= 100
    # Over 4 the task was started within the window: moving, but churning still.
    stall = json.loads(wildplan("history", "--stalled", "4", "--json", cwd=repo,
                                codes=(1,)).stdout)["stall"]
    assert [r["kind"] for r in stall["reasons"]] == ["churn"] and stall["advanced"] == 1
    # Without --stalled: exit 0, whatever the history.
    wildplan("history", cwd=repo)


def commit_file(repo, text, message, path="tasks.md"):
    with open(os.path.join(repo, path), "w") as f:
        f.write(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD").decode().strip()


def test_parents_since_and_errors(tmp_path):
    repo = new_repo(str(tmp_path / "repo"))
    first = commit_file(repo, "- [ ] one task\n- [ ] two task\n", "plan")
    git(repo, "checkout", "-q", "-b", "side")
    side = commit_file(repo, "- [x] one task\n- [ ] two task\n", "side: one done")
    git(repo, "checkout", "-q", "main")
    commit_file(repo, "other\n", "unrelated", path="notes.txt")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    merge = git(repo, "rev-parse", "HEAD").decode().strip()

    def commits(*args):
        doc = json.loads(wildplan("history", "tasks.md", "--json", *args, cwd=repo).stdout)
        return [e["commit"] for e in doc["entries"]], doc

    # First parents: the merge brought the change; every parent: the side branch's commit did.
    assert commits()[0] == [first, merge]
    assert commits("--all-parents")[0] == [first, side]
    assert commits("--all-parents")[1]["all_parents"] is True
    # --since: only what came after, compared with the version there.
    got, doc = commits("--since", first)
    assert got == [merge] and doc["since"] == first
    assert doc["entries"][0]["file"] == "modified" and doc["entries"][0]["tally"]["done"] == 1
    assert doc["entries"][0]["since_previous"] is not None

    # Nothing after --since: no entries and no tasks, exit 0 (it once crashed on them).
    p = wildplan("history", "tasks.md", "--since", "HEAD", "--stalled", "2", "--json", cwd=repo)
    doc = json.loads(p.stdout)
    assert doc["entries"] == [] and doc["tasks"] == [] and doc["stall"]["stalled"] is False

    # A file no commit holds: no entries, exit 0.
    with open(os.path.join(repo, "new.md"), "w") as f:
        f.write("- [ ] a task\n")
    p = wildplan("history", "new.md", cwd=repo)
    assert p.stdout.decode().endswith("no commit holds it\n")

    # Errors: exit 2, the reason on stderr (and the error document with --json).
    for args, message in (
            (["history", "../outside.md"], "is outside the repository's work tree"),
            (["history", "tasks.md", "--since", "no-such-rev"], "cannot read the revision 'no-such-rev'"),
            (["history", "tasks.md", "--stalled", "0"], "--stalled"),
            (["history", "--session", "a/b"], "cannot name a directory under .agents/wild/"),
            (["history", "tasks.md", "--json", "--svg", "-"], "only one of --json, --svg - and --html -"),
            (["history", "tasks.md", "--svg", os.path.join(repo, "tasks.md", "x.svg")], "x.svg")):
        p = wildplan(*args, cwd=repo, codes=(2,))
        assert message in p.stderr.decode(), (args, p.stderr)
    p = wildplan("history", "tasks.md", "--json", cwd=str(tmp_path), codes=(2,))
    assert json.loads(p.stdout)["kind"] == "error"


# --- the corpus, rewritten over 30 commits ----------------------------------------------------

TASK_LINE = re.compile(rb"^(\s*(?:[-*+]|\d+[.)])\s+\[)(.)(\]\s?)(.*)$")


def edit(rng, text, other):
    """One edit of `text` (bytes) of a kind chosen by `rng`: status changes of every kind, an
    added, removed, reworded or moved task, fields, a whitespace change, a rewrite from `other`."""
    lines = text.split(b"\n")
    tasks = [i for i, line in enumerate(lines) if TASK_LINE.match(line)]
    kind = rng.choice(["x", "/", " ", "-", "!", "add", "remove", "reword", "move", "field",
                       "blank", "rewrite"] if tasks else ["add", "rewrite"])
    if kind in ("x", "/", " ", "-", "!"):
        i = rng.choice(tasks)
        m = TASK_LINE.match(lines[i])
        lines[i] = m.group(1) + kind.encode() + m.group(3) + m.group(4)
    elif kind == "add":
        at = rng.choice(tasks) + 1 if tasks else len(lines)
        lines.insert(at, b"- [ ] A follow-up task number %d found along the way" % rng.randrange(10**6))
    elif kind == "remove":
        del lines[rng.choice(tasks)]
    elif kind == "reword":
        i = rng.choice(tasks)
        lines[i] = lines[i] + b" (and its tests)"
    elif kind == "move":
        i, j = rng.sample(tasks, 2) if len(tasks) > 1 else (tasks[0], tasks[0])
        line = lines.pop(i)
        lines.insert(j if j < i else j, line)
    elif kind == "field":
        i = rng.choice(tasks)
        lines[i] = lines[i] + b" | done-when: %d checks pass" % rng.randrange(100)
    elif kind == "blank":
        lines.append(b"")
    else:  # a rewrite: half of another task list in place of the second half of this one
        cut = tasks[len(tasks) // 2] if tasks else len(lines)
        o = other.split(b"\n")
        lines = lines[:cut] + o[len(o) // 2:]
    return b"\n".join(lines), kind


def corpus_files():
    if not os.path.isdir(CORPUS):
        skip_or_fail(f"{CORPUS} is missing (the shared corpus)", "WILDPLAN_REQUIRE_SHARED")
    names = sorted(n for n in os.listdir(CORPUS) if n.endswith(".md"))
    picked = [n for n in names if n.startswith(("research-agent__wild-loop", "skeleton-crew__kiro",
                                                "ghost-hunt__001", "praxis-os__evidence"))]
    return [os.path.join(CORPUS, n) for n in picked]


def build_edited_repo(tmp, source, other, seed, commits=30):
    repo = new_repo(os.path.join(tmp, "repo-" + os.path.basename(source)))
    path = os.path.join(repo, "docs", "tasks.md")
    os.makedirs(os.path.dirname(path))
    with open(source, "rb") as f:
        text = f.read()
    with open(other, "rb") as f:
        other_text = f.read()
    rng = random.Random(seed)
    kinds = []
    for n in range(commits):
        if n == 12:  # gone for a commit, then back
            os.unlink(path)
            kind = "delete"
        else:
            if n:
                text, kind = edit(rng, text, other_text)
            else:
                kind = "first"
            with open(path, "wb") as f:
                f.write(text)
        with open(os.path.join(repo, "notes.txt"), "a") as f:
            f.write(f"{n}\n")  # every commit changes something
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", f"edit {n}: {kind}",
            env=dated_env(f"2024-06-0{1 + n // 10}T{8 + n % 10:02d}:{n:02d}:00+00:00"))
        kinds.append(kind)
    return repo, kinds


def test_corpus_counts_and_changes_match_diff(tmp_path):
    files = corpus_files()
    assert len(files) == 4, files
    seen_kinds = set()
    for k, source in enumerate(files):
        repo, kinds = build_edited_repo(str(tmp_path), source, files[(k + 1) % len(files)], seed=k)
        seen_kinds.update(kinds)
        doc = json.loads(wildplan("history", "docs/tasks.md", "--json", cwd=repo).stdout)
        commits = git(repo, "rev-list", "--reverse", "HEAD").decode().split()
        versions, changed = [], []
        previous = None
        for c in commits:
            r = subprocess.run(["git", "-C", repo, "show", f"{c}:docs/tasks.md"],
                               capture_output=True)
            blob = r.stdout if r.returncode == 0 else None
            if blob != previous:
                changed.append(c)
                versions.append(blob)
            previous = blob
        assert [e["commit"] for e in doc["entries"]] == changed, source
        assert doc["commits_walked"] == len(commits)
        before = os.path.join(str(tmp_path), "before.md")
        after = os.path.join(str(tmp_path), "after.md")
        prev, prev_absent = b"", True
        tracks = 0
        for e, blob in zip(doc["entries"], versions):
            with open(before, "wb") as f:
                f.write(prev)
            with open(after, "wb") as f:
                f.write(blob or b"")
            status = json.loads(wildplan("status", "--json", "-f", after, cwd=repo).stdout)
            assert e["counts"] == status["counts"], (source, e["commit"])
            assert (e["done"], e["total"], e["cancelled"], e["counted"]) == (
                status["done"], status["total"], status["cancelled"], status["counted"])
            d = json.loads(wildplan("diff", "--json", before, after, cwd=repo,
                                    codes=(0, 1)).stdout)
            mine = [{k: v for k, v in c.items() if k != "task"} for c in e["changes"]]
            assert mine == d["changes"], (source, e["commit"])
            tally = e["tally"]
            kinds = [c["kind"] for c in d["changes"]]
            assert tally["added"] == kinds.count("added")
            assert tally["removed"] == kinds.count("removed")
            assert tally["reworded"] == kinds.count("reworded")
            assert tally["moved"] == kinds.count("moved")
            assert tally["fields"] == kinds.count("fields-changed")
            to = [c["to"] for c in d["changes"] if c["kind"] == "status-changed"]
            assert (tally["done"], tally["started"], tally["cancelled"], tally["blocked"]) == (
                to.count("done"), to.count("in_progress"), to.count("cancelled"),
                to.count("blocked"))
            assert e["file"] == ("deleted" if blob is None else
                                 "added" if prev_absent else "modified"), (source, e["commit"])
            tracks += tally["added"]
            prev, prev_absent = blob or b"", blob is None
        assert tracks == len(doc["tasks"]), source
        assert any(e["file"] == "deleted" for e in doc["entries"])
    assert seen_kinds >= {"x", "/", " ", "-", "!", "add", "remove", "reword", "move", "field",
                          "blank", "rewrite", "delete"}, seen_kinds


# --- the pictures -----------------------------------------------------------------------------

HOSTILE = ("# Tasks\n\n- [ ] Task 1: </text><script>alert(1)</script> & \"quotes\" 'too' ]]>\n"
           "- [/] Task 2: a \x1b[31mred\x1b[0m title with a NUL \x00 and a \u202eoverride\n"
           "- [x] Task 3: invalid UTF-8 \udcff here\n")


def hostile_repo(tmp):
    repo = new_repo(os.path.join(tmp, "hostile"))
    with open(os.path.join(repo, "tasks.md"), "wb") as f:
        f.write(HOSTILE.encode("utf-8", "surrogateescape"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan <b>bold</b> & \x1b[2J")
    with open(os.path.join(repo, "tasks.md"), "ab") as f:
        f.write(b"- [ ] Task 4: <img src=x onerror=alert(2)>\n")
    git(repo, "commit", "-qam", "more")
    return repo


def svg_check(path, entries):
    """The SVG parses as XML, has a bar per entry with tasks, and is valid SVG 1.1 (DTD)."""
    root = ET.parse(path).getroot()
    assert root.tag == SVG + "svg"
    bars = [g for g in root.iter(SVG + "g") if g.get("class") == "wp-bar"]
    assert len(bars) == sum(1 for e in entries if e["total"] > 0)
    assert not list(root.iter(SVG + "script")) and not list(root.iter("script"))
    if not (shutil.which("xmllint") and os.path.exists(SVG_DTD)):
        skip_or_fail("xmllint or the SVG 1.1 DTD is missing (Debian: libxml2-utils, "
                     "w3c-sgml-lib)", "WILDPLAN_REQUIRE_BROWSER")
    p = subprocess.run(["xmllint", "--noout", "--nonet", "--dtdvalid", SVG_DTD, path],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[:2000]


def test_svg_is_valid_and_escapes_titles(contract_repo, tmp_path):
    out = str(tmp_path / "contract.svg")
    doc = json.loads(wildplan("history", "--session", contract.SESSION, "--json", "--svg", out,
                              cwd=contract_repo).stdout)
    svg_check(out, doc["entries"])
    repo = hostile_repo(str(tmp_path))
    out = str(tmp_path / "hostile.svg")
    html = str(tmp_path / "hostile.html")
    doc = json.loads(wildplan("history", "--json", "--svg", out, "--html", html, cwd=repo).stdout)
    svg_check(out, doc["entries"])
    with open(html, encoding="utf-8") as f:
        page = f.read()
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;/text&gt;&lt;script&gt;" in page and "\x1b" not in page and "\x00" not in page
    assert "\ufffd" in page  # the invalid byte and the NUL
    text = wildplan("history", cwd=repo).stdout.decode()
    assert "\x1b" not in text and "\x00" not in text
    # A network resource would be a URL attribute or a CSS url(); the page has neither.
    assert not re.search(r"<[^>]*\s(src|href|xlink:href)\s*=", page) and "url(" not in page
    assert "default-src 'none'" in page


def read_png(path):
    """(width, height, rows of (r, g, b)) of an 8-bit RGB or RGBA PNG, without PIL."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and ctype in (2, 6), (depth, ctype)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 255
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(width)])
        prev = line
    return width, height, rows


STATUS_COLOURS = [(0x2d, 0xa4, 0x4e), (0xa3, 0x71, 0xf7), (0x2f, 0x81, 0xf7), (0xe5, 0x53, 0x4b),
                  (0xb0, 0x88, 0x00), (0x76, 0x83, 0x90)]


def is_status(px):
    return any(all(abs(a - b) <= 3 for a, b in zip(px, c)) for c in STATUS_COLOURS)


def bars_in(rows, x_limit):
    """The most runs of status-coloured pixels on one row left of `x_limit`: the bars' foot,
    where every bar with tasks has its bottom colour (a task's row in the timeline is one run)."""
    best = 0
    for row in rows:
        runs, inside = 0, False
        for px in row[:x_limit]:
            s = is_status(px)
            if s and not inside:
                runs += 1
            inside = s
        best = max(best, runs)
    return best


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    skip_or_fail("Chromium is not installed (Debian: apt-get install chromium)",
                 "WILDPLAN_REQUIRE_BROWSER")


def screenshot(browser, html, png, tmp, dark):
    profile = tempfile.mkdtemp(dir=tmp, prefix="chromium-")
    args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}",
            "--window-size=1000,640", f"--screenshot={png}"]
    if dark:
        args.append("--force-dark-mode")
    p = subprocess.run(args + ["file://" + html], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0 and os.path.exists(png), p.stderr[-2000:]


def test_html_renders_in_chromium(tmp_path):
    browser = chromium()
    files = corpus_files()
    repo, _ = build_edited_repo(str(tmp_path), files[0], files[1], seed=7, commits=24)
    html = str(tmp_path / "history.html")
    doc = json.loads(wildplan("history", "docs/tasks.md", "--json", "--html", html,
                              cwd=repo).stdout)
    expected = sum(1 for e in doc["entries"] if e["total"] > 0)
    assert expected >= 20
    for dark, background in ((False, (255, 255, 255)), (True, (0x0d, 0x11, 0x17))):
        png = str(tmp_path / f"shot-{'dark' if dark else 'light'}.png")
        screenshot(browser, html, png, str(tmp_path), dark)
        width, height, rows = read_png(png)
        colours = {px for row in rows[::8] for px in row[::8]}
        assert len(colours) > 8, "the screenshot is blank"
        assert rows[4][4] == background, (dark, rows[4][4])
        # The page's body margin is 24 px; the legend starts 814 px into the 960-px chart.
        assert bars_in(rows, 24 + 800) == expected, dark


# --- the README's chart -----------------------------------------------------------------------

def test_readme_chart_is_the_example(tmp_path):
    example = os.path.join(FIXTURES, "example")
    repo = new_repo(str(tmp_path / "example"))
    tasks = os.path.join(repo, ".agents", "wild", "ex-1", "tasks.md")
    os.makedirs(os.path.dirname(tasks))
    with open(os.path.join(example, "commits.tsv")) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if not line.startswith("#")]
    for iteration, date, version in rows:
        if version != "-":
            shutil.copy(os.path.join(example, version), tasks)
        with open(os.path.join(repo, "notes.md"), "a") as f:
            f.write(f"iteration {iteration}\n")
        git(repo, "add", "-A")
        message = (f"wild-v2: iteration {iteration} \u2014 Fine-tune the small sentiment model\n\n"
                   f"Wild-Session: ex-1\nWild-Iteration: {iteration}\n")
        git(repo, "commit", "-q", "-F", "-", env=dated_env(date), stdin=message.encode())
    svg = wildplan("history", "--session", "ex-1", "--svg", "-", cwd=repo).stdout.decode()
    path = os.path.join(ROOT, "docs", "history.svg")
    if UPDATE:
        with open(path, "w", encoding="utf-8") as f:
            f.write(svg)
    with open(path, encoding="utf-8") as f:
        assert f.read() == svg, (
            "docs/history.svg is not what fixtures/history/example renders; refresh it with "
            f"UPDATE_FIXTURES=1 WILDPLAN={WILDPLAN} python3 -m pytest -q tests/history_test.py "
            "-k readme")
    doc = json.loads(wildplan("history", "--session", "ex-1", "--json", cwd=repo).stdout)
    assert [e["replan"] for e in doc["entries"]].count(True) == 1
    assert [e["file"] for e in doc["entries"]].count("unchanged") == 1
