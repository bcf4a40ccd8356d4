"""Intake: whatever a recruiter received (files, bundles, images, CSVs, links) ->
credential documents for the verifier, each with its original bytes and SHA-256."""

from screening.ingest.intake import ingest_bytes, ingest_text
from screening.ingest.items import IngestedItem, IntakeError, IntakeFailure

__all__ = ["IngestedItem", "IntakeError", "IntakeFailure", "ingest_bytes", "ingest_text"]
