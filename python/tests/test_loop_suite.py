"""The loop's own test suite, with its six parsers replaced by wildplan.compat.v2_prompts
in-process (loop_drop_in.py). Runs when WILDPLAN_LOOP_REPO names a checkout of
hao-ai-lab/research-agent (its tests need Debian's python3-httpx); skipped otherwise, saying so.
"""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
LOOP = os.environ.get("WILDPLAN_LOOP_REPO")


@pytest.mark.skipif(not LOOP, reason="WILDPLAN_LOOP_REPO names no checkout of the loop")
def test_the_loops_suite_passes_with_the_drop_in():
    suite = os.path.join(LOOP, "tests", "wild_loop_v2_test.py")
    import wildplan
    package = os.path.dirname(os.path.dirname(os.path.abspath(wildplan.__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([HERE, package]))
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                        "-p", "loop_drop_in", suite], cwd=LOOP, env=env, capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    probe = [sys.executable, "-c", "import sys; sys.path.insert(0, 'server'); "
             "import loop_drop_in, agent.wild_loop_v2 as w; loop_drop_in.pytest_configure(None); "
             "import importlib; importlib.reload(w); print(w.parse_plan.__module__)"]
    out = subprocess.run(probe, cwd=LOOP, env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "wildplan.compat.v2_prompts", out.stderr
