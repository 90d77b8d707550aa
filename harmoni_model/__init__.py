"""HARMONI patient-flow model: scenarios, simulation on salabim, KPIs.

The package never imports Streamlit; the app only calls it.
"""

from harmoni_model.problems import Problem
from harmoni_model.results.estimates import Estimate, estimate
from harmoni_model.results.tidy import Results
from harmoni_model.running.replications import run_replications, shutdown_pools
from harmoni_model.scenario.errors import ScenarioError
from harmoni_model.scenario.files import dumps_scenario, load_scenario, loads_scenario
from harmoni_model.scenario.format import Scenario, Service, validate_data
from harmoni_model.simulation.engine import ReplicationResult, SimulationError, simulate
from harmoni_model.simulation.kpis import SERVICE_KPIS, SYSTEM_KPIS

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
