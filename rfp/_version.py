"""The package version, in a module of its own so any module can read it without importing
the public API in ``rfp/__init__.py``."""

__version__ = "0.1.0"
