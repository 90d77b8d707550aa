"""The words around the model's problem messages (pages/ui/problem_text.py holds the messages' own templates)."""

STRINGS = {
    "nb": {
        # a message no template knows: shown as the model wrote it, and said to be English
        "problems.english": "(på engelsk) {message}",
        "problems.line": "linje {line}",
        "problems.column": "kolonne «{column}»",
    },
    "en": {
        "problems.english": "{message}",
        "problems.line": "line {line}",
        "problems.column": "column '{column}'",
    },
}
