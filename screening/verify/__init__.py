"""Verification of digital credentials: named checks, derived verdicts."""

from screening.verify.pipeline import bundled_contexts, verify

__all__ = ["bundled_contexts", "verify"]
