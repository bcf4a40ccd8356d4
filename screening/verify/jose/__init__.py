"""JOSE: compact JWS, and the credentials that travel as one (VC-JWT, SD-JWT)."""
