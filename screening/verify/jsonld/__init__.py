"""JSON-LD: expansion and RDF canonicalization against the bundled contexts, the undefined-term
walk, and pyld imported quietly."""
