"""Credential Screening: verify candidates' digital credentials and rank their fit."""

__version__ = "0.1.0"
