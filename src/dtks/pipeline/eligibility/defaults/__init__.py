"""The default programme rule documents (PKH, SEMBAKO, PBI_JKN, PIP) shipped as JSON files.

The programs app loads them as the first version of each programme; pusdatin edits later
versions. Amounts are the public figures of DTKS.md (see ``docs/programs.md``).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

DEFAULT_PROGRAMME_CODES = ("PKH", "SEMBAKO", "PBI_JKN", "PIP")


def default_rule_documents() -> list[dict[str, Any]]:
    """The default rule documents, in the order PKH, SEMBAKO, PBI_JKN, PIP."""
    folder = resources.files(__name__)
    return [
        json.loads(folder.joinpath(f"{code.lower()}.json").read_text(encoding="utf-8"))
        for code in DEFAULT_PROGRAMME_CODES
    ]
