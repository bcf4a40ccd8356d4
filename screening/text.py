"""Untrusted text made safe to show in one line: the helpers every layer shares."""

from __future__ import annotations


def clip(text: object, width: int) -> str:
    """One line of at most `width` characters: runs of white space (newlines, tabs)
    folded to one space, an ellipsis where it was cut."""
    folded = " ".join(str(text).split())
    return folded if len(folded) <= width else folded[: width - 1] + "…"
