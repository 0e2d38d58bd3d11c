"""The agenda page: time grid, list, conflicts, session editor and exports."""
