"""The loop's contract with `wildplan apply`, as the loop meets it.

Four iterations of one session on a throwaway repository, through the built binary, the way
the Wild Loop runs them: the loop writes the placeholder tasks.md and takes one snapshot at the
start of the session; after each iteration it calls `apply --iteration N --commit
--paths-from-snapshot --json`, reads the document, and goes on. A person's uncommitted edit sits
in the work tree all along. After each iteration the test checks tasks.md's bytes, the
document, and the commit with the git CLI.

  0  the reply echoes the planning prompt (its placeholder <plan> among it), then prints the plan
  1  the agent marked progress in tasks.md; the reply holds a stray partial <plan>
  2  the agent added a follow-up task; no <plan>, and <promise>WAITING</promise>
  3  a replan (--replan): the plan drops, rewords and adds tasks

Run by ctest (tests/CMakeLists.txt) with WILDPLAN naming the binary; by hand:
  WILDPLAN=build/ci/cli/wildplan python3 -m pytest -q tests/loop_contract_test.py
"""

import json
import os
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(HERE), "fixtures", "loop", "contract")
WILDPLAN = os.path.abspath(os.environ.get(
    "WILDPLAN", os.path.join(os.path.dirname(HERE), "build", "ci", "cli", "wildplan")))
SESSION = "s-7f3a"
GOAL = "Tune the learning rate of the char-level model to beat val loss 1.47"
PLACEHOLDER = b"# Tasks\n\n- [ ] (Agent will decompose the goal into tasks on iteration 1)\n"


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], check=True, capture_output=True).stdout


class Loop:
    """The loop's side: where it keeps tasks.md, and how it calls apply."""

    def __init__(self, repo, tmp):
        self.repo = repo
        self.tmp = tmp
        self.tasks = os.path.join(repo, ".agents", "wild", SESSION, "tasks.md")

    def read_tasks(self):
        with open(self.tasks, "rb") as f:
            return f.read()

    def write_tasks(self, data):
        with open(self.tasks, "wb") as f:
            f.write(data)

    def apply(self, iteration, reply, *extra):
        path = os.path.join(self.tmp, f"reply-{iteration}.txt")
        with open(path, "wb") as f:
            f.write(reply)
        p = subprocess.run(
            [WILDPLAN, "apply", "--reply", path, "--session", SESSION, "--iteration",
             str(iteration), "--goal", GOAL, "--commit", "--paths-from-snapshot", "--json",
             *extra],
            cwd=self.repo, capture_output=True, text=True)
        doc = json.loads(p.stdout)  # the whole document, whatever the exit
        assert doc["version"] == 1 and doc["kind"] == "apply"
        assert doc["iteration"] == iteration
        return p.returncode, doc, p.stderr

    def check_commit(self, doc, iteration, files):
        """The commit apply made: HEAD, its message, what it staged, tasks.md as it is now."""
        commit = doc["commit"]
        assert commit["committed"] is True, commit
        assert commit["id"] == git(self.repo, "rev-parse", "HEAD").decode().strip()
        assert commit["left_out"] == ["README.md"]  # the person's edit, before the session
        assert commit["snapshot_renewed"] is True
        assert sorted(commit["staged"]) == sorted(files)
        message = git(self.repo, "log", "-1", "--format=%B").decode()
        subject = message.splitlines()[0]
        assert subject.startswith(f"wild-v2: iteration {iteration} \u2014 Tune the learning rate")
        assert len(subject) <= 72
        assert f"\nWild-Session: {SESSION}\nWild-Iteration: {iteration}\n" in message
        changed = git(self.repo, "show", "--format=", "--name-only", "HEAD").decode().split()
        assert sorted(changed) == sorted(files)
        rel = os.path.relpath(self.tasks, self.repo)
        assert git(self.repo, "show", f"HEAD:{rel}") == self.read_tasks()
        assert doc["error"] is None


