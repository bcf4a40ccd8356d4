"""Rewrite the check-code table in docs/verification.md from the registry
(screening/verify/codes.py); tests/test_docs.py fails until it is current."""

from __future__ import annotations

from pathlib import Path

from screening.verify.codes import markdown_table

DOC = Path(__file__).resolve().parent.parent / "docs" / "verification.md"
HEADER = "| code | role | check |"


def main() -> None:
    lines = DOC.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(HEADER))
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    lines[start:end] = markdown_table().split("\n")
    DOC.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
