"""Shared test setup: headless plotting, and the data directory check."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
