"""Reads of the events app for its pages; each module plans its queries."""
