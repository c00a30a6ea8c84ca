"""provkg.graph."""
