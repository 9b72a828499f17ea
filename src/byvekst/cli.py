"""The ``byvekst`` console command.

``byvekst optimise|simulate|frontier|robust …`` run the portfolio engine on files and need no database;
every other word is a Django management command (``byvekst migrate``, ``byvekst demo``,
``byvekst audit verify``, ``byvekst runserver`` …).
"""

from __future__ import annotations

import os
import sys

ENGINE_COMMANDS = {"optimise", "optimize", "simulate", "frontier", "robust", "baseline", "fixed-frames", "byindeks"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        from byvekst.engine.cli import main as engine_main

        return engine_main(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "byvekst.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["byvekst", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
