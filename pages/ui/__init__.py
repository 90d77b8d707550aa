"""Helpers shared by the page scripts (translations, cached simulation, formatting).

They live in a sub-package: the top of pages/ holds only the one-line files that
pages/ui/deep_links.py explains.
"""
