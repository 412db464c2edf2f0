"""Typed use of the package, checked by test_stubs.py under mypy --strict (never run)."""
import wildplan
from wildplan.compat.v2_prompts import parse_plan, parse_memories, set_prompt
import wildplan.aio

r = wildplan.extract("<plan>\n- [ ] a\n</plan>")
p = r.plan
if p is not None:
    for t in p.tasks:
        s: wildplan.Status = t.status
        line: int = t.line
v = wildplan.validate(b"- [ ] x\n", "generic")
n: int = v.errors
d: wildplan.Diagnostic = v[0]
out = wildplan.apply(reply="r.txt", session="s", iteration=1)
ok: bool = out.commit.committed
plan: "str | None" = parse_plan("x")
mems = parse_memories("x")
tag: str = mems[0]["tag"]
set_prompt(None)
async def f() -> None:
    o = await wildplan.aio.apply(reply="r.txt")
    a: str = o.action
