"""selectors of the collaboration app, one module per topic."""
