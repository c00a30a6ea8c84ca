"""provkg.ontology."""
