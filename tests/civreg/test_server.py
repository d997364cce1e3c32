"""The reference civil-registry server over real HTTP: verdicts, auth, validation, limits."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from civreg_support import API_KEY, Civreg


def _record(person: dict[str, str], ref: str = "r", **changes: Any) -> dict[str, Any]:
    record = {
        "ref": ref,
        "nik": person["nik"],
        "nama": person["nama"],
        "tanggal_lahir": person["tanggal_lahir"],
        "jenis_kelamin": person["jenis_kelamin"],
        "nama_ibu_kandung": person["nama_ibu_kandung"] or None,
    }
    return {**record, **changes}


def _verify(civreg: Civreg, *records: dict[str, Any]) -> list[dict[str, Any]]:
    status, body = civreg.call("POST", "/v1/verify", {"records": list(records)})
    assert status == 200, body
    assert body["checked_at"]
    return list(body["results"])


def _first(civreg: Civreg, status: str) -> dict[str, str]:
    return next(p for p in civreg.persons if p["status"] == status)


def test_health_needs_no_key(civreg: Civreg) -> None:
    assert civreg.call("GET", "/v1/health", key=None) == (
        200,
        {"status": "ok", "records": len(civreg.persons)},
    )


def test_every_status_with_its_details(civreg: Civreg) -> None:
    alive = _first(civreg, "hidup")
    dead = _first(civreg, "meninggal")
    moved = _first(civreg, "pindah")
    results = _verify(
        civreg,
        _record(alive, "padan"),
        _record(dead, "dead"),
        _record(moved, "moved"),
        _record(alive, "name", nama="Bukan Nama Ini"),
        _record(alive, "born", tanggal_lahir="1901-01-01"),
        _record(alive, "lost", nik="1871010101010999"),
    )
    assert [r["ref"] for r in results] == ["padan", "dead", "moved", "name", "born", "lost"]
    by = {r["ref"]: r for r in results}
    assert by["padan"] == {
        "ref": "padan",
        "status": "padan",
        "fields_differ": [],
        "tanggal_meninggal": None,
        "kode_wilayah_baru": None,
    }
    assert by["dead"]["status"] == "meninggal"
    assert by["dead"]["tanggal_meninggal"] == dead["tanggal_meninggal"]
    assert by["moved"]["status"] == "pindah"
    assert by["moved"]["kode_wilayah_baru"] == moved["kode_wilayah"]
    assert (by["name"]["status"], by["name"]["fields_differ"]) == ("data_berbeda", ["nama"])
    assert (by["born"]["status"], by["born"]["fields_differ"]) == (
        "data_berbeda",
        ["tanggal_lahir"],
    )
    assert by["lost"]["status"] == "nik_tidak_ditemukan"


def test_all_sampled_truth_records_get_their_status(civreg: Civreg) -> None:
    sample = civreg.persons[:300]
    results = _verify(civreg, *(_record(p, str(i)) for i, p in enumerate(sample)))
    expected = {"hidup": "padan", "meninggal": "meninggal", "pindah": "pindah"}
    assert [r["status"] for r in results] == [expected[p["status"]] for p in sample]
    assert all(r["fields_differ"] == [] for r in results)


def test_names_compare_normalised_and_only_provided_fields(civreg: Civreg) -> None:
    alive = _first(civreg, "hidup")
    shouted = _record(alive, "upper", nama=alive["nama"].upper() + " ")
    bare = {"ref": "bare", "nik": alive["nik"], "nama": alive["nama"]}
    sex = "P" if alive["jenis_kelamin"] == "L" else "L"
    wrong_sex = _record(alive, "sex", jenis_kelamin=sex, nama_ibu_kandung="Siapa Saja")
    results = _verify(civreg, shouted, bare, wrong_sex)
    assert [r["status"] for r in results] == ["padan", "padan", "data_berbeda"]
    assert results[2]["fields_differ"] == ["jenis_kelamin", "nama_ibu_kandung"]


def test_dead_takes_precedence_and_moved_reports_differences(civreg: Civreg) -> None:
    dead = _first(civreg, "meninggal")
    moved = _first(civreg, "pindah")
    results = _verify(
        civreg,
        _record(dead, "dead", nama="Orang Lain"),
        _record(moved, "moved", tanggal_lahir="1901-01-01"),
    )
    assert results[0]["status"] == "meninggal"
    assert results[1]["status"] == "pindah"
    assert results[1]["fields_differ"] == ["tanggal_lahir"]
    assert results[1]["kode_wilayah_baru"] == moved["kode_wilayah"]


def test_missing_or_wrong_key_is_401(civreg: Civreg) -> None:
    body = {"records": []}
    assert civreg.call("POST", "/v1/verify", body, key=None)[0] == 401
    assert civreg.call("POST", "/v1/verify", body, key="salah")[0] == 401
    assert civreg.call("POST", "/v1/_faults", {"delay_ms": 5}, key="salah")[0] == 401
    assert civreg.call("GET", "/v1/_stats", key=None)[0] == 401


def test_malformed_requests_are_400_naming_record_and_field(civreg: Civreg) -> None:
    status, body = civreg.call("POST", "/v1/verify", b"{not json")
    assert status == 400
    assert "JSON" in body["detail"]
    assert civreg.call("POST", "/v1/verify", {"rows": []})[0] == 400
    alive = _first(civreg, "hidup")
    cases = [
        ({"tanggal_lahir": "17-08-1945"}, "records[1].tanggal_lahir"),
        ({"jenis_kelamin": "X"}, "records[1].jenis_kelamin"),
        ({"nik": 1871}, "records[1].nik"),
        ({"ref": None}, "records[1].ref"),
    ]
    for change, where in cases:
        records = [_record(alive, "ok"), {**_record(alive, "bad"), **change}]
        status, body = civreg.call("POST", "/v1/verify", {"records": records})
        assert status == 400
        assert body["detail"].startswith(where), body


def test_more_than_1000_records_is_413(civreg: Civreg) -> None:
    record = _record(_first(civreg, "hidup"))
    assert civreg.call("POST", "/v1/verify", {"records": [record] * 1000})[0] == 200
    assert civreg.call("POST", "/v1/verify", {"records": [record] * 1001})[0] == 413


def test_faults_are_validated(civreg: Civreg) -> None:
    assert civreg.call("POST", "/v1/_faults", {"error_rate": 2})[0] == 400
    assert civreg.call("POST", "/v1/_faults", {"delay_ms": -1})[0] == 400
    civreg.faults(error_rate=1.0, seed=1)
    assert civreg.call("POST", "/v1/verify", {"records": []})[0] == 503


def test_refuses_to_start_without_key(synth_dir: object) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DTKS_CIVREG_API_KEY"}
    command = [sys.executable, "-m", "dtks.civreg", "serve", "--data", str(synth_dir)]
    done = subprocess.run([*command, "--port", "0"], env=env, capture_output=True, timeout=30)
    assert done.returncode != 0
    assert b"API key" in done.stderr
    assert API_KEY
