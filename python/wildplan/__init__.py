"""wildplan: read the plans agent loops write, keep their task lists honest.

A binding over wildplan's C++ library, in-process: the same extraction, parsing, validation,
diff, apply and task edits as the ``wildplan`` command, as typed Python values. Every result has
``to_json()``, which gives exactly the document the CLI prints with ``--json`` (the schemas are in
the project's ``schemas/``).

    >>> import wildplan
    >>> reply = wildplan.extract("done\\n<promise>DONE</promise>\\n")
    >>> reply.signals.promise
    'DONE'

Input problems (no plan, an unclosed tag, a rule broken) are ``diagnostics`` with positions, never
exceptions. Failures of the environment raise a subclass of :class:`wildplan.Error`. The C++ work
runs with the GIL released: threads (and :mod:`wildplan.aio`) keep running meanwhile.
"""

from __future__ import annotations

import os
TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (stubs: the .pyi)

if TYPE_CHECKING:  # typing's imports cost more than the rest of `import wildplan`
    from typing import Iterable, Mapping, Optional, Sequence, Union

from ._enums import Status
from ._errors import ConfigError, Error, GitError, HookFailed, LockTimeout
from . import _wildplan as _w
from ._wildplan import (
    AddOutcome,
    ApplyError,
    ApplyOutcome,
    Block,
    Change,
    Commit,
    Diagnostic,
    Diff,
    EditOutcome,
    Memory,
    Phase,
    Plan,
    Reply,
    Signals,
    Source,
    StatusChange,
    Task,
    Validation,
)

__version__: str = _w.__version__

#: A reply's plan and a task file are the same kind of value: the bytes, their plan, diagnostics.
Document = Plan

__all__ = [
    "__version__", "Status", "Error", "ConfigError", "LockTimeout", "GitError", "HookFailed",
    "Diagnostic", "Task", "Phase", "Plan", "Document", "Reply", "Signals", "Memory", "Block",
    "Validation", "Diff", "Change", "ApplyOutcome", "ApplyError", "Commit", "EditOutcome",
    "StatusChange", "AddOutcome", "Source",
    "extract", "read_reply", "parse", "read_tasks", "validate", "diff", "apply",
    "check", "start", "uncheck", "cancel", "block", "set_status", "add",
]

if TYPE_CHECKING:
    Text = Union[str, bytes, os.PathLike, Source]


def _fspath(value) -> Optional[str]:
    """The path `value` names: an os.PathLike, or a str of one line naming an existing file."""
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, str) and "\n" not in value and 0 < len(value) < 4096:
        try:
            if os.path.isfile(value):
                return value
        except (OSError, ValueError):
            return None
    return None


def _opt_path(value) -> Optional[str]:
    return None if value is None else os.fspath(value)


class _Path(os.PathLike):
    """A str path as an os.PathLike (pathlib costs a noticeable share of the import time)."""

    def __init__(self, path: str):
        self.path = path

    def __fspath__(self) -> str:
        return self.path


def _prompt(prompt):
    """A prompt as the module takes it: a str naming a file is read (as an os.PathLike)."""
    path = _fspath(prompt) if isinstance(prompt, str) else None
    return _Path(path) if path is not None else prompt


def extract(text: Union[str, bytes, Source], *, prompt: Optional[Text] = None,
            tags: Iterable[str] = (), input_format: str = "auto", name: str = "<reply>",
            config: Optional[Union[str, os.PathLike]] = None) -> Reply:
    """Extracts an agent's reply: the plan it chose, the signals, every tag block, diagnostics.

    `text` is the reply (str, or bytes: invalid UTF-8 is kept and reported as the CLI reports
    it), or a JSON-lines transcript of an agent CLI (`input_format` "auto" tells by the first
    line; "text" or "jsonl" says). `prompt` is the prompt the loop sent (text, a Source, or an
    os.PathLike to read it from): where the reply echoes it, nothing is a plan or a signal.
    `tags` names more tags to read as signals (``Reply.signals.others``). `name` is the name the
    diagnostics give the reply. `config` names a ``.wildplan.json`` (its status map and tags);
    None uses the defaults (nothing is looked up from the current directory). Never raises on
    the reply's content; reading `prompt` from a path raises :class:`Error`.
    """
    return _w.extract(text, _prompt(prompt), list(tags), input_format, name, _opt_path(config))


