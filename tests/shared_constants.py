"""The constants of ``tests/conftest.py``, importable from any test module.

``from conftest import ...`` is ambiguous as soon as a sub-folder has its own conftest.py
(whichever was imported last wins), so test modules import from here instead. The values stay
defined in ``tests/conftest.py``, next to the fixtures that use them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "dtks_tests_root_conftest", Path(__file__).with_name("conftest.py")
)
assert _spec is not None
assert _spec.loader is not None
_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_conftest)

VILLAGE_A: str = _conftest.VILLAGE_A
VILLAGE_B: str = _conftest.VILLAGE_B
VILLAGE_METRO: str = _conftest.VILLAGE_METRO
