"""provkg.api."""
