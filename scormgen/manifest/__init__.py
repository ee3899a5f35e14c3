"""Manifest writers, one module per kind of manifest."""
