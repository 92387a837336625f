"""Transcript Kit."""
