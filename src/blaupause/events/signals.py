"""Signal receivers of the events app."""
