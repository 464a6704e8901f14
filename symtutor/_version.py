"""The package version, kept apart so that `symtutor --version` imports nothing else."""

__version__ = "0.2.0"
