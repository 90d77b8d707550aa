"""HARMONI patient-flow model: scenarios, simulation on salabim, KPIs.

The package never imports Streamlit; the app only calls it.
"""

from .crosscheck import Problem
from .engine import ReplicationResult, SimulationError, simulate
from .kpis import SERVICE_KPIS, SYSTEM_KPIS
from .loading import ScenarioError, dumps_scenario, load_scenario, loads_scenario, validate_data
from .runner import Results, run_replications, shutdown_pools
from .scenario import Scenario, Service
from .summary import Estimate, estimate

__version__ = "0.1.0"

__all__ = [
    "SERVICE_KPIS",
    "SYSTEM_KPIS",
    "Estimate",
    "Problem",
    "ReplicationResult",
    "Results",
    "Scenario",
    "ScenarioError",
    "Service",
    "SimulationError",
    "dumps_scenario",
    "estimate",
    "load_scenario",
    "loads_scenario",
    "run_replications",
    "shutdown_pools",
    "simulate",
    "validate_data",
]
