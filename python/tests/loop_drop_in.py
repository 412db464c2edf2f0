"""A pytest plugin that swaps the Wild Loop's six parsers for wildplan.compat.v2_prompts before
its tests import them (test_loop_suite.py loads it with -p into a run of the loop's own suite)."""

import os
import sys


def pytest_configure(config):
    server = os.path.join(os.environ["WILDPLAN_LOOP_REPO"], "server")
    sys.path.insert(0, server)
    import agent.v2_prompts as loop_prompts  # the loop's module, before anything imports from it

    from wildplan.compat import v2_prompts as drop_in
    for name in ("parse_plan", "parse_promise", "parse_summary", "parse_reflection",
                 "parse_continue", "parse_memories"):
        setattr(loop_prompts, name, getattr(drop_in, name))
