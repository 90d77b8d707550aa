"""The indicators St. Olavs and Trondheim kommune share weekly (the *samhandlingsdashbord*): the one table.

:data:`INDICATORS` says what each indicator is: labels in bokmål and English, unit,
which organisation owns the number and which direction is good. The history file
(:mod:`harmoni_model.data.history`) may hold only these ids, and the model's own
weekly figures (:mod:`harmoni_model.data.model_indicators`) produce them.
"""

from __future__ import annotations

from dataclasses import dataclass

HOSPITAL = "hospital"
MUNICIPALITY = "municipality"


@dataclass(frozen=True)
class Indicator:
    """One shared indicator of the overview page."""

    id: str
    label_nb: str
    label_en: str
    unit: str  # "%", "patients", "bed-days", "persons", "clients"
    unit_nb: str
    organisation: str  # "hospital" or "municipality": who owns the number
    higher_is_better: bool | None  # None: no direction, judge against a target band
    decimals: int  # for display

    def label(self, lang: str = "nb") -> str:
        """The indicator's name in `lang` ("nb" or "en")."""
        return self.label_nb if lang == "nb" else self.label_en

    @property
    def is_percentage(self) -> bool:
        """Written as a percentage (``85.3``, not ``0.853``)."""
        return self.unit == "%"

    @property
    def max_pct(self) -> float:
        """Occupancy can exceed 100 % (St. Olavs has run above it); other shares cannot."""
        return 200.0 if self.id.endswith("occupancy_pct") else 100.0


_TABLE: tuple[Indicator, ...] = (
    Indicator(
        "utskrivningsklare_per_day",
        "Utskrivningsklare pasienter i sykehusseng (snitt per dag)",
        "Discharge-ready patients in hospital beds (mean per day)",
        "patients",
        "pasienter",
        HOSPITAL,
        False,
        1,
    ),
    Indicator(
        "overliggedogn",
        "Overliggedøgn (per uke)",
        "Delayed-discharge bed-days (per week)",
        "bed-days",
        "liggedøgn",
        HOSPITAL,
        False,
        0,
    ),
    Indicator(
        "hospital_occupancy_pct",
        "Beleggsprosent sykehus",
        "Hospital bed occupancy",
        "%",
        "%",
        HOSPITAL,
        None,
        1,
    ),
    Indicator(
        "kad_occupancy_pct",
        "Beleggsprosent KAD",
        "Municipal acute beds (KAD) occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "short_term_occupancy_pct",
        "Beleggsprosent korttidsplasser",
        "Short-term beds occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "nursing_home_occupancy_pct",
        "Beleggsprosent langtidsplasser sykehjem",
        "Long-term nursing-home places occupancy",
        "%",
        "%",
        MUNICIPALITY,
        None,
        1,
    ),
    Indicator(
        "nursing_home_waiting_list",
        "Venter på langtidsplass (snitt)",
        "Waiting for a long-term place (mean)",
        "persons",
        "personer",
        MUNICIPALITY,
        False,
        1,
    ),
    Indicator(
        "home_care_clients",
        "Mottakere av hjemmetjenester (snitt)",
        "Home-care clients (mean)",
        "clients",
        "brukere",
        MUNICIPALITY,
        None,
        0,
    ),
    Indicator(
        "readmissions_30d_pct",
        "Reinnleggelser innen 30 dager",
        "30-day readmissions",
        "%",
        "%",
        HOSPITAL,
        False,
        1,
    ),
)

#: The shared indicators by id, in display order.
INDICATORS: dict[str, Indicator] = {ind.id: ind for ind in _TABLE}
