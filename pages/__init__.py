"""Page scripts live in pages/views/; the top of pages/ holds only the one-line files of pages/ui/deep_links.py."""
