"""The region being generated: its real villages and kecamatan, and the places people come from.

Region codes are read from the Kemendagri CSV files shipped in ``dtks/regions/data``. A region
is a kab/kota (``18.71``) or a whole province (``18``). A village's 4-digit code starting with
1 is a kelurahan (urban), with 2 a desa (rural).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

DATA_DIR = Path(__file__).resolve().parent.parent / "regions" / "data"

# Places outside the generated region that people are born in or move to, by origin group:
# (birth-place name as written, regency code). Codes are checked against regencies.csv.
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    "lampung": (
        ("Metro", "18.72"),
        ("Kalianda", "18.01"),
        ("Gunung Sugih", "18.02"),
        ("Kotabumi", "18.03"),
        ("Liwa", "18.04"),
        ("Menggala", "18.05"),
        ("Kota Agung", "18.06"),
        ("Sukadana", "18.07"),
        ("Blambangan Umpu", "18.08"),
        ("Gedong Tataan", "18.09"),
        ("Pringsewu", "18.10"),
        ("Metro", "18.72"),
    ),
    "jawa": (
        ("Semarang", "33.74"),
        ("Surakarta", "33.72"),
        ("Kebumen", "33.05"),
        ("Banyumas", "33.02"),
        ("Cilacap", "33.01"),
        ("Klaten", "33.10"),
        ("Wonogiri", "33.12"),
        ("Purworejo", "33.06"),
        ("Grobogan", "33.15"),
        ("Pemalang", "33.27"),
        ("Yogyakarta", "34.71"),
        ("Gunungkidul", "34.03"),
        ("Kediri", "35.71"),
        ("Surabaya", "35.78"),
        ("Malang", "35.73"),
        ("Madiun", "35.77"),
        ("Blitar", "35.72"),
        ("Ponorogo", "35.02"),
        ("Jakarta", "31.71"),
        ("Jakarta", "31.75"),
    ),
    "sunda": (
        ("Bandung", "32.73"),
        ("Bogor", "32.71"),
        ("Cirebon", "32.74"),
        ("Tasikmalaya", "32.78"),
        ("Garut", "32.05"),
        ("Ciamis", "32.07"),
        ("Sumedang", "32.11"),
        ("Serang", "36.04"),
        ("Tangerang", "36.71"),
        ("Jakarta", "31.74"),
    ),
    "batak": (
        ("Medan", "12.71"),
        ("Pematangsiantar", "12.72"),
        ("Tarutung", "12.02"),
        ("Balige", "12.12"),
        ("Padangsidimpuan", "12.77"),
        ("Kabanjahe", "12.06"),
    ),
    "minang": (
        ("Padang", "13.71"),
        ("Bukittinggi", "13.75"),
        ("Payakumbuh", "13.76"),
        ("Batusangkar", "13.04"),
        ("Pariaman", "13.05"),
    ),
    "sumatra": (
        ("Palembang", "16.71"),
        ("Baturaja", "16.01"),
        ("Kayu Agung", "16.02"),
        ("Jakarta", "31.73"),
        ("Medan", "12.71"),
    ),
    "bali": (("Denpasar", "51.71"), ("Tabanan", "51.02"), ("Singaraja", "51.08")),
    "bugis": (("Makassar", "73.71"), ("Watampone", "73.08"), ("Sengkang", "73.13")),
    "kristen": (("Jakarta", "31.71"), ("Medan", "12.71"), ("Semarang", "33.74")),
}
# Old names of cities whose older inhabitants give them as place of birth.
OLD_CITY_NAMES: dict[str, tuple[str, ...]] = {"18.71": ("Tanjungkarang", "Telukbetung")}
OLD_NAME_BEFORE_YEAR = 1983


@dataclass(frozen=True)
class Place:
    """A place of birth or destination outside the region: written name and kecamatan rows."""

    name: str
    regency: str
    kecamatan: np.ndarray  # undotted kecamatan codes (int64) of the regency


@dataclass(frozen=True)
class RegionFrame:
    code: str
    name: str
    village_code: np.ndarray  # dotted, object
    village_name: np.ndarray  # object
    village_district: np.ndarray  # int32 index into district_*
    village_urban: np.ndarray  # bool
    district_code: np.ndarray  # dotted, object
    district_name: np.ndarray  # object
    district_kec6: np.ndarray  # int64 undotted kecamatan code
    district_regency: np.ndarray  # int32 index into regency_*
    regency_code: np.ndarray  # object
    regency_local_name: np.ndarray  # how locals write the city as birth place ("" = kecamatan)
    places: dict[str, tuple[Place, ...]]  # origin group -> places outside the region
    province_places: tuple[Place, ...]  # other regencies of the same province
    elsewhere_villages: np.ndarray  # dotted village codes outside the region (move targets)


def _read(name: str) -> pa.Table:
    types = {"code": pa.string(), "name": pa.string()}
    for parent in ("province_code", "regency_code", "district_code"):
        types[parent] = pa.string()
    options = pacsv.ConvertOptions(column_types=types)
    return pacsv.read_csv(DATA_DIR / name, convert_options=options)


@functools.cache
def _tables() -> tuple[pa.Table, pa.Table, pa.Table, pa.Table]:
    return (
        _read("provinces.csv"),
        _read("regencies.csv"),
        _read("districts.csv"),
        _read("villages.csv"),
    )


def _col(table: pa.Table, name: str) -> np.ndarray:
    return np.array(table.column(name).to_pylist(), dtype=object)


def _isin(values: np.ndarray, members: np.ndarray | list[str] | set[str]) -> np.ndarray:
    """np.isin for object arrays of strings (numpy's own is quadratic on objects)."""
    wanted = set(members.tolist() if isinstance(members, np.ndarray) else members)
    return np.array([v in wanted for v in values.tolist()], dtype=bool)


def _undotted_int(codes: np.ndarray) -> np.ndarray:
    return np.array([int(c.replace(".", "")) for c in codes], dtype=np.int64)


def _local_name(regency_name: str) -> str:
    if regency_name.startswith("Kota Administrasi "):
        return regency_name.removeprefix("Kota Administrasi ")
    return regency_name.removeprefix("Kota ") if regency_name.startswith("Kota ") else ""


def load_region(region: str) -> RegionFrame:
    """The villages and kecamatan of a kab/kota (``18.71``) or province (``18``) code."""
    provinces, regencies, districts, villages = _tables()
    region = region.strip()
    prov_codes = _col(provinces, "code")
    reg_codes = _col(regencies, "code")
    reg_names = _col(regencies, "name")
    if region in set(reg_codes.tolist()):
        name = str(reg_names[reg_codes == region][0])
        chosen = np.array([region], dtype=object)
    elif region in set(prov_codes.tolist()):
        name = str(_col(provinces, "name")[prov_codes == region][0])
        chosen = reg_codes[_col(regencies, "province_code") == region]
    else:
        raise ValueError(f"unknown region {region!r}: give a kab/kota (18.71) or province (18)")

    dist_codes = _col(districts, "code")
    dist_parent = _col(districts, "regency_code")
    in_region = _isin(dist_parent, chosen)
    d_code, d_name, d_parent = (
        dist_codes[in_region],
        _col(districts, "name")[in_region],
        (dist_parent[in_region]),
    )
    v_codes = _col(villages, "code")
    v_parents = _col(villages, "district_code")
    v_in = _isin(v_parents, d_code)
    v_code, v_name, v_parent = v_codes[v_in], _col(villages, "name")[v_in], v_parents[v_in]
    district_index = {code: i for i, code in enumerate(d_code.tolist())}
    regency_index = {code: i for i, code in enumerate(chosen.tolist())}
    reg_name_of = dict(zip(reg_codes.tolist(), reg_names.tolist(), strict=True))

    def places_of(entries: tuple[tuple[str, str], ...]) -> tuple[Place, ...]:
        out = []
        for place_name, regency in entries:
            if regency not in reg_name_of:
                raise ValueError(f"unknown regency code {regency} for {place_name}")
            kec = _undotted_int(dist_codes[dist_parent == regency])
            out.append(Place(place_name, regency, kec))
        return tuple(out)

    province = region[:2]
    prov_regs = [
        (r, n)
        for r, n in zip(reg_codes.tolist(), reg_names.tolist(), strict=True)
        if r.startswith(province + ".") and r not in regency_index
    ]
    province_places = places_of(
        tuple((_local_name(n) or n.removeprefix("Kabupaten "), r) for r, n in prov_regs)
    )
    all_places = {key: places_of(entries) for key, entries in PLACES.items()}
    target_regs = {p.regency for p in province_places} | {p.regency for p in all_places["jawa"]}
    target_regs -= set(regency_index)
    elsewhere_dist = dist_codes[_isin(dist_parent, sorted(target_regs))]
    elsewhere = v_codes[_isin(v_parents, elsewhere_dist)]

    return RegionFrame(
        code=region,
        name=name,
        village_code=v_code,
        village_name=v_name,
        village_district=np.array([district_index[p] for p in v_parent], dtype=np.int32),
        village_urban=np.array([c[-4] == "1" for c in v_code], dtype=bool),
        district_code=d_code,
        district_name=d_name,
        district_kec6=_undotted_int(d_code),
        district_regency=np.array([regency_index[p] for p in d_parent], dtype=np.int32),
        regency_code=chosen,
        regency_local_name=np.array([_local_name(reg_name_of[r]) for r in chosen], dtype=object),
        places=all_places,
        province_places=province_places,
        elsewhere_villages=elsewhere,
    )
