"""README "From Python": the four-iteration loop example runs, and prints what the README says.

The example is the first ```python block after the line "**A loop of four iterations**"; the
```text block after it is its expected output.
"""

import contextlib
import io
import os
import re

from conftest import TOP


def example():
    with open(os.path.join(TOP, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    section = readme[readme.index("## From Python"):]
    section = section[section.index("**A loop of four iterations**"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    output = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    return code, output


def test_the_readme_loop_runs_and_prints_its_output(monkeypatch):
    code, expected = example()
    for k in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(k)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md (From Python)", "exec"), {"__name__": "__main__"})
    assert out.getvalue() == expected


def test_the_drop_in_import_of_the_readme_works():
    with open(os.path.join(TOP, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    block = re.search(r"```python\n(# from agent.v2_prompts.*?)```", readme, re.S).group(1)
    exec(block.replace("set_prompt(prompt_text)", "set_prompt(None)"), {})
