"""``generate``: build a synthetic region and write every output file (see docs/synth.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from dtks.domain import codes
from dtks.synth.civil import CivilEvents, life_events
from dtks.synth.config import GENERATOR_VERSION, SynthConfig, stage_rng, substage_rng
from dtks.synth.places import village_layout
from dtks.synth.regions import load_region
from dtks.synth.sources import build_source
from dtks.synth.welfare import POVERTY_LINE, place_effects, rupiah
from dtks.synth.world import STAGES, World, build_world
from dtks.synth.writers import (
    CIVIL_EXTRA,
    CONSUMPTION,
    HOUSEHOLD_COLUMNS,
    HOUSEHOLD_REF,
    MEMBER_COLUMNS,
    MEMBER_FIELDS,
    PERSON_COLUMNS,
    household_id,
    person_id,
    write_csv,
)

Progress = Callable[[str, int, int], None]
SURVEY_SERIAL_BASE = 5000  # survey people get NIK serials above this: no clash with the truth
_STEPS = 8
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class SynthSummary:
    region: str
    region_name: str
    seed: int
    households: int
    persons: int
    survey_households: int
    survey_persons: int
    dead: int
    moved: int
    source_records: dict[str, int]
    errors: int
    out_dir: Path
    files: dict[str, Path] = field(default_factory=dict)  # relative name -> path
    rows: dict[str, int] = field(default_factory=dict)  # relative name -> data rows


def _pad3(values: np.ndarray) -> np.ndarray:
    return np.array([f"{v:03d}" for v in values.tolist()], dtype=object)


def _truth_tables(
    world: World, hh_ref: np.ndarray, pid: np.ndarray, source: str
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], dict[str, np.ndarray]]:
    """(households, persons, members) columns of a world."""
    pp = world.pop.pp
    hh = pp["hh"]
    households = {
        HOUSEHOLD_REF: hh_ref,
        "kode_wilayah": world.village_code,
        "alamat": world.address.alamat,
        "rt": _pad3(world.address.rt),
        "rw": _pad3(world.address.rw),
        **world.household,
    }
    persons = {
        "record_id": pid,
        "source": np.full(len(pid), source, dtype=object),
        "nik": world.nik,
        "no_kk": world.no_kk,
        "nama": world.nama,
        "jenis_kelamin": world.sex_letter(),
        "tempat_lahir": world.birthplace,
        "tanggal_lahir": world.birth_iso(),
        "nama_ibu_kandung": world.mother,
        "alamat": world.address.alamat[hh],
        "rt": households["rt"][hh],
        "rw": households["rw"][hh],
        "kode_wilayah": world.village_code[hh],
        HOUSEHOLD_REF: hh_ref[hh],
    }
    members = {"record_id": pid, **{f: pp[f] for f in MEMBER_FIELDS}}
    return households, persons, members


def _civil_registry(
    rng: np.random.Generator, world: World, events: CivilEvents
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The Dukcapil extract (clean, current) and the truth person index of each record."""
    n = world.pop.n_persons
    order = rng.permutation(n)
    death = np.where(events.dead, events.death_day, 0).astype("datetime64[D]")
    died = np.array(
        [d if dead else None for d, dead in zip(np.datetime_as_string(death).tolist(),
                                                 events.dead.tolist(), strict=True)],
        dtype=object,
    )  # fmt: skip
    data = {
        "record_id": np.array([f"C{i + 1:08d}" for i in range(n)], dtype=object),
        "source": np.full(n, codes.CIVIL_REGISTRY_SOURCE, dtype=object),
        "nik": world.nik[order],
        "no_kk": world.no_kk[order],
        "nama": world.nama[order],
        "jenis_kelamin": world.sex_letter()[order],
        "tempat_lahir": world.birthplace[order],
        "tanggal_lahir": world.birth_iso()[order],
        "nama_ibu_kandung": world.mother[order],
        "alamat": events.address.alamat[order],
        "rt": _pad3(events.address.rt[order]),
        "rw": _pad3(events.address.rw[order]),
        "kode_wilayah": events.village_code[order],
        "status": events.status()[order],
        "tanggal_meninggal": died[order],
    }
    return data, order


