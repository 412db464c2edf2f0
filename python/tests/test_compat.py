"""wildplan.compat.v2_prompts: the loop's six parsers, same names and return types, in-process.

Two halves: what the loop's own tests hold its parsers to (written here in our words: the same
inputs and answers), and the shared cases' expectations on the loop's real inputs, which the
loop's regexes fail and the drop-in must pass (cases/echo-signals/EXPECTED.md).
"""

import os
import threading

import pytest

from conftest import case, read
from wildplan.compat import v2_prompts as vp


@pytest.fixture(autouse=True)
def no_prompt():
    vp.set_prompt(None)
    yield
    vp.set_prompt(None)


# -- the loop's own expectations --------------------------------------------------------------

@pytest.mark.parametrize("text, want", [
    ("Some text\n<promise>DONE</promise>\nMore", "DONE"),
    ("Waiting for runs\n<promise>WAITING</promise>", "WAITING"),
    ("<promise>done</promise>", "DONE"),
    ("<promise>\nDONE\n</promise>", "DONE"),
    ("No promise here", None),
])
def test_promise(text, want):
    assert vp.parse_promise(text) == want


def test_plan_is_the_block_stripped_or_none():
    plan = vp.parse_plan("work done\n<plan>\n# Plan\n- [x] Step 1\n- [ ] Step 2\n</plan>\nend")
    assert plan == "# Plan\n- [x] Step 1\n- [ ] Step 2"
    assert vp.parse_plan("no plan tags") is None


def test_summary_and_reflection():
    assert vp.parse_summary("response\n<summary>Did some work.</summary>\nmore") == "Did some work."
    assert vp.parse_summary("no summary") is None
    assert vp.parse_reflection("Before\n<reflection>Learned a lot.</reflection>\nAfter") == \
        "Learned a lot."
    multi = vp.parse_reflection("<reflection>\nLine 1\nLine 2\n</reflection>")
    assert "Line 1" in multi and "Line 2" in multi
    assert vp.parse_reflection("no reflection tags") is None


@pytest.mark.parametrize("text, want", [
    ("<continue>yes</continue>", True), ("<continue>no</continue>", False),
    ("<continue>true</continue>", True), ("<continue>false</continue>", False),
    ("<continue>1</continue>", True), ("<continue>YES</continue>", True),
    ("<continue>No</continue>", False), ("No continue tag here", False),
])
def test_continue_is_a_bool(text, want):
    assert vp.parse_continue(text) is want


def test_memories_are_dicts_with_tag_title_content():
    got = vp.parse_memories("<memories>\n- [Lesson] Pin the tokenizer version\n- plain one\n"
                            "\n- [gotcha]   " + "x" * 100 + "\n</memories>")
    assert got == [
        {"tag": "lesson", "title": "Pin the tokenizer version",
         "content": "Pin the tokenizer version"},
        {"tag": "general", "title": "plain one", "content": "plain one"},
        {"tag": "gotcha", "title": "x" * 80, "content": "x" * 100},
    ]
    assert vp.parse_memories("no memories") == []


def test_the_six_names_are_the_loops():
    assert set(vp.__all__) == {"parse_plan", "parse_promise", "parse_summary", "parse_reflection",
                               "parse_continue", "parse_memories", "set_prompt"}


# -- the loop's real inputs: the echoed prompt ------------------------------------------------

ECHO = [
    ("iteration-echo-no-signals.txt", "iteration-prompt.txt", None, None, None, False, []),
    ("iteration-echo-then-signals.txt", "iteration-prompt.txt",
     "Finished the tokenizer cache (Task 3) and queued three learning-rate runs in a new sweep.",
     "WAITING", None, False, []),
    ("reflection-echo-stop.txt", "reflection-prompt.txt", None, None, "The classifier reaches 91.2%",
     False, []),
    ("reflection-echo-continue-memories.txt", "reflection-prompt.txt", None, None,
     "Accuracy is 88.4%, short of the 90% target; the class imbalance is the likely cause.",
     True, [("gotcha", "The review scores are skewed 4:1 toward positive; stratify every split"),
            ("general", "Re-weighting the loss helped more than oversampling")]),
]


def _check(text, summary, promise, reflection, cont, memories):
    assert vp.parse_summary(text) == summary
    assert vp.parse_promise(text) == promise
    got = vp.parse_reflection(text)
    if reflection is None:
        assert got is None
    else:
        assert got is not None and got.startswith(reflection)
    assert vp.parse_continue(text) is cont
    assert [(m["tag"], m["content"]) for m in vp.parse_memories(text)] == memories
    assert vp.parse_plan(text) is None  # the prompts' placeholder plans are never the plan


@pytest.mark.parametrize("reply, prompt, summary, promise, reflection, cont, memories", ECHO)
def test_echo_with_the_prompt_set(reply, prompt, summary, promise, reflection, cont, memories):
    d = case("echo-signals")
    vp.set_prompt(os.path.join(d, prompt))
    _check(read(os.path.join(d, reply), "r"), summary, promise, reflection, cont, memories)


@pytest.mark.parametrize("reply, prompt, summary, promise, reflection, cont, memories", ECHO)
def test_echo_with_the_prompt_given_as_text(reply, prompt, summary, promise, reflection, cont,
                                            memories):
    d = case("echo-signals")
    vp.set_prompt(read(os.path.join(d, prompt), "r"))
    _check(read(os.path.join(d, reply), "r"), summary, promise, reflection, cont, memories)


@pytest.mark.parametrize("reply, prompt, summary, promise, reflection, cont, memories", ECHO)
def test_echo_without_the_prompt(reply, prompt, summary, promise, reflection, cont, memories):
    # Without --prompt the expectations hold, or the signal carries a warning (the CLI's
    # signal-from-example); the drop-in has no diagnostics, so they must hold.
    _check(read(os.path.join(d := case("echo-signals"), reply), "r"), summary, promise,
           reflection, cont, memories)


def test_the_placeholder_plan_of_the_planning_prompt_is_not_a_plan():
    text = read(case("apply-iterations", "reply-fenced-plan-body.txt"), "r")
    plan = vp.parse_plan(text)
    assert plan is not None and not plan.startswith("```")
    assert plan.count("- [ ]") == 6


def test_transcripts_give_the_answers_signals():
    text = read(case("transcripts", "claude-stream-signals.jsonl"), "r")
    assert vp.parse_plan(text) is not None


def test_one_extraction_serves_the_six_calls_and_a_new_text_is_read_again():
    a = "<promise>DONE</promise>"
    b = "<promise>WAITING</promise>"
    assert (vp.parse_promise(a), vp.parse_promise(b), vp.parse_promise(a)) == (
        "DONE", "WAITING", "DONE")
    assert vp.parse_promise(a.encode()) == "DONE"


def test_threads_share_the_drop_in_safely():
    texts = [f"<summary>reply {i}</summary>\n<promise>{'DONE' if i % 2 else 'WAITING'}</promise>"
             for i in range(64)]
    errors = []

    def worker(k):
        try:
            for r in range(200):
                i = (k * 7 + r) % 64
                assert vp.parse_summary(texts[i]) == f"reply {i}"
                assert vp.parse_promise(texts[i]) == ("DONE" if i % 2 else "WAITING")
        except Exception as e:  # noqa: BLE001 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
