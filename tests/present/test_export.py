"""The one CSV exporter: every cell neutralised against formula injection."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from screening.present.export import FORMULA_START, csv_cell, csv_text, display_safe


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR",
                                   '=HYPERLINK("https://x.example","go")'])
def test_formula_starts_become_text(value):
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize(("value", "shown"), [("Ada", "Ada"), (None, ""), (3, "3"),
                                               (True, "True"), (["=a", "b"], "'=a; b"),
                                               ("a=b", "a=b"), ("", "")])
def test_ordinary_cells_are_unchanged(value, shown):
    assert csv_cell(value) == shown


@given(st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_no_cell_of_any_export_starts_a_formula(values):
    text = csv_text([{"a": v, "b": values} for v in values], ["a", "b"])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["a", "b"]
    for row in rows[1:]:
        assert not any(cell.startswith(FORMULA_START) for cell in row)


def test_display_grids_are_neutralised_but_keep_numbers():
    frame = pd.DataFrame({"candidate": ["=evil()", "Ada"], "fit": [-1.5, 80.0],
                          "flags": [["@x"], []]})
    safe = display_safe(frame)
    assert list(safe["candidate"]) == ["'=evil()", "Ada"]
    assert list(safe["fit"]) == [-1.5, 80.0]
    assert list(safe["flags"]) == ["'@x", ""]
    assert list(frame["candidate"]) == ["=evil()", "Ada"]  # the original is untouched
