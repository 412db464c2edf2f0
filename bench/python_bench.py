#!/usr/bin/env python3
"""The Python rows of bench/run.py (`--only python`): import wildplan beside the loop's regexes.

usage: PYTHONPATH=<build>/python python3 bench/python_bench.py --wildplan EXE [--rounds N]
       (or bench/run.py --only python, which runs it with the build's package)

Per reply of the shared corpus (../shared/corpus/outputs and the cases' replies), as it is and
repeated to ~250 KB, the median of N rounds of:
  - regex: the loop's six parsers as it runs them (issue 24 names the peer): for each of plan,
    promise, summary, reflection, continue, memories one re.search(r"<TAG>([\\s\\S]*?)</TAG>")
    (first match, stripped; promise upper-cased; continue yes/true/1; memories split into `- `
    lines, re.match(r"\\[([^\\]]+)\\]\\s*(.*)") for the tag);
  - compat: the six calls of wildplan.compat.v2_prompts on the same str, its one-entry cache
    emptied before each round (so each round pays one extraction, as the loop does per reply);
  - extract: one wildplan.extract(), the typed Reply (no cache);
  - subprocess: one `wildplan extract --json FILE`, what a Python loop does without the binding.
And the import time of `import wildplan` and of `import wildplan.compat.v2_prompts`, in a fresh
interpreter each round (the interpreter's own start-up subtracted).
"""

import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(os.path.dirname(HERE), "..", "shared")


# -- the peer: the loop's six regexes, as issue 24 describes them --------------------------------

def _first(tag, text):
    m = re.search(r"<" + tag + r">([\s\S]*?)</" + tag + ">", text)
    return m.group(1).strip() if m else None


def regex_six(text):
    plan = _first("plan", text)
    promise = _first("promise", text)
    promise = promise.upper() if promise is not None else None
    summary = _first("summary", text)
    reflection = _first("reflection", text)
    cont = _first("continue", text)
    cont = cont is not None and cont.lower() in ("yes", "true", "1")
    memories = []
    block = _first("memories", text)
    for line in (block or "").split("\n"):
        line = line.strip()
        if not line.startswith("-"):
            continue
        line = line.lstrip("- ").strip()
        m = re.match(r"\[([^\]]+)\]\s*(.*)", line)
        tag, content = (m.group(1).strip().lower(), m.group(2).strip()) if m else ("general", line)
        if content:
            memories.append({"tag": tag, "title": content[:80], "content": content})
    return plan, promise, summary, reflection, cont, memories


def compat_six(vp, text):
    vp._last = (None, None, None)  # a new reply: the round pays its extraction
    return (vp.parse_plan(text), vp.parse_promise(text), vp.parse_summary(text),
            vp.parse_reflection(text), vp.parse_continue(text), vp.parse_memories(text))


def median_ms(fn, rounds):
    times = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def replies():
    paths = sorted(glob.glob(os.path.join(SHARED, "corpus", "outputs", "*")))
    paths += sorted(glob.glob(os.path.join(SHARED, "cases", "echo-signals", "*-echo-*.txt")))
    paths += sorted(glob.glob(os.path.join(SHARED, "cases", "apply-iterations", "reply-*.txt")))
    return paths


def import_ms(statement, rounds):
    """The median time of `statement` in a fresh interpreter, as an installed package imports:
    with its bytecode cached (a warm-up run writes it; PYTHONDONTWRITEBYTECODE is dropped)."""
    code = ("import time; t = time.perf_counter(); " + statement +
            "; print(time.perf_counter() - t)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out = []
    for _ in range(rounds + 1):
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env=env)
        out.append(float(r.stdout))
    return statistics.median(out[1:]) * 1000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wildplan", required=True)
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    import wildplan
    from wildplan.compat import v2_prompts as vp

    print(f"\n### Python: the loop's six parsers, in-process (wildplan {wildplan.__version__}, "
          f"{args.rounds} rounds, medians)\n")
    print("| reply | KB | regex six ms | compat six ms | extract() ms | subprocess ms | "
          "compat / regex | subprocess / compat |")
    print("|---|---|---|---|---|---|---|---|")
    worst, worst_corpus, best_sub = 0.0, 0.0, float("inf")
    with tempfile.TemporaryDirectory() as tmp:
        for path in replies():
            with open(path, encoding="utf-8", errors="surrogateescape") as f:
                one = f.read()
            for label, text in ((os.path.basename(path), one),
                                (os.path.basename(path) + " x" + str(250_000 // len(one) + 1),
                                 one * (250_000 // len(one) + 1))):
                file = os.path.join(tmp, "reply.txt")
                with open(file, "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(text)
                assert compat_six(vp, text)  # warm, and check it runs
                r = median_ms(lambda: regex_six(text), args.rounds)
                c = median_ms(lambda: compat_six(vp, text), args.rounds)
                e = median_ms(lambda: wildplan.extract(text), args.rounds)
                argv = [args.wildplan, "extract", "--json", file]
                s = median_ms(lambda: subprocess.run(argv, stdout=subprocess.DEVNULL,
                                                     stderr=subprocess.DEVNULL), args.rounds)
                worst = max(worst, c / r)
                if os.sep + "corpus" + os.sep in path:  # the measure: the corpus's replies
                    worst_corpus = max(worst_corpus, c / r)
                best_sub = min(best_sub, s / c)
                print(f"| {label} | {len(text.encode('utf-8', 'surrogateescape')) / 1000:.0f} | "
                      f"{r:.3f} | {c:.3f} | {e:.3f} | {s:.2f} | {c / r:.2f} | {s / c:.0f}x |")
    imp = import_ms("import wildplan", args.rounds)
    imp_c = import_ms("import wildplan.compat.v2_prompts", args.rounds)
    print(f"\n- compat six / regex six, worst of the corpus's replies: **{worst_corpus:.2f}** "
          f"(target: at most 1); worst of all, the cases' replies too: **{worst:.2f}**")
    print(f"- subprocess / compat six, closest reply: **{best_sub:.0f}x** (target: at least 20x)")
    print(f"- `import wildplan`: **{imp:.1f} ms**; `import wildplan.compat.v2_prompts`: "
          f"**{imp_c:.1f} ms** (target: under 50 ms; timed inside a fresh interpreter)")


if __name__ == "__main__":
    main()
