"""Use cases as plain Python, shared by the CLI, the GUI and the tests."""
