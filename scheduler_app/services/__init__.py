"""Use cases, each in one transaction: the layer between the web/CLI and the models."""
