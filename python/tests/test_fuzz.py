"""A fuzz-style property: random bytes and random mixes of the shared cases' replies never raise
anything but wildplan.Error subclasses, never crash the interpreter (ctest runs pytest under
`python3 -X faulthandler`, which prints the stack of a crash), and every to_json() is JSON.

WILDPLAN_FUZZ_ITERATIONS sets the rounds (default 300); WILDPLAN_FUZZ_SEED the seed (printed
on failure by the assertion's message).
"""

import json
import os
import random

import pytest

import wildplan
from conftest import CASES
from wildplan.compat import v2_prompts as vp

ROUNDS = int(os.environ.get("WILDPLAN_FUZZ_ITERATIONS", "300"))
SEED = int(os.environ.get("WILDPLAN_FUZZ_SEED", "24"))
PIECES = [b"<plan>", b"</plan>", b"<promise>DONE</promise>", b"- [ ] ", b"- [x] ", b"[/]",
          b"```", b"```markdown\n", b"\n", b"\r\n", b"<memories>\n- [tag] x\n", b"</memories>",
          b"<continue>", b"# Tasks\n", b"## Phase 1 - A\n", b"[P1-T1] ", b"| done-when: ",
          b'{"type":"assistant","message":{"content":[{"type":"text","text":"', b'"}]}}\n',
          b"\xff", b"\xc3", b"\x00", b"\t", b"<summary>", b"</summary>", b"---\n"]


def corpus():
    out = []
    for root, _, files in os.walk(CASES):
        for name in sorted(files):
            if name != "EXPECTED.md":
                with open(os.path.join(root, name), "rb") as f:
                    out.append(f.read())
    return out or [b"<plan>\n- [ ] a\n</plan>\n"]


def mutate(rng, texts):
    kind = rng.randrange(4)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(512)))
    if kind == 1:
        return b"".join(rng.choice(PIECES) for _ in range(rng.randrange(60)))
    parts = []
    for _ in range(rng.randrange(1, 5)):
        t = rng.choice(texts)
        a = rng.randrange(len(t) + 1)
        b = rng.randrange(a, len(t) + 1)
        parts.append(t[a:b])
        if kind == 3:
            parts.append(rng.choice(PIECES))
    return b"".join(parts)


def exercise(data):
    reply = wildplan.extract(data)
    json.loads(reply.to_json())
    for b in reply.blocks:
        (b.tag, b.body, b.line)
    if reply.plan is not None:
        json.loads(reply.plan.to_json())
        for t in reply.plan.tasks:
            (t.id, t.status, t.title, t.phase, t.fields, t.line, t.parent)
    plan = wildplan.parse(data)
    json.loads(plan.to_json())
    json.loads(wildplan.validate(plan).to_json())
    json.loads(wildplan.diff(plan, reply.plan or plan).to_json())
    text = data.decode("utf-8", "surrogateescape")
    for fn in (vp.parse_plan, vp.parse_promise, vp.parse_summary, vp.parse_reflection,
               vp.parse_continue, vp.parse_memories):
        fn(text)
        fn(data)
    wildplan.extract(data, input_format="jsonl")


def test_random_inputs_raise_nothing_but_wildplan_errors():
    rng = random.Random(SEED)
    texts = corpus()
    for i in range(ROUNDS):
        data = mutate(rng, texts)
        try:
            exercise(data)
        except wildplan.Error:
            pass
        except Exception as e:  # noqa: BLE001
            pytest.fail(f"round {i} (seed {SEED}): {type(e).__name__}: {e}\ninput: {data[:300]!r}")
