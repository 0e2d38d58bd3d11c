"""End-to-end tests: the app, the CLI and bundles used as people use them, across processes."""
