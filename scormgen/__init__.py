"""scormgen: compile an e-learning module written as plain files into LMS packages."""

__version__ = "0.1.0"
