"""Revocation and suspension: W3C status list credentials and IETF Token Status Lists."""
