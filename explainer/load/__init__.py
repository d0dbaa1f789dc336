"""Loading: the fact base as frozen values (model), the link's parameter names (params) and the YAML loader (factbase)."""
