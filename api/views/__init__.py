"""Interactive network views (vis-network through the project's own template); the router is in routes.py."""
