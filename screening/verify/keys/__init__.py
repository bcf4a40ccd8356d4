"""Public keys: their encodings, elliptic curves, the DID methods that publish them, and the
keys whose private halves are public."""
