#!/usr/bin/env python3
"""A Claude Code (or Gemini CLI) stream-json transcript of about SIZE bytes, for the JSON-lines
benchmarks.

usage: make_transcript.py SIZE OUT [SEED] [claude|gemini]

The shape of a long agent session: the init line, the replayed prompt (with the placeholder plan
in a fence and example signal tags), then turns of assistant text, a tool call and its result
(file contents, some holding `<plan>` and `- [ ]` strings, as tool output does), now and then a
thinking block; at the end the answer with the real plan and the signals, and the `result` line
that repeats it. Deterministic for a seed; ASCII and a little UTF-8.
"""
import json
import random
import sys

WORDS = ("the a model train data run sweep plan task loss accuracy rate epoch cache file read "
         "write config batch warmup step eval metric log checkpoint token résumé ≈ —").split()

PROMPT = ("You are an autonomous research engineer.\n\n## Goal\n\nTune the learning rate.\n\n"
          "Output your plan in `<plan>` tags:\n\n```\n<plan>\n(Copy of the task list you wrote to "
          "tasks.md)\n</plan>\n```\n\n<summary>One paragraph describing what you accomplished"
          "</summary>\n<promise>WAITING</promise>\n")

PLAN = ("# Tasks\n\n## Goal\nTune the learning rate.\n\n## Analysis\nThe sweep server takes "
        "POST /sweeps/wild and POST /runs.\n\n## Tasks\n"
        "- [ ] Task 1: Create the sweep with POST /sweeps/wild and record its sweep_id\n"
        + "".join(f"- [ ] Task {i}: Step {i} of the sweep, with its runs via POST /runs\n"
                  for i in range(2, 9)))


def words(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def line(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def gemini(size, out, rng):
    """Gemini CLI's stream-json: the init event, the prompt as a user message, then turns of
    assistant text streamed in delta chunks, a tool call (now and then write_todos) and its
    result (file contents, some holding `<plan>` strings), the answer, and the result event."""
    ts = "2026-01-21T10:00:00.000Z"

    def ev(obj):
        return line(dict({"type": obj.pop("type"), "timestamp": ts}, **obj))

    answer = ("All checks done.\n\n<plan>\n" + PLAN + "</plan>\n\n<summary>Planned the sweep."
              "</summary>\n<promise>DONE</promise>")
    tail = "".join(ev({"type": "message", "role": "assistant", "content": answer[i:i + 200],
                       "delta": True}) for i in range(0, len(answer), 200))
    tail += ev({"type": "result", "status": "success", "stats": {"total_tokens": 1,
                                                                "duration_ms": 1}})
    with open(out, "w", encoding="utf-8") as f:
        written = 0

        def put(s):
            nonlocal written
            f.write(s)
            written += len(s.encode())

        put(ev({"type": "init", "session_id": "b2b90938-611f-4bd0-adf6-829e14549653",
                "model": "gemini-2.5-pro"}))
        put(ev({"type": "message", "role": "user", "content": PROMPT}))
        turn = 0
        while written + len(tail) < size:
            turn += 1
            for _ in range(rng.randint(2, 8)):
                put(ev({"type": "message", "role": "assistant",
                        "content": words(rng, rng.randint(5, 30)) + " ", "delta": True}))
            if rng.random() < 0.05:
                put(ev({"type": "tool_use", "tool_name": "write_todos",
                        "tool_id": f"write_todos-{turn}", "parameters": {"todos": [
                            {"description": f"Step {i} of the sweep", "status":
                             rng.choice(["pending", "in_progress", "completed"])}
                            for i in range(1, 9)]}}))
            put(ev({"type": "tool_use", "tool_name": "read_file", "tool_id": f"read_file-{turn}",
                    "parameters": {"absolute_path": f"/home/user/project/src/f{turn}.py"}}))
            body = "\n".join(f"{i:6d}  {words(rng, rng.randint(4, 14))}"
                             for i in range(1, rng.randint(40, 400)))
            if rng.random() < 0.1:
                body += "\n<plan>\n- [ ] Task 1: Example task from an older plan\n</plan>\n"
            put(ev({"type": "tool_result", "tool_id": f"read_file-{turn}", "status": "success",
                    "output": body}))
        put(tail)


def main():
    size = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 20251125)
    if len(sys.argv) > 4 and sys.argv[4] == "gemini":
        return gemini(size, out, rng)
    sid = "8e792406-89ce-4869-a403-2a3e56f77b79"
    answer = ("All checks done.\n\n<plan>\n" + PLAN + "</plan>\n\n<summary>Planned the sweep."
              "</summary>\n<promise>DONE</promise>")
    tail = (line({"type": "assistant", "message": {"id": "msg_final", "type": "message",
                                                   "role": "assistant", "content": [
                                                       {"type": "text", "text": answer}]},
                  "parent_tool_use_id": None, "session_id": sid})
            + line({"type": "result", "subtype": "success", "is_error": False, "result": answer,
                    "session_id": sid}))
    with open(out, "w", encoding="utf-8") as f:
        written = 0

        def put(s):
            nonlocal written
            f.write(s)
            written += len(s.encode())

        put(line({"type": "system", "subtype": "init", "cwd": "/home/user/project",
                  "session_id": sid, "tools": ["Bash", "Read", "Write"], "model": "m"}))
        put(line({"type": "user", "message": {"role": "user", "content": PROMPT},
                  "parent_tool_use_id": None, "session_id": sid, "isReplay": True}))
        turn = 0
        while written + len(tail) < size:
            turn += 1
            mid = f"msg_{turn:06d}"
            content = [{"type": "text", "text": words(rng, rng.randint(20, 120))}]
            if rng.random() < 0.2:
                content.insert(0, {"type": "thinking", "thinking": words(rng, 60),
                                   "signature": "x" * 40})
            put(line({"type": "assistant", "message": {"id": mid, "type": "message",
                                                       "role": "assistant", "content": content},
                      "parent_tool_use_id": None, "session_id": sid}))
            put(line({"type": "assistant", "message": {"id": mid, "type": "message",
                                                       "role": "assistant", "content": [
                {"type": "tool_use", "id": f"toolu_{turn}", "name": "Read",
                 "input": {"file_path": f"/home/user/project/src/f{turn}.py"}}]},
                      "parent_tool_use_id": None, "session_id": sid}))
            body = "\n".join(f"{i:6d}\u2192{words(rng, rng.randint(4, 14))}"
                             for i in range(1, rng.randint(40, 400)))
            if rng.random() < 0.1:
                body += "\n<plan>\n- [ ] Task 1: Example task from an older plan\n</plan>\n"
            put(line({"type": "user", "message": {"role": "user", "content": [
                {"tool_use_id": f"toolu_{turn}", "type": "tool_result", "content": body}]},
                      "parent_tool_use_id": None, "session_id": sid}))
        put(tail)


if __name__ == "__main__":
    main()
