"""Scorers for svodka's output against the gold formats in shared/data."""
