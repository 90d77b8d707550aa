"""Every chart the pages show writes numbers and dates in the page's language.

Wrap each chart where it is shown: ``st.altair_chart(localised(chart), ...)``. The definition of
the locales is `harmoni_model.results.vega_locale` (the report's charts use it too).
"""

from __future__ import annotations

from typing import Any

from harmoni_model.results.vega_locale import with_locale
from pages.ui.i18n import current_language


def localised(chart: Any, lang: str | None = None) -> Any:
    """The chart with Vega's number and time locale of `lang` (default: the page's language)."""
    return with_locale(chart, lang or current_language())
