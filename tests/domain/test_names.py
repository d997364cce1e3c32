"""Tests of dtks.domain.names: normalisation, phonetic key, nicknames, synth variants."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dtks.domain.names import (
    first_name,
    last_name,
    name_tokens,
    nickname_base,
    normalise_name,
    phonetic_key,
)

NORMALISED = [
    ("HJ. SITI AMINAH, S.PD", "siti aminah"),
    ("Drs. H. Moch. Djoko Santoso, M.M.", "muhammad joko santoso"),
    ("Moehammad Joesoef", "muhammad yusuf"),
    ("Achmad", "ahmad"),
    ("Akhmad Fauzi", "ahmad fauzi"),
    ("Ahmat Dahlan", "ahmad dahlan"),
    ("Suparman", "suparman"),
    ("Liem Swie King", "liem swie king"),
    ("Rudolf Siregar", "rudolf siregar"),
    ("I Made Suarta", "i made suarta"),
    ("Ni Luh Putu Ayu Lestari", "ni luh putu ayu lestari"),
    ("I Md. Suarta", "i md suarta"),
    ("Yohanes Paulus", "yohanes paulus"),
    ("Johanes Paulus", "yohanes paulus"),
    ("Budi, S.E., M.M.", "budi"),
    ("Budi Santoso SE MM", "budi santoso"),
    ("Siti Nurhaliza S Pd", "siti nurhaliza"),
    ("Dra. Sri Wahyuni, M.Pd", "sri wahyuni"),
    ("Ir. Soekarno", "sukarno"),
    ("dr. Andi Wijaya, Sp.A", "andi wijaya"),
    ("Prof. Dr. H. Abdul Malik, M.Si", "abdul malik"),
    ("Hj. Nur Aini, A.Md", "nur aini"),
    ("Ahmad Yani, S.Pd.I", "ahmad yani"),
    ("Hi. Rochmat", "rokhmat"),
    ("Hajjah Fatimah", "fatimah"),
    ("Bpk. Sutrisno", "sutrisno"),
    ("Ibu Sumiati", "sumiati"),
    ("Sdri. Rina", "rina"),
    ("Ny. Kartini", "kartini"),
    ("Muhamad Rizki", "muhammad rizki"),
    ("Mohammad Hatta", "muhammad hatta"),
    ("Mochamad Iqbal", "muhammad iqbal"),
    ("Muh. Arif", "muhammad arif"),
    ("Mhd. Ilham", "muhammad ilham"),
    ("M. Yusuf", "muhammad yusuf"),
    ("M.H. Thamrin", "muhammad h thamrin"),
    ("Budi M.", "budi m"),
    ("Abd. Rahman", "abdul rahman"),
    ("Abdoel Kadir", "abdul kadir"),
    ("Tjahjono", "cahyono"),
    ("Soejono", "suyono"),
    ("Soedjono", "sujono"),
    ("Sujono", "sujono"),
    ("Jusuf Kalla", "yusuf kalla"),
    ("Sjahrir", "syahrir"),
    ("Pandji", "panji"),
    ("Panjaitan", "panjaitan"),
    ("Njoman", "nyoman"),
    ("Chairoel Anwar", "khairul anwar"),
    ("Fachri", "fakhri"),
    ("Chandra", "chandra"),
    ("Michael", "michael"),
    ("Rina br. Sitepu", "rina br sitepu"),
    ("  budi   SANTOSO ", "budi santoso"),
    ("Ma'ruf Amin", "maruf amin"),
    ("José", "jose"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALISED)
def test_normalise_name(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_tokens_first_last() -> None:
    assert name_tokens("H. Ahmad Dahlan") == ("ahmad", "dahlan")
    assert first_name("Drs. Bambang Sutrisno, M.M.") == "bambang"
    assert last_name("Drs. Bambang Sutrisno, M.M.") == "sutrisno"
    assert first_name("SUPARMAN") == last_name("SUPARMAN") == "suparman"
    assert first_name("") == last_name("") == ""


def test_only_titles_kept() -> None:
    assert normalise_name("Haji") == "haji"


COLLIDE = [
    ("Wawan", "Wawan"),
    ("Suharto", "Soeharto"),
    ("Muhammad", "Mochammad"),
    ("Yusuf", "Jusuf"),
    ("Yusuf", "Yusup"),
    ("Jusuf", "Yusup"),
    ("Fauzi", "Pauzi"),
    ("Zainal", "Jainal"),
    ("Khairul", "Hairul"),
    ("Rizky", "Rizki"),
    ("Rizki", "Risky"),
    ("Rizky", "Risky"),
    ("Syamsul", "Samsul"),
    ("Supriadi", "Supriyadi"),
    ("Mulyadi", "Muliadi"),
    ("Aminah", "Amina"),
    ("Nurjanah", "Nurjannah"),
    ("Fitriani", "Fitriyani"),
    ("Qomariah", "Komariah"),
    ("Dhani", "Dani"),
    ("Chandra", "Candra"),
    ("Taufik", "Taupik"),
    ("Rahmat", "Rachmat"),
    ("Sukarno", "Soekarno"),
    ("Ahmad", "Achmad"),
    ("Stefanus", "Stephanus"),
    ("Zulkifli", "Julkipli"),
    ("Mahfud", "Machfud"),
    ("Eddy", "Edi"),
    ("Nuraini", "Nur'aini"),
]

DIFFERENT = [
    ("Budi", "Bayu"),
    ("Siti", "Sari"),
    ("Agus", "Agung"),
    ("Dewi", "Desi"),
    ("Joko", "Yoko"),
    ("Sujono", "Suyono"),
    ("Hendra", "Herman"),
    ("Yudi", "Yadi"),
    ("Bambang", "Bagus"),
    ("Wawan", "Iwan"),
    ("Slamet", "Supardi"),
    ("Ahmad", "Muhammad"),
    ("Sri", "Sari"),
    ("Andi", "Anton"),
    ("Yanti", "Yani"),
    ("Heru", "Hari"),
    ("Nur", "Nia"),
    ("Rudi", "Rusdi"),
    ("Hasan", "Husin"),
    ("Iwan", "Irwan"),
    ("Eko", "Edi"),
    ("Tono", "Tini"),
    ("Rina", "Rika"),
    ("Made", "Komang"),
    ("Siregar", "Sitepu"),
]


@pytest.mark.parametrize(("a", "b"), COLLIDE)
def test_phonetic_collides(a: str, b: str) -> None:
    assert phonetic_key(a) == phonetic_key(b)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_phonetic_differs(a: str, b: str) -> None:
    assert phonetic_key(a) != phonetic_key(b)


def test_phonetic_key_examples() -> None:
    assert phonetic_key("H. Khairul Anwar, S.E.") == "harl anwr"
    assert phonetic_key("") == ""


def test_nickname_base() -> None:
    assert nickname_base("Ucup") == "yusuf"
    assert nickname_base("BAMS") == "bambang"
    assert nickname_base("Wawan") is None  # Hermawan, Kurniawan, Setiawan, Irawan
    assert nickname_base("Yanto") is None
    assert nickname_base("Budi Santoso") is None


NAME_PIECES = [*"abcdehijkmnoprstuyzABDEHJMOSTU .,'-", "oe", "dj", "tj", "ch", "nj", "S.Pd", "H."]
NAME_TEXT = st.lists(st.sampled_from(NAME_PIECES), max_size=15).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(NAME_TEXT, st.text(max_size=30)))
def test_properties(raw: str) -> None:
    out = normalise_name(raw)
    assert normalise_name(out) == out
    assert phonetic_key(out) == phonetic_key(raw)
    assert re.fullmatch(r"([a-z]+( [a-z]+)*)?", out)
    key = phonetic_key(raw)
    assert re.fullmatch(r"([a-z]+( [a-z]+)*)?", key)
    first_name(raw), last_name(raw), nickname_base(raw)


# Error kinds the normaliser can undo; nicknames and first-name-only cannot be undone.
UNDOABLE = {
    "name_title_added",
    "name_title_dropped",
    "name_muhammad_variant",
    "name_ahmad_variant",
    "name_old_spelling",
    "name_upper",
}
NOT_UNDOABLE = {"name_nickname", "name_first_only"}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_synth_name_variants(tmp_path: Path) -> None:
    from dtks.synth import generate

    generate(region="18.71", households=300, seed=3, out_dir=tmp_path)
    truth = {r["record_id"]: r["nama"] for r in _rows(tmp_path / "truth/persons.csv")}
    link = {r["record_id"]: r["person_id"] for r in _rows(tmp_path / "ground_truth/links.csv")}
    kinds: dict[str, set[str]] = {}
    for r in _rows(tmp_path / "ground_truth/errors.csv"):
        kinds.setdefault(r["record_id"], set()).add(r["error"])
    same = phon = total = 0
    by_kind: Counter[str] = Counter()
    for path in sorted((tmp_path / "sources").glob("*_persons.csv")):
        for r in _rows(path):
            errs = kinds.get(r["record_id"], set())
            if not errs & UNDOABLE or errs & NOT_UNDOABLE or r["record_id"] not in link:
                continue
            true_name = truth[link[r["record_id"]]]
            total += 1
            same += normalise_name(r["nama"]) == normalise_name(true_name)
            phon += phonetic_key(r["nama"]) == phonetic_key(true_name)
            by_kind.update(errs & UNDOABLE)
    assert total >= 200, by_kind
    print(f"\nsynth name variants: n={total} normalised={same / total:.3f} "
          f"phonetic={phon / total:.3f} kinds={dict(by_kind)}")  # fmt: skip
    assert same / total >= 0.85
    assert phon / total >= 0.95
