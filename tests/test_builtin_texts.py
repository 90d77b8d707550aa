"""The texts that stand in for Streamlit's English ones (pages/ui/builtin_texts.py)."""

from __future__ import annotations

from pages.ui.builtin_texts import spinner_time, upload_limit_text

NBSP = "\u00a0"


def test_an_uploaders_size_line_reads_in_the_pages_language():
    assert upload_limit_text(5, ["csv"], "nb") == f"Høyst 5{NBSP}MB per fil · CSV"
    expected = f"Høyst 1{NBSP}500{NBSP}MB per fil · YAML, YML, JSON"
    assert upload_limit_text(1500, ["yaml", "yml", "json"], "nb") == expected
    assert upload_limit_text(1500, ["csv"], "en") == f"At most 1,500{NBSP}MB per file · CSV"


def test_a_spinner_shows_the_browsers_english_elapsed_time_on_english_pages_only():
    assert spinner_time("en") and not spinner_time("nb")
