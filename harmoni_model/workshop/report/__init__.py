"""The workshop report: one self-contained HTML document, plus its tidy table as CSV and Excel.

- ``table``: a report item (a scenario, who made it and why), the tidy table of
  figures and who pays, CSV and Excel bytes;
- ``document``: the HTML document;
- ``charts``: its charts as inline SVG;
- ``texts``: its words in bokmål and English.
"""

from harmoni_model.workshop.report.document import workshop_report
from harmoni_model.workshop.report.table import (
    TABLE_COLUMNS,
    ReportItem,
    export_table,
    kpi_table,
    to_csv_bytes,
    to_excel_bytes,
)

__all__ = [
    "TABLE_COLUMNS",
    "ReportItem",
    "export_table",
    "kpi_table",
    "to_csv_bytes",
    "to_excel_bytes",
    "workshop_report",
]
