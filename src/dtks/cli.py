"""The ``dtks`` console script: dtks's own commands, and every Django management command.

``dtks synth``, ``dtks link``, ``dtks civreg serve``, ``dtks demo``, ``dtks regions load``
are dtks's; anything else (``dtks migrate``, ``dtks check --deploy``,
``dtks createsuperuser``) goes to Django, including the apps' commands (``dtks import``,
``dtks usulan``, ``dtks jobs``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtks.config.settings")
    if args and args[0] == "synth":
        # Pure Python: no settings, no database needed.
        from dtks.synth.cli import main as synth_main

        raise SystemExit(synth_main(args[1:]))
    if args and args[0] == "civreg":
        # The reference civil-registry server is its own process with its own database.
        from dtks.civreg.__main__ import main as civreg_main

        raise SystemExit(civreg_main(args[1:]))
    if args and args[0] == "link":
        # The linkage engine on files: no database.
        from dtks.pipeline.linkage.cli import main as link_main

        raise SystemExit(link_main(args[1:]))
    if args[:2] == ["pmt", "fit"]:
        # Fitting a PMT model from a survey file: no database.
        from dtks.pipeline.pmt.cli import fit_main

        raise SystemExit(fit_main(args[2:]))
    from django.core.management import execute_from_command_line

    if args[:2] == ["regions", "load"]:
        args = ["load_regions", *args[2:]]
    execute_from_command_line(["dtks", *args])


if __name__ == "__main__":
    main()
