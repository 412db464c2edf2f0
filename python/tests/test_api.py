"""import wildplan: typed results, the CLI's documents from to_json(), exceptions by kind."""

import json
import os
import shutil

import pytest

import wildplan
from conftest import CASES, case, cli, git, make_repo, read

PHASED = b"""# Tasks

## Goal
Train a small classifier and report its accuracy.

## Phase 1 - Data
- [x] [P1-T1] Check the loader | deliverable: notes/loader.md | done-when: rows match
- [/] [P1-T2] Build the tokenizer cache | deliverable: cache/vocab.json | done-when: test passes
- [ ] [P1-T3] Stratified split | deliverable: data/splits.json | done-when: ratios within 1%
"""


def test_version_is_the_cli_version():
    code, out, _ = cli("--version")
    assert code == 0
    assert wildplan.__version__ in out
    assert wildplan.__version__.count(".") == 2


def test_extract_gives_typed_signals_and_the_plan():
    reply = wildplan.extract(
        "Working.\n<plan>\n# Plan\n- [x] Step one\n- [ ] Step two\n</plan>\n"
        "<summary>  Did the first step. </summary>\n<promise>waiting</promise>\n"
        "<continue>Yes</continue>\n<memories>\n- [Gotcha] Pin the seed\n- plain lesson\n</memories>\n")
    s = reply.signals
    assert (s.promise, s.summary, s.continue_) == ("WAITING", "Did the first step.", True)
    assert s.reflection is None
    assert [(m.tag, m.text) for m in s.memories] == [("gotcha", "Pin the seed"),
                                                       ("general", "plain lesson")]
    plan = reply.plan
    assert isinstance(plan, wildplan.Plan) and isinstance(plan, wildplan.Document)
    assert [t.title for t in plan.tasks] == ["Step one", "Step two"]
    assert [t.status for t in plan.tasks] == [wildplan.Status.DONE, wildplan.Status.TODO]
    assert plan.tasks[0].line == 4  # the reply's own line, not the block's
    assert plan.counts[wildplan.Status.DONE] == 1
    assert reply.choice == "last-closed-with-tasks"
    assert [b.tag for b in reply.blocks] == ["plan", "summary", "promise", "continue", "memories"]
    assert reply.plan_block.selected and reply.plan_block.line == 2


def test_a_reply_without_a_plan_says_so_with_a_position():
    reply = wildplan.extract("no tags here\n")
    assert reply.plan is None
    assert reply.signals.promise is None and reply.signals.memories is None
    d = [d for d in reply.diagnostics if d.rule == "plan-missing"]
    assert d and d[0].severity == "error" and d[0].file == "<reply>"


def test_bytes_and_invalid_utf8_are_read_and_reported_as_the_cli_does(tmp_path):
    data = b"<summary>caf\xe9 \xff done</summary>\n<plan>\n- [ ] T\xc3\xa2che \xfe\n</plan>\n"
    reply = wildplan.extract(data, name="r.txt")
    assert reply.signals.summary == "caf\ufffd \ufffd done"
    assert reply.plan.tasks[0].title == "T\u00e2che \ufffd"
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    _, out, _ = cli("extract", "r.txt", "--json", cwd=tmp_path)
    assert wildplan.extract(data, name="r.txt").to_json() == out
    # A str carrying surrogateescape'd bytes reads as those bytes.
    assert wildplan.extract(data.decode("utf-8", "surrogateescape"), name="r.txt").to_json() == out


@pytest.mark.parametrize("name", sorted(
    n for n in (os.listdir(os.path.join(CASES, "transcripts")) if os.path.isdir(
        os.path.join(CASES, "transcripts")) else []) if n.endswith((".jsonl", ".txt"))))
