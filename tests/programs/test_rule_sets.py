"""Programme rules as versioned data: seeding, new versions, refusals; minimum wages."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from programs_world import AS_OF

from dtks.accounts.models import User
from dtks.accounts.roles import Role
from dtks.audit.models import AuditEvent
from dtks.programs.models import MinimumWage, Programme, RuleSet
from dtks.programs.selectors import minimum_wages_for, rule_set_active, rule_sets_active
from dtks.programs.services import (
    MinimumWageError,
    ProgrammePermissionError,
    RuleSetError,
    minimum_wage_set,
    minimum_wages_seed,
    programmes_seed,
    rule_set_create,
)

pytestmark = pytest.mark.django_db


def _pkh() -> Programme:
    programmes_seed()
    return Programme.objects.get(code="PKH")


def _document(programme: Programme) -> dict[str, Any]:
    active = rule_set_active(programme=programme)
    assert active is not None
    return copy.deepcopy(active.document)


def test_seed_creates_four_programmes_once() -> None:
    created = programmes_seed()
    assert sorted(p.code for p in created) == ["PBI_JKN", "PIP", "PKH", "SEMBAKO"]
    assert programmes_seed() == []
    assert RuleSet.objects.count() == 4
    units = dict(Programme.objects.values_list("code", "unit"))
    assert units == {
        "PKH": "keluarga",
        "SEMBAKO": "keluarga",
        "PBI_JKN": "anggota",
        "PIP": "anggota",
    }
    assert [r.version for r in rule_sets_active()] == [1, 1, 1, 1]


def test_edit_is_a_new_version_and_the_newest_is_used(pusdatin: User) -> None:
    pkh = _pkh()
    document = _document(pkh)
    document["component_cap"] = 3
    v2 = rule_set_create(
        programme=pkh, document_text=json.dumps(document), user=pusdatin, note="batas 3"
    )
    assert v2.version == 2
    assert rule_set_active(programme=pkh) == v2
    first = RuleSet.objects.get(programme=pkh, version=1)
    assert first.document["component_cap"] == 4  # the old version is untouched
    event = AuditEvent.objects.get(action="program.aturan_baru", object_id=str(v2.pk))
    assert event.actor == pusdatin
    assert "versi 2" in event.summary
    # An inactive newest version is skipped.
    RuleSet.objects.filter(pk=v2.pk).update(is_active=False)
    assert rule_set_active(programme=pkh) == first


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["components"][0]["when"][0].update(field="hamill"),
            "aturan \"ibu_hamil\": field 'hamill' tidak dikenal",
        ),
        (lambda d: d["components"][0]["when"][0].update(op="~"), "operator '~' tidak dikenal"),
        (lambda d: d.update(code="PKH2"), "kode tidak dapat diubah"),
        (lambda d: d.update(unit="anggota"), "satuan tidak dapat diubah"),
    ],
)
def test_bad_rule_refused_with_message_nothing_stored(
    pusdatin: User, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    pkh = _pkh()
    document = _document(pkh)
    change(document)
    with pytest.raises(RuleSetError, match=message.replace("(", r"\(")):
        rule_set_create(programme=pkh, document_text=json.dumps(document), user=pusdatin)
    assert RuleSet.objects.filter(programme=pkh).count() == 1


def test_not_json_same_document_and_long_note_refused(pusdatin: User) -> None:
    pkh = _pkh()
    with pytest.raises(RuleSetError, match=r"bukan JSON yang sah \(baris 1, kolom 2\)"):
        rule_set_create(programme=pkh, document_text="{code: 1}", user=pusdatin)
    with pytest.raises(RuleSetError, match="objek JSON"):
        rule_set_create(programme=pkh, document_text="[1, 2]", user=pusdatin)
    same = json.dumps(_document(pkh))
    with pytest.raises(RuleSetError, match=r"sama dengan versi aktif \(v1\)"):
        rule_set_create(programme=pkh, document_text=same, user=pusdatin)
    with pytest.raises(RuleSetError, match="Catatan terlalu panjang"):
        rule_set_create(programme=pkh, document_text=same, user=pusdatin, note="x" * 301)
    assert RuleSet.objects.filter(programme=pkh).count() == 1


@pytest.mark.parametrize(
    ("role", "region"),
    [(Role.DINSOS_KABKOTA, "18.71"), (Role.DINSOS_PROVINSI, "18"), (Role.OPERATOR_DESA, None)],
)
def test_only_pusdatin_edits(
    make_user: Callable[..., User], regions: None, role: str, region: str | None
) -> None:
    pkh = _pkh()
    document = _document(pkh)
    document["desil_max"] = 3
    with pytest.raises(ProgrammePermissionError, match="Hanya Pusdatin"):
        rule_set_create(
            programme=pkh, document_text=json.dumps(document), user=make_user(role, region)
        )
    with pytest.raises(ProgrammePermissionError):
        minimum_wage_set(
            kode_wilayah="18", year=2026, amount=3_000_000, user=make_user(role, region, "x")
        )
    assert RuleSet.objects.filter(programme=pkh).count() == 1


def test_minimum_wages_seeded_and_set(regions: None, pusdatin: User) -> None:
    minimum_wages_seed()  # migration 0002 seeds the same; a transactional test may have flushed
    assert minimum_wages_seed() == 0
    seeded = {(w.kode_wilayah, w.year): w.amount for w in MinimumWage.objects.all()}
    assert seeded == {("18", 2025): 2_893_070, ("18.71", 2025): 3_257_615}
    minimum_wage_set(kode_wilayah="18.71", year=2026, amount=3_500_000, user=pusdatin, source="uji")
    minimum_wage_set(kode_wilayah="18", year=2025, amount=2_900_000, user=pusdatin)
    assert minimum_wages_for(as_of=AS_OF) == {"18": 2_900_000, "18.71": 3_500_000}
    assert minimum_wages_for(as_of=AS_OF.replace(year=2025)) == {
        "18": 2_900_000,
        "18.71": 3_257_615,
    }
    assert AuditEvent.objects.filter(action="program.upah_minimum").count() == 2
    for code, year, amount, message in [
        ("18.7", 2026, 1, "tidak sah"),
        ("19.99", 2026, 1, "tidak dikenal"),
        ("18", 1990, 1, "tidak masuk akal"),
        ("18", 2026, 0, "lebih dari nol"),
    ]:
        with pytest.raises(MinimumWageError, match=message):
            minimum_wage_set(kode_wilayah=code, year=year, amount=amount, user=pusdatin)
    assert MinimumWage.objects.count() == 3


# --- Pages -------------------------------------------------------------------------------------


def test_programme_page_edit_form(client: Client, pusdatin: User) -> None:
    pkh = _pkh()
    client.force_login(pusdatin)
    url = reverse("programs:programme_detail", args=["PKH"])
    page = client.get(url)
    assert page.status_code == 200
    assert "&quot;component_cap&quot;: 4" in page.content.decode()  # pre-filled, active version
    document = _document(pkh)
    document["exclusions"][0]["when"][0]["field"] = "umurr"
    bad = client.post(url, {"document": json.dumps(document), "note": ""})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "aturan &quot;meninggal&quot;: field &#x27;umurr&#x27; tidak dikenal" in body
    assert RuleSet.objects.filter(programme=pkh).count() == 1
    document = _document(pkh)
    document["component_cap"] = 2
    ok = client.post(url, {"document": json.dumps(document), "note": "uji"}, follow=True)
    assert "Aturan PKH versi 2 disimpan" in ok.content.decode()
    assert rule_set_active(programme=pkh).document["component_cap"] == 2  # type: ignore[union-attr]
    first = RuleSet.objects.get(programme=pkh, version=1)
    shown = client.get(reverse("programs:rule_set", args=[first.pk])).content.decode()
    assert "Aturan PKH versi 1" in shown
    assert "&quot;component_cap&quot;: 4" in shown
    assert client.get(reverse("programs:rule_set", args=[9999])).status_code == 404
    listing = client.get(reverse("programs:programme_list")).content.decode()
    assert "Rp 200.000 per bulan" in listing  # Sembako's amount summary
    assert "v2" in listing


def test_programme_pages_by_role(
    client: Client, make_user: Callable[..., User], regions: None
) -> None:
    pkh = _pkh()
    dinsos = make_user(Role.DINSOS_KABKOTA, "18.71")
    client.force_login(dinsos)
    url = reverse("programs:programme_detail", args=["PKH"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Simpan sebagai versi baru" not in page.content.decode()
    document = _document(pkh)
    document["desil_max"] = 3
    assert client.post(url, {"document": json.dumps(document)}).status_code == 403
    assert client.post(reverse("programs:minimum_wages"), {}).status_code == 403
    assert RuleSet.objects.filter(programme=pkh).count() == 1
    client.force_login(make_user(Role.PARTNER))
    assert client.get(reverse("programs:programme_list")).status_code == 403
    assert client.get(url).status_code == 403


def test_minimum_wage_page(client: Client, pusdatin: User, regions: None) -> None:
    minimum_wages_seed()
    client.force_login(pusdatin)
    url = reverse("programs:minimum_wages")
    assert "Rp 3.257.615" in client.get(url).content.decode()
    bad = client.post(url, {"kode_wilayah": "99", "year": 2026, "amount": 100})
    assert bad.status_code == 400
    assert "Wilayah 99 tidak dikenal" in bad.content.decode()
    done = client.post(
        url, {"kode_wilayah": "18.72", "year": 2026, "amount": 3_100_000}, follow=True
    )
    assert "Rp 3.100.000" in done.content.decode()
    assert MinimumWage.objects.get(kode_wilayah="18.72").updated_by == pusdatin
