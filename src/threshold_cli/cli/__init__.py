"""The command line: a thin Typer app (``app``) and a fast path for ``lookup`` and ``--version``."""