def test_read_reply_to_json_is_the_cli_document_on_transcripts(name, tmp_path, monkeypatch):
    src = case("transcripts", name)
    shutil.copy(src, tmp_path / name)
    _, out, _ = cli("extract", name, "--json", cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    assert wildplan.read_reply(name).to_json() == out
    assert json.loads(out)["kind"] == "reply"


def test_echo_cases_with_the_prompt_match_the_cli(tmp_path, monkeypatch):
    d = case("echo-signals")
    for reply in ("iteration-echo-then-signals.txt", "reflection-echo-continue-memories.txt"):
        prompt = ("iteration" if reply.startswith("iteration") else "reflection") + "-prompt.txt"
        _, out, _ = cli("extract", os.path.join(d, reply), "--prompt", os.path.join(d, prompt),
                        "--json", cwd=tmp_path)
        got = wildplan.read_reply(os.path.join(d, reply), prompt=os.path.join(d, prompt))
        assert got.prompt_given
        monkeypatch.chdir(tmp_path)
        assert got.to_json() == out


def test_parse_gives_tasks_with_ids_phases_fields_and_spans(tmp_path, monkeypatch):
    plan = wildplan.parse(PHASED, name="tasks.md")
    t = plan.tasks[1]
    assert (t.id, t.id_kind, t.status, t.title, t.phase) == (
        "P1-T2", "phased", wildplan.Status.IN_PROGRESS, "Build the tokenizer cache", "1")
    assert t.fields == {"deliverable": "cache/vocab.json", "done-when": "test passes"}
    assert PHASED[t.span[0]:t.span[1]].startswith(b"- [/] [P1-T2]")
    assert PHASED[t.box_span[0]:t.box_span[1]] == b"[/]"
    assert plan.task("P1-T3").ordinal == 3 and plan.task("nope") is None
    assert plan.next_task().id == "P1-T2"
    assert [(p.number, p.name) for p in plan.phases] == [("1", "Data")]
    path = tmp_path / "tasks.md"
    path.write_bytes(PHASED)
    _, out, _ = cli("parse", "tasks.md", "--json", cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    assert wildplan.parse("tasks.md").to_json() == out  # a str naming a file is the file
    assert wildplan.parse(path).to_json() == out.replace('"tasks.md"', f'"{path}"')


def test_validate_is_a_list_of_diagnostics_and_the_cli_document(tmp_path, monkeypatch):
    path = tmp_path / "tasks.md"
    path.write_bytes(PHASED + b"- [ ] [P1-T3] Stratified split | deliverable: x | done-when: y\n")
    v = wildplan.validate(wildplan.parse(path))
    assert v.profile == "v2-phased"
    assert "task-duplicate-id" in [d.rule for d in v]
    assert len(v) == len(v.diagnostics) and v[-1].rule == v.diagnostics[-1].rule
    assert v.errors >= 1
    code, out, _ = cli("validate", "tasks.md", "--format", "json", cwd=tmp_path)
    assert code == 1
    monkeypatch.chdir(tmp_path)
    assert wildplan.validate(wildplan.parse("tasks.md")).to_json() == out
    assert wildplan.validate(PHASED, "generic").profile == "generic"
    with pytest.raises(ValueError):
        wildplan.validate(PHASED, "nonsense")


def test_diff_matches_tasks_and_gives_the_cli_document(tmp_path, monkeypatch):
    after = PHASED.replace(b"[/] [P1-T2]", b"[x] [P1-T2]") + b"- [ ] [P1-T4] Train the model\n"
    (tmp_path / "a.md").write_bytes(PHASED)
    (tmp_path / "b.md").write_bytes(after)
    d = wildplan.diff(tmp_path / "a.md", tmp_path / "b.md")
    kinds = [(c.kind, (c.before or c.after).id) for c in d.changes]
    assert kinds == [("status-changed", "P1-T2"), ("added", "P1-T4")]
    assert d.changes[0].before.status == wildplan.Status.IN_PROGRESS
    assert d.changes[0].after.status == wildplan.Status.DONE
    assert not d.equal
    _, out, _ = cli("diff", "a.md", "b.md", "--json", cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    assert wildplan.diff("a.md", "b.md").to_json() == out


def test_results_outlive_what_made_them():
    tasks = wildplan.extract("<plan>\n- [ ] one\n- [ ] two\n</plan>\n").plan.tasks
    import gc
    gc.collect()
    assert [t.title for t in tasks] == ["one", "two"]
    change = wildplan.diff(b"- [ ] a task here\n", b"- [x] a task here\n").changes[0]
    gc.collect()
    assert change.after.status == wildplan.Status.DONE


def test_errors_are_python_exceptions_by_kind(tmp_path):
    assert issubclass(wildplan.LockTimeout, wildplan.Error)
    assert issubclass(wildplan.GitError, wildplan.Error)
    assert issubclass(wildplan.ConfigError, wildplan.Error)
    with pytest.raises(wildplan.Error) as e:
        wildplan.read_reply(tmp_path / "missing.txt")
    assert "missing.txt" in str(e.value) and e.value.errno == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"rules": {"task-vauge": "error"}}')
    with pytest.raises(wildplan.ConfigError) as e:
        wildplan.parse(b"- [ ] x\n", config=bad)
    assert e.value.diagnostics and "task-vauge" in e.value.diagnostics[0].message
    tasks = tmp_path / "tasks.md"
    tasks.write_bytes(PHASED)
    (tmp_path / "tasks.md.lock").write_bytes(b"")
    with pytest.raises(wildplan.LockTimeout) as e:
        wildplan.check(tasks, "P1-T3", lock_timeout=0.05)
    assert "tasks.md.lock" in str(e.value)
    assert tasks.read_bytes() == PHASED
    with pytest.raises(wildplan.Error):
        wildplan.check(tasks, "P9-T9")
    with pytest.raises(TypeError):
        wildplan.extract(42)


def test_status_edits_and_add_on_a_path_match_the_cli(tmp_path):
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    for d in (mine, theirs):
        d.mkdir()
        (d / "tasks.md").write_bytes(PHASED)
    out = wildplan.start(mine / "tasks.md", "P1-T3")
    _, cli_out, _ = cli("start", "P1-T3", "--json", cwd=theirs)
    assert out.to_json() == cli_out.replace('"tasks.md"', f'"{mine / "tasks.md"}"')
    assert [(c.before, c.after) for c in out.changes] == [
        (wildplan.Status.TODO, wildplan.Status.IN_PROGRESS)]
    assert out.warnings and out.warnings[0][0] == "task-multiple-in-progress"
    out = wildplan.check(mine / "tasks.md", "P1-T2", "P1-T3")
    assert out.written and out.refused is None
    out = wildplan.block(mine / "tasks.md", "P1-T1", reason="waiting for GPUs", dry_run=True)
    assert not out.written and out.diff.startswith("---")
    added = wildplan.add(mine / "tasks.md", "Train the model", phase="1",
                         fields={"deliverable": "model.pt", "done-when": "val loss logged"})
    assert added.written and added.id == "P1-T4"
    refused = wildplan.add(mine / "tasks.md", "No fields given")
    assert refused.refused and not refused.written
    plan = wildplan.parse(mine / "tasks.md")
    assert [t.status.value for t in plan.tasks] == ["done", "done", "done", "todo"]


def _apply_repo(tmp_path, name):
    tasks = read(case("apply-iterations", "tasks-iter1.md"))
    return make_repo(str(tmp_path / name), {".agents/wild/s7/tasks.md": tasks})


def test_apply_iterations_as_the_cli(tmp_path, monkeypatch):
    d = case("apply-iterations")
    for reply, it, action in (("reply-iter1-partial-plan.txt", 1, "kept"),
                              ("reply-iter2-no-plan.txt", 2, "kept")):
        mine, theirs = _apply_repo(tmp_path, f"m{it}"), _apply_repo(tmp_path, f"t{it}")
        before = read(os.path.join(mine, ".agents/wild/s7/tasks.md"))
        out = wildplan.apply(reply=os.path.join(d, reply), session="s7", iteration=it, repo=mine)
        assert out.action == action and not out.failed and not out.has_problems
        assert read(os.path.join(mine, ".agents/wild/s7/tasks.md")) == before
        assert out.reply.signals.summary
        monkeypatch.chdir(theirs)
        code, cli_out, _ = cli("apply", "--reply", os.path.join(d, reply), "--session", "s7",
                               "--iteration", str(it), "--json")
        assert code == 0
        monkeypatch.chdir(mine)
        assert out.to_json() == cli_out.replace(theirs, mine)
    assert out.reply.signals.promise == "WAITING"


def test_apply_replan_merges_and_lists_what_it_removed(tmp_path):
    repo = _apply_repo(tmp_path, "r")
    out = wildplan.apply(reply=read(case("apply-iterations", "reply-replan.txt")), session="s7",
                         iteration=2, replan=True, repo=repo)
    assert out.action == "merged" and out.written
    assert {t.id for t in out.removed} == {"P2-T4", "P3-T1"}
    kept = out.tasks.task("P1-T2")
    assert kept.status == wildplan.Status.IN_PROGRESS


def test_apply_that_cannot_commit_says_why_in_the_whole_document(tmp_path):
    repo = _apply_repo(tmp_path, "c")
    git(repo, "config", "--unset", "user.name")
    git(repo, "config", "--unset", "user.email")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env, HOME=str(tmp_path / "nohome"), GIT_CONFIG_NOSYSTEM="1")
        os.environ.pop("EMAIL", None)
        out = wildplan.apply(reply=case("apply-iterations", "reply-iter2-no-plan.txt"),
                             session="s7", iteration=2, repo=repo, commit=True)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    assert out.commit.committed is False
    doc = json.loads(out.to_json())
    assert doc["kind"] == "apply" and doc["commit"]["committed"] is False
    assert out.failed and out.error.stage == "commit"
    assert doc["signals"]["promise"] == "WAITING"