@pytest.fixture
def loop(tmp_path):
    if not os.access(WILDPLAN, os.X_OK):
        pytest.fail(f"{WILDPLAN} is not built (set WILDPLAN)")
    repo = str(tmp_path / "repo")
    os.makedirs(repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Wild Loop")
    git(repo, "config", "user.email", "loop@example.invalid")
    git(repo, "config", "commit.gpgsign", "false")
    for name, text in (("train.py", "print('train')\n"), ("README.md", "# nanogpt\n")):
        with open(os.path.join(repo, name), "w") as f:
            f.write(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    lp = Loop(repo, str(tmp_path))
    # A person's edit, uncommitted, from before the session: it stays out of every commit.
    with open(os.path.join(repo, "README.md"), "a") as f:
        f.write("draft: a paragraph I am still writing\n")
    # The loop, at the start of the session: the placeholder, and one snapshot.
    os.makedirs(os.path.dirname(lp.tasks))
    lp.write_tasks(PLACEHOLDER)
    subprocess.run([WILDPLAN, "snapshot"], cwd=repo, check=True, capture_output=True)
    return lp


def planning_prompt(workdir):
    """The prompt the loop sends at iteration 0: the seed with its placeholders filled in."""
    prompt = fixture("planning.prompt.md").decode()
    prompt = prompt.split("---\n", 2)[2]  # the front matter is not sent
    for key, value in (("goal", GOAL), ("workdir", workdir),
                       ("tasks_path", f"{workdir}/.agents/wild/{SESSION}/tasks.md"),
                       ("server_url", "http://127.0.0.1:8000"), ("session_id", SESSION),
                       ("steer_section", ""), ("api_catalog", "- POST /sweeps/wild\n- POST /runs"),
                       ("auth_header", '-H "Authorization: Bearer $TOKEN"')):
        prompt = prompt.replace("{{" + key + "}}", value)
    return prompt


def planning_reply(workdir):
    """Iteration 0: the transcript echoes the prompt the loop sent, then the agent's answer."""
    prompt = planning_prompt(workdir)
    plan = fixture("plan-0.md").decode()
    return ("USER:\n" + prompt + "\nASSISTANT:\nI explored the repository: train.py, the data "
            "loader and the tests.\nI wrote the task list to tasks.md.\n\n<plan>\n" + plan +
            "</plan>\n\n<summary>Planned six tasks.</summary>\n").encode()


def test_four_iterations(loop):
    repo = loop.repo
    rel_tasks = os.path.relpath(loop.tasks, repo)

    # Iteration 0: the plan is written over the placeholder; the echoed one is passed over.
    # The loop passes the prompt it sent: the echo is known as the prompt's, not by its shape.
    prompt = os.path.join(loop.tmp, "prompt-0.txt")
    with open(prompt, "w") as f:
        f.write(planning_prompt(repo))
    code, doc, err = loop.apply(0, planning_reply(repo), "--prompt", prompt)
    assert code == 0, err
    plan0 = fixture("plan-0.md")
    assert loop.read_tasks() == plan0
    assert doc["reply"]["plan_found"] is True
    assert doc["reply"]["plan_count"] == 2  # the prompt's placeholder, then the plan
    assert doc["tasks"]["action"] == "written" and doc["tasks"]["written"] is True
    assert doc["counts"]["total"] == 6 and doc["counts"]["todo"] == 6
    assert doc["signals"]["summary"] == "Planned six tasks."
    assert [d["rule"] for d in doc["diagnostics"] if d["severity"] == "error"] == []
    assert any(d["rule"] == "tag-echoed" for d in doc["diagnostics"]), doc["diagnostics"]
    loop.check_commit(doc, 0, [rel_tasks])
    assert "\nTasks: 0/6 done\n" in git(repo, "log", "-1", "--format=%B").decode()

    # Iteration 1: the agent marks progress itself and works; a stray plan does not rewrite it.
    mine = plan0.replace(b"- [ ] Task 1:", b"- [x] Task 1:").replace(b"- [ ] Task 2:",
                                                                      b"- [/] Task 2:")
    loop.write_tasks(mine)
    os.makedirs(os.path.join(repo, "notes"))
    with open(os.path.join(repo, "notes", "flags.md"), "w") as f:
        f.write("--lr, --epochs\n")
    code, doc, err = loop.apply(1, fixture("reply-1-stray-plan.txt"))
    assert code == 0, err
    assert loop.read_tasks() == mine
    assert doc["tasks"]["action"] == "kept" and doc["tasks"]["written"] is False
    assert doc["tasks"]["reason"].startswith("iteration 1 (from 1 on, tasks.md is the agent's)")
    kinds = [c["kind"] for c in doc["changes"]]
    assert kinds.count("removed") == 6 and kinds.count("added") == 1  # reported, not applied
    assert doc["counts"]["done"] == 1 and doc["counts"]["in_progress"] == 1
    assert doc["signals"]["summary"] == "Flags listed; warmup flag half done."
    loop.check_commit(doc, 1, [rel_tasks, "notes/flags.md"])

    # Iteration 2: no plan is the normal case (a note), the promise is read.
    mine2 = mine.replace(b"- [/] Task 2:", b"- [x] Task 2:") + \
        b"- [ ] Task 7: Document the --warmup flag in README.md\n"
    loop.write_tasks(mine2)
    with open(os.path.join(repo, "train.py"), "a") as f:
        f.write("# --warmup\n")
    code, doc, err = loop.apply(2, fixture("reply-2-waiting.txt"))
    assert code == 0, err
    assert loop.read_tasks() == mine2
    assert doc["reply"]["plan_found"] is False
    assert doc["tasks"]["action"] == "kept"
    assert doc["signals"]["promise"] == "WAITING"
    missing = [d for d in doc["diagnostics"] if d["rule"] == "plan-missing"]
    assert [d["severity"] for d in missing] == ["note"]
    assert [d for d in doc["diagnostics"] if d["severity"] == "error"] == []
    loop.check_commit(doc, 2, [rel_tasks, "train.py"])

    # Iteration 3: a replan keeps what is done and what the plan lacks, removes what it drops.
    reply3 = (b"The runs need a third warmup; here is the revised plan.\n\n<plan>\n" +
              fixture("plan-3.md") + b"</plan>\n\n<summary>Replanned.</summary>\n")
    code, doc, err = loop.apply(3, reply3, "--replan")
    assert code == 0, err
    merged = loop.read_tasks()
    assert merged == fixture("tasks-after-replan.md")
    assert doc["tasks"]["action"] == "merged"
    assert [t["id"] for t in doc["tasks"]["removed"]] == ["Task 5", "Task 7"]
    assert [(t["id"], t["status"]) for t in doc["tasks"]["preserved"]] == [("Task 1", "done")]
    assert doc["counts"]["done"] == 2 and doc["counts"]["total"] == 6
    assert [d for d in doc["diagnostics"] if d["severity"] == "error"] == []
    loop.check_commit(doc, 3, [rel_tasks])

    # The person's edit was never committed, and is still there.
    assert git(repo, "status", "--porcelain").decode() == " M README.md\n"
    assert git(repo, "log", "--format=", "--name-only").decode().split().count("README.md") == 1


def test_a_failed_commit_still_answers(loop):
    """No identity to commit as: exit 2, and the whole document on stdout all the same."""
    git(loop.repo, "config", "--unset", "user.name")
    git(loop.repo, "config", "--unset", "user.email")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["HOME"] = ""
    path = os.path.join(loop.tmp, "reply.txt")
    with open(path, "wb") as f:
        f.write(planning_reply(loop.repo))
    p = subprocess.run([WILDPLAN, "apply", "--reply", path, "--session", SESSION, "--iteration",
                        "0", "--commit", "--json"], cwd=loop.repo, capture_output=True, text=True,
                       env=env)
    assert p.returncode == 2
    doc = json.loads(p.stdout)
    assert doc["tasks"]["action"] == "written"  # tasks.md was written before the commit failed
    assert loop.read_tasks() == fixture("plan-0.md")
    assert doc["commit"]["committed"] is False
    assert doc["commit"]["reason"].startswith("the commit failed: no identity")
    assert doc["error"]["stage"] == "commit"
    assert doc["signals"]["summary"] == "Planned six tasks."
    assert "wildplan: error: commit:" in p.stderr