def read_reply(path: Union[str, os.PathLike], *, prompt: Optional[Text] = None,
               tags: Iterable[str] = (), input_format: str = "auto",
               config: Optional[Union[str, os.PathLike]] = None) -> Reply:
    """Reads the reply at `path` and extracts it, as ``wildplan extract FILE`` does: a JSON-lines
    transcript is read as a stream, line by line. Raises :class:`Error` when it cannot be read."""
    return _w.read_reply(os.fspath(path), _prompt(prompt), list(tags), input_format,
                         _opt_path(config))


def parse(text_or_path: Text, *, name: str = "<string>",
          config: Optional[Union[str, os.PathLike]] = None) -> Plan:
    """Parses a Markdown task list into a :class:`Plan` (tasks with id, status, title, phase,
    fields, line and byte span).

    `text_or_path` is the Markdown (str or bytes), or a path: an os.PathLike, or a str of one line
    that names an existing file. A file is read as ``wildplan parse FILE`` reads it, with the
    ``.wildplan.json`` found upward from it unless `config` names one; text is parsed with the
    configuration `config` names, else the defaults. Raises :class:`Error` when a file cannot be
    read, :class:`ConfigError` when the configuration is invalid.
    """
    path = _fspath(text_or_path)
    if path is not None:
        return _w.read_tasks(path, None, _opt_path(config), ".")
    return _w.parse(text_or_path, name, _opt_path(config))


def read_tasks(file: Optional[Union[str, os.PathLike]] = None, *, session: Optional[str] = None,
               config: Optional[Union[str, os.PathLike]] = None,
               dir: Union[str, os.PathLike] = ".") -> Plan:
    """The task file as the CLI finds it (the one named, the session's, ``$WILDPLAN_TASKS``,
    ``tasks.md``, the one session file in the repository), parsed. Raises :class:`Error` when
    there is none, or several could be meant."""
    return _w.read_tasks(_opt_path(file), session, _opt_path(config), os.fspath(dir))


def _plan(value) -> Plan:
    return value if isinstance(value, Plan) else parse(value)


def validate(plan: Union[Plan, Text], profile: Optional[str] = None, *,
             config: Optional[Union[str, os.PathLike]] = None,
             goal: Optional[str] = None) -> Validation:
    """Checks a task list against the rules of `profile` ("v2-planning", "v2-phased",
    "generic"; None: the configuration's, else the one its shape asks for). Returns a
    :class:`Validation`: a sequence of :class:`Diagnostic` (the parse's among them), with the
    profile used, the counts, and ``to_json()`` (``validate --json``). `plan` is a Plan, or what
    :func:`parse` takes. `goal` turns on goal-mismatch."""
    return _w.validate(_plan(plan), profile, _opt_path(config), goal)


def diff(before: Union[Plan, Text], after: Union[Plan, Text]) -> Diff:
    """The changes from one task list to another, task by task (tasks matched by text, then by
    id, then by similar text). ``to_json()`` gives ``diff --json``'s document."""
    return _w.diff(_plan(before), _plan(after))


class _TextFile:
    """A path for `value`: itself when it names a file, else a temporary file holding it."""

    def __init__(self, value, suffix: str):
        self.temp = None
        self.path = _fspath(value)
        if self.path is None and value is not None:
            data = bytes(value) if isinstance(value, Source) else value
            if isinstance(data, str):
                data = data.encode("utf-8", "surrogateescape")
            import tempfile  # here: its imports cost a fifth of `import wildplan`
            fd, self.temp = tempfile.mkstemp(prefix="wildplan-", suffix=suffix)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            self.path = self.temp

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        if self.temp:
            os.unlink(self.temp)


def apply(*, reply: Text, tasks: Optional[Union[str, os.PathLike]] = None, iteration: int = 0,
          commit: bool = False, repo: Union[str, os.PathLike] = ".",
          session: Optional[str] = None, prompt: Optional[Text] = None, replan: bool = False,
          goal: Optional[str] = None, profile: Optional[str] = None,
          author: Optional[str] = None, input_format: str = "auto",
          config: Optional[Union[str, os.PathLike]] = None, from_snapshot: bool = False,
          exclude: Sequence[str] = (), fail_on_error: bool = False,
          lock_timeout: float = 5.0) -> ApplyOutcome:
    """The loop's post-iteration step, as ``wildplan apply`` runs it: extract the reply, decide
    what tasks.md becomes (written at iteration 0 over nothing or the placeholder, kept after,
    merged with `replan`), write it under its lock, validate it, and with `commit` commit the
    work tree (`from_snapshot`: leaving out what the snapshot holds).

    `reply` and `prompt` are paths (os.PathLike, or a str naming a file) or text; text is
    written to a temporary file for the call. Never raises for a failure of a step: the
    outcome's ``error`` names it, ``commit.committed`` and ``commit.reason`` say what became of
    the commit, and ``to_json()`` is ``apply --json``'s whole document.
    """
    with _TextFile(reply, ".reply") as reply_path, _TextFile(prompt, ".prompt") as prompt_path:
        return _w.apply(reply=reply_path, prompt=prompt_path, tasks=_opt_path(tasks),
                        iteration=int(iteration), commit=commit, repo=os.fspath(repo),
                        session=session, replan=replan, goal=goal, profile=profile,
                        author=author, input_format=input_format, config=_opt_path(config),
                        from_snapshot=from_snapshot, exclude=list(exclude),
                        fail_on_error=fail_on_error, lock_timeout=float(lock_timeout))


