"""Loading the Kemendagri region tree: complete, idempotent, all-or-nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dtks.regions.models import Region
from dtks.regions.selectors import region_ancestors, region_children
from dtks.regions.services import regions_load, shipped_region_dir

pytestmark = pytest.mark.django_db


def test_full_tree_loads_with_official_counts() -> None:
    result = regions_load()
    assert result.counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert Region.objects.count() == 91599
    kedaton = Region.objects.get(code="18.71.01")
    assert (kedaton.name, kedaton.level, kedaton.parent_id) == ("Kedaton", 3, "18.71")
    assert not Region.objects.filter(level__gt=1, parent__isnull=True).exists()


def test_second_load_changes_nothing_and_updates_renamed_regions(tmp_path: Path) -> None:
    regions_load(within="18.71")
    before = Region.objects.count()
    for name in ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv"):
        shutil.copy(shipped_region_dir() / name, tmp_path / name)
    districts = tmp_path / "districts.csv"
    districts.write_text(
        districts.read_text().replace("18.71.01,18.71,Kedaton", "18.71.01,18.71,Kedaton Baru")
    )
    regions_load(source_dir=tmp_path, within="18.71")
    assert Region.objects.count() == before
    assert Region.objects.get(code="18.71.01").name == "Kedaton Baru"


def test_missing_column_is_refused_and_tree_left_as_it_was(tmp_path: Path) -> None:
    regions_load(within="18.71")
    before = Region.objects.count()
    for name in ("provinces.csv", "regencies.csv", "districts.csv"):
        shutil.copy(shipped_region_dir() / name, tmp_path / name)
    (tmp_path / "villages.csv").write_text("code,name\n18.71.01.1003,Kedaton\n")
    with pytest.raises(ValueError, match=r"villages\.csv: missing column"):
        regions_load(source_dir=tmp_path)
    assert Region.objects.count() == before


def test_empty_code_names_file_and_row(tmp_path: Path) -> None:
    for name in ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv"):
        shutil.copy(shipped_region_dir() / name, tmp_path / name)
    (tmp_path / "regencies.csv").write_text(
        "code,province_code,name\n18.71,18,Kota\n,18,Tanpa Kode\n"
    )
    with pytest.raises(ValueError, match=r"regencies.csv, row 3"):
        regions_load(source_dir=tmp_path)
    assert Region.objects.count() == 0


def test_selectors_walk_the_tree() -> None:
    regions_load(within="18.71")
    village = Region.objects.get(code="18.71.01.1003")
    assert [r.code for r in region_ancestors(region=village)] == [
        "18",
        "18.71",
        "18.71.01",
        "18.71.01.1003",
    ]
    assert region_children(code="18.71").count() == 20
    assert [r.code for r in region_children(code=None)] == ["18"]


def test_licence_and_attribution_ship_with_the_data() -> None:
    folder = shipped_region_dir()
    assert "Open Database License" in (folder / "LICENSE-ODbL.md").read_text()
    assert "idn-area-data" in (folder / "ATTRIBUTION.md").read_text()
