"""threshold: local safeguarding threshold guides as data, and a CLI that reads a case against them."""

__version__ = "0.1.0"