def _edit(path, ids, target, *, session=None, config=None, match=(), reason=None, force=False,
          dry_run=False, lock_timeout=5.0) -> EditOutcome:
    return _w.edit_status(_opt_path(path), session, _opt_path(config), [str(i) for i in ids],
                          list(match), target, reason, force, dry_run, float(lock_timeout))


def check(path: Optional[Union[str, os.PathLike]], *ids: str, session: Optional[str] = None,
          config: Optional[Union[str, os.PathLike]] = None, match: Sequence[str] = (),
          force: bool = False, dry_run: bool = False, lock_timeout: float = 5.0) -> EditOutcome:
    """Marks tasks done in the task file at `path` (None: found as the CLI finds it), under its
    lock, one byte each: ``wildplan check``. `ids` are references (``3``, ``Task 3``, ``P1-T2``,
    ``#2``); `match` names tasks by a unique piece of their text. A refusal (a blocked task, open
    dependencies; `force` overrides) is the outcome's ``refused``. Raises :class:`Error` for a
    reference that names no task or several, :class:`LockTimeout` when the lock stays held."""
    return _edit(path, ids, Status.DONE, session=session, config=config, match=match,
                 force=force, dry_run=dry_run, lock_timeout=lock_timeout)


def start(path: Optional[Union[str, os.PathLike]], *ids: str, **options) -> EditOutcome:
    """Marks tasks in progress (``[/]``): ``wildplan start``. Options as for :func:`check`."""
    return _edit(path, ids, Status.IN_PROGRESS, **options)


def uncheck(path: Optional[Union[str, os.PathLike]], *ids: str, **options) -> EditOutcome:
    """Marks tasks todo again (``[ ]``): ``wildplan uncheck``. Options as for :func:`check`."""
    return _edit(path, ids, Status.TODO, **options)


def cancel(path: Optional[Union[str, os.PathLike]], *ids: str, reason: Optional[str] = None,
           **options) -> EditOutcome:
    """Marks tasks cancelled (``[-]``), writing ``| reason: ...``: ``wildplan cancel``."""
    return _edit(path, ids, Status.CANCELLED, reason=reason, **options)


def block(path: Optional[Union[str, os.PathLike]], *ids: str, reason: Optional[str] = None,
          **options) -> EditOutcome:
    """Marks tasks blocked (``[!]``), writing ``| reason: ...``: ``wildplan block``."""
    return _edit(path, ids, Status.BLOCKED, reason=reason, **options)


def set_status(path: Optional[Union[str, os.PathLike]], id: str, status: Union[Status, str], *,
               reason: Optional[str] = None, **options) -> EditOutcome:
    """Sets one task's status (a :class:`Status` or its name): ``wildplan set``."""
    return _edit(path, [id], status, reason=reason, **options)


def add(path: Optional[Union[str, os.PathLike]], text: str, *, phase: Optional[str] = None,
        after: Optional[str] = None, under: Optional[str] = None,
        fields: Optional[Mapping[str, str]] = None, session: Optional[str] = None,
        config: Optional[Union[str, os.PathLike]] = None, force: bool = False,
        dry_run: bool = False, lock_timeout: float = 5.0) -> AddOutcome:
    """Adds a todo task, written like its neighbours (marker, indentation, id scheme), after
    the last task, or last in `phase`, after task `after`, or as the last subtask of `under`:
    ``wildplan add``. In a phased plan a top-level task needs ``deliverable`` and ``done-when``
    `fields` (the outcome's ``refused`` says so) unless `force`. Raises ValueError for text that
    is empty or holds a line break."""
    if sum(x is not None for x in (phase, after, under)) > 1:
        raise ValueError("give at most one of phase, after and under")
    pairs = list((fields or {}).items())
    return _w.add(text, _opt_path(path), session, _opt_path(config), phase, after, under, pairs,
                  force, dry_run, float(lock_timeout))
