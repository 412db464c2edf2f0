"""wildplan's exceptions: a failure of the environment (exit 2 in the CLI), one class per kind.

Problems in the input (a reply without a plan, a task list that breaks a rule) are never
exceptions: they are the ``diagnostics`` of the result.
"""

from __future__ import annotations

__all__ = ["Error", "ConfigError", "LockTimeout", "GitError", "HookFailed"]


class Error(Exception):
    """A failure of the environment: a file that cannot be read, a lock held too long, git.

    ``errno`` is the system error number when there is one, else None.
    """

    errno: int | None = None


class ConfigError(Error):
    """An invalid configuration file; ``diagnostics`` (positioned in it) say why."""

    diagnostics: list = []


class LockTimeout(Error):
    """A lock (tasks.md's, or git's index) stayed held past the timeout; the message names it."""


class GitError(Error):
    """libgit2 failed, or could not be loaded; the message is libgit2's."""


class HookFailed(Error):
    """A git hook refused the commit."""
