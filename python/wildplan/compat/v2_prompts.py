"""A drop-in for the Wild Loop's signal parsers (``server/agent/v2_prompts.py``).

The same six functions, names, arguments and return types, read by wildplan instead of a
first-match regular expression each: the plan is the one wildplan selects (not the prompt's
placeholder, not an echoed example, the last real one), the signals are the agent's own (not
the examples the prompt shows), memories are one per ``- `` line. A loop adopts it by changing
one import::

    from wildplan.compat.v2_prompts import (parse_continue, parse_memories, parse_plan,
                                            parse_promise, parse_reflection, parse_summary)

and, where it knows the prompt it sent, tells it once with :func:`set_prompt`, so that the
echo of the prompt in a transcript is masked exactly.

The six calls on one reply extract it once: the last reply read and its answers are kept (one
entry, per process), so that ``parse_promise(t)``, ``parse_plan(t)``, ``parse_summary(t)`` on the
same text cost one extraction. Safe from several threads (each call sees a consistent entry).
"""

from __future__ import annotations

import os
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (stubs: the .pyi)

from .. import _wildplan as _w

__all__ = ["parse_plan", "parse_promise", "parse_summary", "parse_reflection", "parse_continue",
           "parse_memories", "set_prompt"]

if TYPE_CHECKING:
    from typing import Dict, List, Optional, Tuple, Union
    _Answers = Tuple[Optional[str], Optional[str], Optional[str], Optional[str], bool,
                     List[Tuple[str, str]]]

_prompt: Optional[_w.Source] = None
# (text, prompt, answers): replaced whole, so a reader in another thread sees one entry or the
# other, never a mix.
_last: Tuple[object, object, Optional[_Answers]] = (None, None, None)


def set_prompt(path_or_text: Union[str, bytes, os.PathLike, None]) -> None:
    """Tells the parsers the prompt the loop sent: where a reply echoes it, nothing is a plan or
    a signal. A path (an os.PathLike, or a str of one line naming an existing file) is read;
    anything else is the prompt's text. None forgets it. Raises wildplan.Error when the file
    cannot be read."""
    global _prompt, _last
    if path_or_text is None:
        _prompt = None
    elif isinstance(path_or_text, os.PathLike):
        _prompt = _w.Source(path_or_text, "<prompt>")
    elif isinstance(path_or_text, str) and "\n" not in path_or_text \
            and 0 < len(path_or_text) < 4096 and os.path.isfile(path_or_text):
        from .. import _Path
        _prompt = _w.Source(_Path(path_or_text), "<prompt>")
    else:
        _prompt = _w.Source(path_or_text, "<prompt>")
    _last = (None, None, None)


def _answers(text) -> _Answers:
    global _last
    last_text, last_prompt, answers = _last
    if answers is not None and last_prompt is _prompt and (last_text is text or last_text == text):
        return answers
    prompt = _prompt
    answers = _w.compat_signals(text, prompt)
    _last = (text, prompt, answers)
    return answers


def parse_plan(text: str) -> Optional[str]:
    """The reply's plan (the selected ``<plan>`` block's Markdown, stripped), or None."""
    return _answers(text)[0]


def parse_promise(text: str) -> Optional[str]:
    """The reply's ``<promise>``, stripped and upper-cased ("DONE", "WAITING"), or None."""
    return _answers(text)[1]


def parse_summary(text: str) -> Optional[str]:
    """The reply's ``<summary>``, stripped, or None."""
    return _answers(text)[2]


def parse_reflection(text: str) -> Optional[str]:
    """The reply's ``<reflection>``, stripped, or None."""
    return _answers(text)[3]


def parse_continue(text: str) -> bool:
    """True when the reply's ``<continue>`` says yes, true or 1 (any case); False otherwise,
    and when there is none."""
    return _answers(text)[4]


def parse_memories(text: str) -> List[Dict[str, str]]:
    """The reply's ``<memories>``, one per ``- `` line: ``{"tag", "title", "content"}``, the tag
    from a leading ``[tag]`` lower-cased ("general" when there is none), the title the first 80
    characters of the content. An empty list when there are none."""
    return [{"tag": tag, "title": content[:80], "content": content}
            for tag, content in _answers(text)[5]]
