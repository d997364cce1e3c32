"""Helpers of the pemadanan tests: a handle on the reference civil registry, and a register
built from the synth truth with some values altered (so every verdict occurs)."""

from __future__ import annotations

import csv
import json
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

API_KEY = "uji-kunci-pemadanan"
# The verdict on an unaltered record, by its status in the extract.
EXPECTED = {"hidup": "padan", "meninggal": "meninggal", "pindah": "pindah"}


@dataclass
class Civreg:
    url: str
    data: Path
    persons: list[dict[str, str]] = field(default_factory=list)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        request = urllib.request.Request(
            self.url + path,
            data=None if body is None else json.dumps(body).encode(),
            method=method,
            headers={"X-API-Key": API_KEY},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def faults(self, **values: Any) -> None:
        self.call("POST", "/v1/_faults", values)

    def stats(self) -> dict[str, Any]:
        return dict(self.call("GET", "/v1/_stats"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_register(synth: Path) -> dict[str, str]:
    """Households and people of the synth truth in the register, with every 9th living
    person's name changed, every 23rd living person's NIK replaced by one Dukcapil does not
    know; returns the expected verdict by NIK."""
    from dtks.domain import codes
    from dtks.registry.models import Household, Person

    status_by_nik = {
        p["nik"]: p["status"] for p in read_csv(synth / "civil_registry" / "persons.csv")
    }
    households = read_csv(synth / "truth" / "households.csv")
    made = Household.objects.bulk_create(
        Household(
            household_ref=h["household_ref"], village_id=h["kode_wilayah"], alamat=h["alamat"]
        )
        for h in households
    )
    ids = {h.household_ref: h.pk for h in made}
    expected: dict[str, str] = {}
    people = []
    living = 0
    for row in read_csv(synth / "truth" / "persons.csv"):
        nik, nama, status = row["nik"], row["nama"], status_by_nik[row["nik"]]
        verdict = EXPECTED[status]
        if status == "hidup":
            living += 1
            if living % 23 == 0:
                nik = nik[:12] + str(9000 + living % 1000)
                verdict = "nik_tidak_ditemukan"
            elif living % 9 == 0:
                nama = nama + " Wijayakusuma"
                verdict = "data_berbeda"
        expected[nik] = verdict
        people.append(
            Person(
                person_ref=row["record_id"],
                household_id=ids[row["household_ref"]],
                nik=nik,
                nama=nama,
                jenis_kelamin=codes.MALE if row["jenis_kelamin"] == "L" else codes.FEMALE,
                tanggal_lahir=date.fromisoformat(row["tanggal_lahir"]),
                nama_ibu_kandung=row["nama_ibu_kandung"],
            )
        )
    Person.objects.bulk_create(people)
    return expected
