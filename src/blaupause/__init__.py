"""Blaupause: inter-municipal cooperation on digitalisation."""

__version__ = "0.1.0"
