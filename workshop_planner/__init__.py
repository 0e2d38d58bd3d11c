"""Workshop Planner: plan convenings, capture notes, publish event reports."""

__version__ = "0.1.0"
