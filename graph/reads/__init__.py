"""The reads of each resource: SPARQL the REST routes, the views and the inference engine share, and its
rows as Python."""