def generate(
    *,
    region: str,
    households: int,
    seed: int,
    out_dir: Path,
    progress: Progress | None = None,
    config: SynthConfig | None = None,
) -> SynthSummary:
    """Generate a synthetic population of ``households`` households spread over the real
    villages of ``region`` (a kab/kota code like ``18.71`` or a province code) and write the
    truth, civil-registry, source, survey and ground-truth files into ``out_dir``."""
    if households < 1:
        raise ValueError("households must be at least 1")
    cfg = config or SynthConfig()
    out = Path(out_dir)
    step = 0

    def tick(message: str) -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(message, step, _STEPS)

    tick("regions")
    frame = load_region(region)
    rng = stage_rng(seed, "regions")
    effects = place_effects(rng, frame)
    layout = village_layout(rng, frame)

    tick("population")
    world = build_world({s: stage_rng(seed, s) for s in STAGES}, frame, effects, layout,
                        households, cfg)  # fmt: skip
    pop = world.pop
    events = life_events(
        stage_rng(seed, "civil"), pop, frame, layout, effects.village_weight, world.village,
        world.address, cfg.death_rate, cfg.move_rate, cfg.move_out_share,
    )  # fmt: skip

    rows: dict[str, int] = {}

    def write(name: str, columns: tuple[str, ...], data: dict[str, np.ndarray]) -> None:
        rows[name] = write_csv(out / name, columns, data)

    tick("truth")
    hh_ref = household_id(np.arange(pop.n_households))
    pid = person_id(np.arange(pop.n_persons))
    t_hh, t_pp, t_mm = _truth_tables(world, hh_ref, pid, "TRUTH")
    t_hh[CONSUMPTION] = rupiah(world.log_c)
    write("truth/households.csv", (*HOUSEHOLD_COLUMNS, CONSUMPTION), t_hh)
    write("truth/persons.csv", (*PERSON_COLUMNS, HOUSEHOLD_REF), t_pp)
    write("truth/members.csv", MEMBER_COLUMNS, t_mm)
    del t_hh, t_pp, t_mm

    tick("civil registry")
    civil, civil_index = _civil_registry(stage_rng(seed, "registry"), world, events)
    write("civil_registry/persons.csv", PERSON_COLUMNS + CIVIL_EXTRA, civil)
    link_ids, link_pids = [civil["record_id"]], [pid[civil_index]]
    del civil
    err_ids: list[np.ndarray] = []
    err_kinds: list[np.ndarray] = []

    tick("sources")
    rng = stage_rng(seed, "sources")
    kind_order = {k: i for i, k in enumerate(cfg.errors.as_dict())}
    source_records: dict[str, int] = {}
    for name in codes.SOURCES:
        ex = build_source(rng, name, world, events, cfg)
        key = name.lower()
        write(f"sources/{key}_persons.csv", (*PERSON_COLUMNS, HOUSEHOLD_REF), ex.persons)
        if ex.households is not None and ex.members is not None:
            write(f"sources/{key}_households.csv", HOUSEHOLD_COLUMNS, ex.households)
            write(f"sources/{key}_members.csv", MEMBER_COLUMNS, ex.members)
        source_records[name] = len(ex.person_index)
        link_ids.append(ex.persons["record_id"])
        link_pids.append(pid[ex.person_index])
        kind_rank = np.array([kind_order[k] for k in ex.error_kinds.tolist()], dtype=np.int64)
        sort = np.lexsort((kind_rank, ex.error_rows))
        err_ids.append(ex.persons["record_id"][ex.error_rows[sort]])
        err_kinds.append(ex.error_kinds[sort])
        del ex

    tick("ground truth")
    links = {"record_id": np.concatenate(link_ids), "person_id": np.concatenate(link_pids)}
    write("ground_truth/links.csv", ("record_id", "person_id"), links)
    errors = {"record_id": np.concatenate(err_ids), "error": np.concatenate(err_kinds)}
    write("ground_truth/errors.csv", ("record_id", "error"), errors)
    n_errors = len(errors["error"])
    del links, errors, link_ids, link_pids, err_ids, err_kinds

    tick("survey")
    n_survey = cfg.survey_households(households)
    survey_rngs = {s: substage_rng(seed, "survey", i) for i, s in enumerate(STAGES)}
    survey = build_world(survey_rngs, frame, effects, layout, n_survey, cfg, SURVEY_SERIAL_BASE)
    s_ref = np.array([f"S{i + 1:06d}" for i in range(n_survey)], dtype=object)
    s_hh_of = survey.pop.pp["hh"]
    s_number = _member_numbers(s_hh_of)
    s_pid = np.array(
        [f"{s_ref[h]}-{k:02d}" for h, k in zip(s_hh_of.tolist(), s_number.tolist(), strict=True)],
        dtype=object,
    )
    s_hh, s_pp, s_mm = _truth_tables(survey, s_ref, s_pid, "SURVEY")
    noise = substage_rng(seed, "survey", len(STAGES)).normal(0.0, cfg.survey_noise, n_survey)
    s_hh[CONSUMPTION] = rupiah(survey.log_c + noise)
    write("survey/households.csv", (*HOUSEHOLD_COLUMNS, CONSUMPTION), s_hh)
    write("survey/persons.csv", (*PERSON_COLUMNS, HOUSEHOLD_REF), s_pp)
    write("survey/members.csv", MEMBER_COLUMNS, s_mm)

    tick("manifest")
    manifest = {
        "generator": "dtks.synth",
        "version": GENERATOR_VERSION,
        "region": frame.code,
        "region_name": frame.name,
        "seed": seed,
        "households": households,
        "reference_date": cfg.reference_date.isoformat(),
        "poverty_line": POVERTY_LINE,
        "counts": rows,
        "rates": {
            "errors": cfg.errors.as_dict(),
            "source_error_factor": cfg.source_error_factor,
            "coverage": asdict(cfg.coverage),
            "death_rate": cfg.death_rate,
            "move_rate": cfg.move_rate,
            "move_out_share": cfg.move_out_share,
            "survey_share": cfg.survey_share,
            "survey_minimum": cfg.survey_minimum,
            "survey_noise": cfg.survey_noise,
        },
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    paths = {name: out / name for name in rows} | {MANIFEST: out / MANIFEST}
    return SynthSummary(
        region=frame.code, region_name=frame.name, seed=seed, households=households,
        persons=pop.n_persons, survey_households=n_survey, survey_persons=survey.pop.n_persons,
        dead=int(events.dead.sum()), moved=int(events.moved.sum()),
        source_records=source_records, errors=n_errors, out_dir=out, files=paths, rows=rows,
    )  # fmt: skip


def _member_numbers(hh: np.ndarray) -> np.ndarray:
    """1, 2, 3... within each household (persons are sorted by household)."""
    start = np.r_[0, np.flatnonzero(np.diff(hh)) + 1]
    first = np.repeat(start, np.diff(np.r_[start, len(hh)]))
    return np.arange(len(hh)) - first + 1
