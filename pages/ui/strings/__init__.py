"""The translation table, one module per page; each defines ``STRINGS = {"nb": {...}, "en": {...}}``."""
