"""Texts that stand in for Streamlit's own English ones (pages/ui/builtin_texts.py)."""

STRINGS = {
    "nb": {
        "builtin.upload": "Last opp",
        "builtin.choose": "Velg",  # a select box's placeholder (Streamlit's: "Choose an option")
        "builtin.skip": "Gå til hovedinnholdet",
        "builtin.upload_limit": "Høyst {mb}\u00a0MB per fil · {types}",
    },
    "en": {
        "builtin.upload": "Upload",
        "builtin.choose": "Choose an option",
        "builtin.skip": "Skip to main content",
        "builtin.upload_limit": "At most {mb}\u00a0MB per file · {types}",
    },
}
