"""Data beside the model: the weekly KPI history and the map's locations."""
