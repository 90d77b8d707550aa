"""Page scripts live in pages/views/, never at the top level of pages/ (see docs/ARCHITECTURE.md)."""
