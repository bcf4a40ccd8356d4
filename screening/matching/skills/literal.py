"""A pattern that can only match where its literal words occur.

A role's requirements have about 2,000 names (synonyms, ESCO labels, names in eight
languages, O*NET names), each a whole-word regular expression. Most never occur in a pool,
yet compiling them all cost a re-rank after a role change 0.4 s of its 1 s. Every such
pattern contains its name as a literal run of characters, so a substring test (`in`, fast
C code) decides first whether the text can match at all; the expression is compiled on the
first text that contains the literal. The answers are exactly the compiled pattern's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator


class Literal:
    """`search`, `finditer` and `sub` of `re.compile(source)`, for a `source` that can only
    match text containing `literal` (the caller guarantees it: the name, escaped, is part
    of every alternative of the expression)."""

    __slots__ = ("_compiled", "literal", "source")

    def __init__(self, literal: str, source: str) -> None:
        self.literal = literal
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        if self.literal not in text:
            return None
        return self.compiled.search(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.literal not in text:
            return iter(())
        return self.compiled.finditer(text)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        if self.literal not in text:
            return text
        return self.compiled.sub(replacement, text)

    def __repr__(self) -> str:
        return f"Literal({self.literal!r}, {self.source!r})"
