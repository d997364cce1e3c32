"""The registry browser: list, search, filters, pagination, htmx, detail, exports, language."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dtks.accounts.roles import Role
from dtks.registry.models import Household, Person
from dtks.registry.presenters import age_on, mask_nik
from shared_constants import VILLAGE_A, VILLAGE_B, VILLAGE_METRO

LIST = reverse("registry:household_list")


@pytest.fixture
def kota_client(make_user: Callable[..., Any], client: Client) -> Client:
    """Dinas Sosial of Kota Bandar Lampung (18.71): sees villages A and B."""
    client.force_login(make_user(Role.DINSOS_KABKOTA, "18.71"))
    return client


@pytest.fixture
def three(make_household: Callable[..., Household]) -> dict[str, Household]:
    a = make_household(VILLAGE_A, head_name="Budi Santoso")
    b = make_household(VILLAGE_B, head_name="Joko Widodo")
    c = make_household(VILLAGE_A, head_name="Ahmad Dahlan")
    Household.objects.filter(pk=c.pk).update(
        lantai=9, sumber_penerangan=3, daya=None, ikut_pkh=True
    )
    return {"a": a, "b": b, "c": c}


def _head(household: Household) -> Person:
    return household.members.get(hubungan=1)


def _kk(household: Household) -> str:
    return household.families.get().no_kk


def _names(response: Any) -> str:
    return response.content.decode()


def test_list_shows_households_in_scope_with_masked_nik(kota_client: Client, three: dict) -> None:
    response = kota_client.get(LIST)
    assert response.status_code == 200
    body = _names(response)
    for household in three.values():
        head = _head(household)
        assert head.nama in body
        assert mask_nik(head.nik) in body
        assert head.nik not in body  # lists never show the full NIK
        assert household.household_ref in body
    assert "3 rumah tangga" in body
    assert 'hx-get="/registri/"' in body  # live search wired
    assert 'method="get"' in body  # and a plain form without JS


@pytest.mark.parametrize("field", ["name", "name_lower", "nik", "nik_prefix", "kk", "kk_prefix"])
def test_search(kota_client: Client, three: dict, field: str) -> None:
    target = three["b"]
    head = _head(target)
    query = {
        "name": "Joko",
        "name_lower": "joko wido",
        "nik": head.nik,
        "nik_prefix": head.nik[:8],
        "kk": _kk(target),
        "kk_prefix": _kk(target)[:10],
    }[field]
    body = _names(kota_client.get(LIST, {"q": query}))
    assert "Joko Widodo" in body
    assert "Budi Santoso" not in body
    assert "Ahmad Dahlan" not in body


def test_filters(kota_client: Client, three: dict) -> None:
    body = _names(kota_client.get(LIST, {"lantai": "9"}))
    assert "Ahmad Dahlan" in body
    assert "Budi Santoso" not in body
    body = _names(kota_client.get(LIST, {"penerangan": "1"}))
    assert "Budi Santoso" in body
    assert "Ahmad Dahlan" not in body
    body = _names(kota_client.get(LIST, {"pkh": "1"}))
    assert "Ahmad Dahlan" in body
    assert "Joko Widodo" not in body
    body = _names(kota_client.get(LIST, {"wilayah": "18.71.02"}))
    assert "Joko Widodo" in body
    assert "Budi Santoso" not in body
    body = _names(kota_client.get(LIST, {"wilayah": VILLAGE_A}))
    assert "Budi Santoso" in body
    assert "Joko Widodo" not in body
    # An unknown or malformed filter value is ignored, not an error.
    assert kota_client.get(LIST, {"lantai": "x", "pkh": "7"}).status_code == 200


@override_settings(DTKS_PAGE_SIZE=2)
def test_pagination(kota_client: Client, three: dict) -> None:
    first = _names(kota_client.get(LIST))
    second = _names(kota_client.get(LIST, {"page": "2"}))
    assert "Halaman 1 dari 2" in first
    assert "page=2" in first
    assert "Halaman 2 dari 2" in second
    shown_first = {n for n in ("Budi Santoso", "Joko Widodo", "Ahmad Dahlan") if n in first}
    shown_second = {n for n in ("Budi Santoso", "Joko Widodo", "Ahmad Dahlan") if n in second}
    assert len(shown_first) == 2
    assert len(shown_second) == 1
    assert not shown_first & shown_second
    # Filters are kept on the page links.
    body = _names(kota_client.get(LIST, {"q": "Santoso"}))
    assert "Halaman" not in body
    assert "?q=Santoso" in _names(kota_client.get(LIST, {"q": "Santoso", "page": "9"}))


def test_htmx_request_gets_only_the_results_partial(kota_client: Client, three: dict) -> None:
    response = kota_client.get(LIST, {"q": "Joko"}, headers={"HX-Request": "true"})
    body = _names(response)
    assert response.status_code == 200
    assert "Joko Widodo" in body
    assert "<html" not in body
    assert "<form" not in body
    assert 'id="hasil"' not in body
    assert "HX-Request" in response["Vary"]
    # A history restore asks for the whole page.
    restore = kota_client.get(
        LIST, {"q": "Joko"}, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in _names(restore)


def test_detail_shows_members_and_code_labels(kota_client: Client, three: dict) -> None:
    household = three["a"]
    Household.objects.filter(pk=household.pk).update(
        atap=6, bb_masak=8, aset_sepeda_motor=True, ikut_pkh=False, jumlah_kambing=3
    )
    response = kota_client.get(reverse("registry:household_detail", args=[household.pk]))
    body = _names(response)
    assert response.status_code == 200
    for person in household.members.all():
        assert person.nama in body
        assert person.nik in body  # dinsos kab/kota sees full NIKs
    assert _kk(household) in body
    for label in ("Keramik", "Listrik PLN", "900 watt", "Seng", "Kayu bakar", "Sepeda motor"):
        assert label in body
    for label in ("Kepala rumah tangga", "Istri/suami", "Anak", "Laki-laki", "Perempuan"):
        assert label in body
    assert "Jl. Teuku Umar No. 5" in body
    assert "Kota Bandar Lampung" in body
    assert "36 m²" in body
    head = _head(household)
    age = age_on(head.tanggal_lahir, timezone.localdate())
    assert f"{head.tanggal_lahir:%d-%m-%Y} ({age} th)" in body


def test_detail_masks_nik_for_roles_without_identity_work(
    make_user: Callable[..., Any], client: Client, three: dict
) -> None:
    client.force_login(make_user(Role.DINSOS_PROVINSI, "18"))
    household = three["a"]
    body = _names(client.get(reverse("registry:household_detail", args=[household.pk])))
    head = _head(household)
    assert head.nama in body
    assert head.nik not in body
    assert mask_nik(head.nik) in body
    assert _kk(household) not in body


def test_detail_unknown_is_404(kota_client: Client, three: dict) -> None:
    assert kota_client.get(reverse("registry:household_detail", args=[999999])).status_code == 404


def _csv_rows(response: Any) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_export_csv_is_streamed_filtered_and_complete(kota_client: Client, three: dict) -> None:
    response = kota_client.get(reverse("registry:export_csv"), {"q": "Joko"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][0] == "ID rumah tangga"
    assert len(rows) == 2
    head = _head(three["b"])
    assert rows[1][0] == three["b"].household_ref
    assert rows[1][1] == VILLAGE_B
    assert rows[1][7] == "Joko Widodo"
    assert rows[1][8] == head.nik
    assert rows[1][9] == "3"
    assert rows[1][10] == "Keramik"
    every = _csv_rows(kota_client.get(reverse("registry:export_csv")))
    assert len(every) == 4


def test_export_xlsx(kota_client: Client, three: dict) -> None:
    response = kota_client.get(reverse("registry:export_xlsx"), {"lantai": "9"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "ID rumah tangga"
    assert len(rows) == 2
    assert rows[1][7] == "Ahmad Dahlan"
    nik = _head(three["c"]).nik
    assert rows[1][8] == nik
    assert isinstance(rows[1][8], str)
    assert rows[1][10] == "Tanah"


def test_exports_escape_formulas(kota_client: Client, three: dict) -> None:
    household = three["a"]
    Household.objects.filter(pk=household.pk).update(alamat='=HYPERLINK("http://x")')
    Person.objects.filter(pk=_head(household).pk).update(nama="@SUM(A1)")
    Person.objects.filter(household=household, hubungan=2).update(nama="+628123")
    rows = _csv_rows(kota_client.get(reverse("registry:export_csv"), {"wilayah": VILLAGE_A}))
    row = next(r for r in rows if r[0] == household.household_ref)
    assert row[4] == '\'=HYPERLINK("http://x")'
    assert row[7] == "'@SUM(A1)"
    response = kota_client.get(reverse("registry:export_xlsx"), {"wilayah": VILLAGE_A})
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    cells = {c.value: c for row in sheet.iter_rows() for c in row}
    assert "'@SUM(A1)" in cells
    assert cells["'@SUM(A1)"].data_type == "s"
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(c.data_type == "f" for c in cells.values())


def test_region_drilldown(kota_client: Client, three: dict, make_household: Callable) -> None:
    make_household(VILLAGE_METRO, head_name="Orang Metro")
    root = kota_client.get(reverse("registry:region_root"))
    body = _names(root)
    assert root.status_code == 200
    # Kota Bandar Lampung's kecamatan, with their counts (2 households/6 people in 18.71.01).
    assert "18.71.01" in body
    assert "18.71.02" in body
    assert "18.72" not in body
    households = {r.region.code: r.households for r in root.context["drilldown"].rows}
    people = {r.region.code: r.people for r in root.context["drilldown"].rows}
    assert households["18.71.01"] == 2
    assert people["18.71.01"] == 6
    assert households["18.71.02"] == 1
    assert root.context["drilldown"].households == 3
    village = kota_client.get(reverse("registry:region", args=[VILLAGE_A]))
    assert village.status_code == 200
    assert village.context["drilldown"].households == 2
    assert village.context["drilldown"].rows == []
    assert kota_client.get(reverse("registry:region", args=["18.72"])).status_code == 404
    assert kota_client.get(reverse("registry:region", args=["18"])).status_code == 404
    assert kota_client.get(reverse("registry:region", args=["99.99"])).status_code == 404


def test_region_drilldown_counts_in_one_grouped_query(
    kota_client: Client, three: dict, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):  # session, user, region... not one per row
        kota_client.get(reverse("registry:region_root"))


def test_national_drilldown_lists_provinces(
    make_user: Callable[..., Any], client: Client, three: dict
) -> None:
    client.force_login(make_user(Role.PUSDATIN))
    response = client.get(reverse("registry:region_root"))
    rows = {r.region.code: r.households for r in response.context["drilldown"].rows}
    assert rows == {"18": 3}
    assert "Indonesia" in _names(response)


def test_english(kota_client: Client, three: dict) -> None:
    kota_client.post(reverse("set_language"), {"language": "en", "next": LIST})
    body = _names(kota_client.get(LIST))
    assert "Head of household" in body
    assert "3 households" in body
    detail = _names(kota_client.get(reverse("registry:household_detail", args=[three["a"].pk])))
    assert "Ceramic" in detail
    assert "Keramik" not in detail
    assert "PLN electricity" in detail
    assert "Spouse" in detail
    assert "Female" in detail
    assert "Housing" in detail
    rows = _csv_rows(kota_client.get(reverse("registry:export_csv")))
    assert rows[0][0] == "Household ID"
    assert "Ceramic" in rows[1]


def test_login_page_and_dashboard(
    make_user: Callable[..., Any], client: Client, three: dict
) -> None:
    assert client.get(LIST).status_code == 302
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert b"DTKS" in page.content
    make_user(Role.OPERATOR_DESA, VILLAGE_A, username="ops")
    response = client.post(reverse("login"), {"username": "ops", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    home = _names(client.get(reverse("dashboard:home")))
    assert "Operator desa/kelurahan" in home
    assert reverse("registry:household_list") in home
    assert reverse("admin:index") not in home
    assert 'class="num">2</span><span class="lbl">rumah tangga' in home  # two in village A


def test_pages_do_not_query_per_row(
    kota_client: Client,
    three: dict,
    make_household: Callable[..., Household],
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(10):
        make_household(VILLAGE_B, head_name=f"Warga {n}")
    with django_assert_max_num_queries(10):
        kota_client.get(LIST)
    with django_assert_max_num_queries(10):
        kota_client.get(reverse("registry:household_detail", args=[three["a"].pk]))
    with django_assert_max_num_queries(10):
        b"".join(kota_client.get(reverse("registry:export_csv")).streaming_content)
