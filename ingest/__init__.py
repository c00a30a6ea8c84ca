"""provkg.ingest."""
