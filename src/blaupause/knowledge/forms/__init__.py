"""forms of the knowledge app, one module per topic."""
