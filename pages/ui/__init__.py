"""Helpers shared by the page scripts (translations, cached simulation, formatting).

They live in a sub-package: a *.py file directly in pages/ would switch
Streamlit into its legacy multipage mode (see docs/ARCHITECTURE.md).
"""
