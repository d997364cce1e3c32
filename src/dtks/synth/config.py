"""Settings of the synthetic population generator: dates, coverage, error rates, RNG streams.

Every stage draws from its own random stream derived from ``(seed, stage)``, so a change in one
stage does not shift the draws of the others, and the same seed gives byte-identical output.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

import numpy as np

from dtks.domain.codes import CodeList

GENERATOR_VERSION = "1.0"

# The day the synthetic world is observed: ages, the civil registry and "today" refer to it.
REFERENCE_DATE = date(2024, 6, 30)
# Excel's day 0 (serial numbers count days from here, with the 1900 leap-year bug folded in).
EXCEL_EPOCH = date(1899, 12, 30)

# The four merged databases of 2020-2021 (codes.SOURCES) and how clean each one is: every
# per-record error rate is multiplied by the source's factor (capped at 1).
SOURCE_ERROR_FACTOR: dict[str, float] = {"DTKS": 1.0, "PKH": 0.6, "BPNT": 1.0, "BST": 1.5}

_STAGES = (
    "regions",
    "population",
    "attributes",
    "welfare",
    "housing",
    "programs",
    "names",
    "identifiers",
    "civil",
    "sources",
    "survey",
    "registry",
)


def stage_rng(seed: int, stage: str) -> np.random.Generator:
    """The random stream of one generator stage."""
    return np.random.default_rng([seed, _STAGES.index(stage) + 1, 20240630])


def substage_rng(seed: int, stage: str, part: int) -> np.random.Generator:
    """An independent stream for one part of a stage (the survey re-runs the model stages)."""
    return np.random.default_rng([seed, _STAGES.index(stage) + 1, 20240630, part])


def code_of(code_list: CodeList, label_en: str) -> int:
    """A code's value looked up by its English label (so that no code value is re-spelled)."""
    for code in code_list.codes:
        if code.label_en == label_en:
            return code.value
    raise KeyError(f"{code_list.field}: no code labelled {label_en!r}")


def codes_of(code_list: CodeList, *labels_en: str) -> np.ndarray:
    """Several codes by English label, in the given order, as an int16 array."""
    return np.array([code_of(code_list, label) for label in labels_en], dtype=np.int16)


@dataclass(frozen=True)
class ErrorRates:
    """Per-record probabilities of each injected error kind (names are the ``error`` values of
    ``ground_truth/errors.csv``). Rates of the exclusive groups (``nik_*``, ``kk_*``, ``dob_*``)
    must each sum to at most 1. Rates marked *conditional* apply only to records where the error
    is possible (a name containing "Muhammad", a titled person, someone born before 1975...)."""

    # NIK: at most one of these per record.
    nik_excel_sci: float = 0.015
    nik_excel_rounded: float = 0.02
    nik_lead_typo: float = 0.005
    nik_digit_typo: float = 0.012
    nik_transposition: float = 0.008
    nik_shared: float = 0.012  # conditional: household members other than the head
    nik_missing: float = 0.03
    # No. KK: at most one of these per record.
    kk_excel_sci: float = 0.01
    kk_excel_rounded: float = 0.015
    kk_lead_typo: float = 0.005
    kk_digit_typo: float = 0.008
    kk_missing: float = 0.04
    # Names (several may combine on one record).
    name_muhammad_variant: float = 0.5  # conditional
    name_ahmad_variant: float = 0.4  # conditional
    name_old_spelling: float = 0.25  # conditional: born before 1975, letters to respell
    name_title_added: float = 0.3  # conditional: entitled to a title the truth omits
    name_title_dropped: float = 0.5  # conditional: the truth name carries a title
    name_nickname: float = 0.1  # conditional: a known nickname exists
    name_upper: float = 0.2
    name_first_only: float = 0.03  # conditional: more than one given name
    # Birth date: at most one of these per record.
    dob_day_month_swap: float = 0.01  # conditional: day <= 12 and day != month
    dob_year_off: float = 0.01
    dob_excel_serial: float = 0.015
    dob_dmy_string: float = 0.03
    dob_missing: float = 0.015
    # Other fields.
    mother_name_missing: float = 0.12
    rt_rw_unpadded: float = 0.25  # drawn per source household
    region_undotted: float = 0.1  # drawn per source household
    # Stale records: probability that a source still lists a dead person / still has a mover
    # at the old address (conditional on the person being dead / having moved).
    stale_dead: float = 0.8
    stale_mover: float = 0.85
    duplicate: float = 0.02

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    def scaled(self, factor: float) -> ErrorRates:
        """These rates times ``factor`` (capped at 1), except the stale-record probabilities."""
        values = {
            name: value if name.startswith("stale_") else min(1.0, value * factor)
            for name, value in self.as_dict().items()
        }
        return ErrorRates(**values)

    def group(self, prefix: str) -> dict[str, float]:
        """The rates of one exclusive group (``nik_``, ``kk_``, ``dob_``), in field order."""
        return {k: v for k, v in self.as_dict().items() if k.startswith(prefix)}


@dataclass(frozen=True)
class Coverage:
    """Who the programmes list (household level; ranks are by a noisy view of consumption)."""

    rank_noise: float = 0.35  # sd of the noise on log consumption behind the selection rank
    dtks_rank: float = 0.47  # households below this noisy rank are candidates
    dtks_exclusion: float = 0.12  # candidates left out (exclusion error)
    dtks_inclusion: float = 0.05  # non-candidates listed anyway (inclusion error)
    pkh_rank: float = 0.25
    pkh_take: float = 0.75
    bpnt_rank: float = 0.35
    bpnt_take: float = 0.7
    bst_rank: float = 0.6
    bst_take: float = 0.45
    member_omitted: float = 0.03  # a source lists a family but misses one of its members


@dataclass(frozen=True)
class SynthConfig:
    reference_date: date = REFERENCE_DATE
    death_rate: float = 0.01  # persons who died in the 3 years before the reference date
    move_rate: float = 0.02  # persons who moved (within or out of the region)
    move_out_share: float = 0.4  # of movers, those who left the region
    survey_share: float = 0.05  # survey households as a share of households (at least 2,000)
    survey_minimum: int = 2000
    survey_noise: float = 0.15  # sd of the log measurement error of surveyed consumption
    errors: ErrorRates = field(default_factory=ErrorRates)
    coverage: Coverage = field(default_factory=Coverage)
    source_error_factor: dict[str, float] = field(default_factory=lambda: dict(SOURCE_ERROR_FACTOR))

    def survey_households(self, households: int) -> int:
        return max(self.survey_minimum, round(self.survey_share * households))
