"""Receives `core.signals.activity` and turns it into notifications for followers."""
