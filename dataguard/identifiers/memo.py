"""Answers remembered for the message being scanned.

Finders and costly validators (phonenumbers) see the same short strings twice per message:
the document-level confirmation, then the walk. Answers are kept per thread and only until
the next message starts, never across messages (so a benchmark that replays messages gets
no help from them); outside a message nothing is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Final, TypeVar

_STATE: Final = threading.local()
_T = TypeVar("_T")
_UNSET: Final = object()


def start_message() -> None:
    """Forget the previous message's answers (the scanner calls this per message)."""
    _STATE.answers = {}


def per_message(fn: Callable[[str], _T]) -> Callable[[str], _T]:
    """``fn``, a pure function of its text, answering each text once per message."""

    def remembered(text: str) -> _T:
        memo: dict[tuple[int, str], Any] | None = getattr(_STATE, "answers", None)
        if memo is None:
            return fn(text)
        key = (id(fn), text)
        answer = memo.get(key, _UNSET)
        if answer is _UNSET:
            answer = memo[key] = fn(text)
        return answer  # type: ignore[no-any-return]

    remembered.__name__ = getattr(fn, "__name__", "remembered")
    return remembered


__all__ = ["per_message", "start_message"]
