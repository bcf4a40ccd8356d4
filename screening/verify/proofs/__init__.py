"""Proofs embedded in a JSON-LD credential: Data Integrity suites (eddsa, ecdsa, ecdsa-sd)
and the Linked Data signature suites that came before."""
