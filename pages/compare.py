"""A page's address opened first after a server start: run the frame (see pages/ui/deep_links.py)."""

from pages.ui.deep_links import run_frame

run_frame()
