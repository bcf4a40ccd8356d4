"""Helpers the AppTest files share."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def shown_cards(at: AppTest, prefix: str) -> list[tuple[str, str]]:
    """(key suffix, title) of each compact credential card on the page: the containers
    keyed `<prefix><candidate>_<digest>_<index>`, each led by its credential's title."""
    found: list[tuple[str, str]] = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            ident = getattr(getattr(child, "proto", None), "id", "") or ""
            if f"-{prefix}" in ident:
                found.append((ident.split(f"-{prefix}", 1)[1], child.text[0].value))
            walk(child)

    walk(at.main)
    return found
