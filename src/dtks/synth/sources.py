"""The four dirty source extracts (DTKS, PKH, BPNT, BST) and the civil-registry extract.

A source lists the members of the households (DTKS) or families (PKH, BPNT, BST) it selected,
as they were when it last looked: the dead are mostly still there, movers mostly at the old
address; some members are missing, some listed twice; then ``errors.inject`` spoils the values.
Records are shuffled before they get their ids, so ids carry no information.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dtks.synth.civil import CivilEvents
from dtks.synth.config import ErrorRates, SynthConfig
from dtks.synth.errors import ErrorLog, inject
from dtks.synth.population import REL_HEAD, YEAR
from dtks.synth.world import World
from dtks.synth.writers import MEMBER_FIELDS

Array = np.ndarray


@dataclass
class SourceExtract:
    name: str
    persons: dict[str, Array]  # person-file columns + household_ref
    person_index: Array  # truth person index of each record
    error_rows: Array  # record rows of the error log
    error_kinds: Array
    households: dict[str, Array] | None = None  # DTKS only
    members: dict[str, Array] | None = None  # DTKS only


def _members_of(units: Array, unit_of_person: Array) -> tuple[Array, Array]:
    """(person indexes, unit position) of all persons whose unit is in ``units``."""
    position = np.full(int(unit_of_person.max()) + 1, -1)
    position[units] = np.arange(len(units))
    pos = position[unit_of_person]
    persons = np.flatnonzero(pos >= 0)
    return persons, pos[persons]


def build_source(
    rng: np.random.Generator, name: str, world: World, events: CivilEvents, config: SynthConfig
) -> SourceExtract:
    pp = world.pop.pp
    sel = world.selection
    rates: ErrorRates = config.errors.scaled(config.source_error_factor.get(name, 1.0))
    if name == "DTKS":
        person, unit = _members_of(np.flatnonzero(sel.dtks), pp["hh"])
    else:
        chosen = {"PKH": sel.pkh, "BPNT": sel.bpnt, "BST": sel.bst}[name]
        person, unit = _members_of(np.flatnonzero(chosen), sel.unit)
    n_units = int(unit.max()) + 1 if len(unit) else 0
    head = pp["rel"][person] == REL_HEAD
    log_rows: list[tuple[Array, str]] = []

    # Stale records: the dead mostly still listed, movers mostly at the old address.
    dead = events.dead[person]
    keep = ~dead | (rng.random(len(person)) < rates.stale_dead)
    stale_unit = rng.random(n_units) < rates.stale_mover
    moved = events.moved[person]
    stale = moved & stale_unit[unit]
    keep &= ~(moved & ~stale & events.moved_alone[person])  # left the family: removed
    keep &= head | (rng.random(len(person)) >= config.coverage.member_omitted)
    person, unit, head, dead, stale = person[keep], unit[keep], head[keep], dead[keep], stale[keep]
    updated = events.moved[person] & ~stale

    # Duplicates: the same person listed again (in DTKS in the same household; in the family
    # programmes sometimes under a new family key).
    dup = np.flatnonzero(rng.random(len(person)) < rates.duplicate)
    new_unit = unit[dup].copy()
    if name != "DTKS":
        fresh = rng.random(len(dup)) < 0.5
        new_unit[fresh] = n_units + np.arange(int(fresh.sum()))
        n_units += int(fresh.sum())
    n0 = len(person)
    person = np.concatenate([person, person[dup]])
    unit = np.concatenate([unit, new_unit])
    is_copy = np.arange(len(person)) >= n0
    head = np.concatenate([head, np.zeros(len(dup), bool)])
    updated = np.concatenate([updated, updated[dup]])
    log_rows += [(np.flatnonzero(dead), "stale_dead"), (np.flatnonzero(stale), "stale_mover")]
    log_rows.append((np.flatnonzero(is_copy), "duplicate"))

    hh = pp["hh"][person]
    rec: dict[str, Array] = {
        "nik": world.nik[person].copy(),
        "no_kk": world.no_kk[person].copy(),
        "pre": world.pre[person],
        "core": world.core[person],
        "suf": world.suf[person],
        "show": world.show[person],
        "birth": pp["birth"][person],
        "born_year": 1970 + pp["birth"][person] / YEAR,
        "tempat_lahir": world.birthplace[person].copy(),
        "nama_ibu_kandung": world.mother[person].copy(),
        "alamat": np.where(updated, events.address.alamat[person], world.address.alamat[hh]),
        "rt": np.where(updated, events.address.rt[person], world.address.rt[hh]),
        "rw": np.where(updated, events.address.rw[person], world.address.rw[hh]),
        "kode_wilayah": np.where(updated, events.village_code[person], world.village_code[hh]),
        "hh_key": unit,
    }
    head_of_unit = np.full(n_units, -1)
    head_of_unit[unit[head]] = np.flatnonzero(head)
    head_row = np.where(head, -1, head_of_unit[unit])
    log = ErrorLog()
    for rows, kind in log_rows:
        log.add(rows, kind)
    inject(rng, rec, rates, log, head_row)

    # Shuffle, then number records and household keys.
    n = len(person)
    order = rng.permutation(n)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    unit_order = rng.permutation(n_units)
    unit_number = np.empty(n_units, dtype=np.int64)
    unit_number[unit_order] = np.arange(n_units)
    kind = "RT" if name == "DTKS" else "KK"
    record_id = np.array([f"{name}-{i + 1:06d}" for i in range(n)], dtype=object)
    unit_ref = np.array([f"{name}-{kind}-{j + 1:06d}" for j in range(n_units)], dtype=object)
    persons = {
        "record_id": record_id,
        "source": np.full(n, name, dtype=object),
        "nik": rec["nik"][order],
        "no_kk": rec["no_kk"][order],
        "nama": rec["nama"][order],
        "jenis_kelamin": world.sex_letter()[person][order],
        "tempat_lahir": rec["tempat_lahir"][order],
        "tanggal_lahir": rec["tanggal_lahir"][order],
        "nama_ibu_kandung": rec["nama_ibu_kandung"][order],
        "alamat": rec["alamat"][order],
        "rt": rec["rt"][order],
        "rw": rec["rw"][order],
        "kode_wilayah": rec["kode_wilayah"][order],
        "household_ref": unit_ref[unit_number[unit[order]]],
    }
    err_rows, err_kinds = log.arrays()
    out = SourceExtract(name, persons, person[order], rank[err_rows], err_kinds)
    if name == "DTKS":
        _dtks_files(out, world, person[order], unit[order], unit_number, unit_ref)
    return out


def _dtks_files(
    out: SourceExtract, world: World, person: Array, unit: Array, number: Array, ref: Array
) -> None:
    """DTKS's household and member files (households: the truth's housing data, the address
    as the source writes it, taken from the household's first record)."""
    pp = world.pop.pp
    out.members = {"record_id": out.persons["record_id"]}
    for field in MEMBER_FIELDS:
        out.members[field] = pp[field][person]
    units, first = np.unique(unit, return_index=True)
    first = first[np.argsort(number[units], kind="stable")]
    hh = pp["hh"][person[first]]
    households = {"household_ref": out.persons["household_ref"][first]}
    for field in ("kode_wilayah", "alamat", "rt", "rw"):
        households[field] = out.persons[field][first]
    for field, values in world.household.items():
        households[field] = values[hh]
    out.households = households
