"""Forms of the usulan pages: a proposed household, its members (a formset), the musdes.

Forms only parse what was typed (numbers, dates, codes from their lists); the rules of the
register (one head, NIK against sex and birth date, ...) are checked by the services and their
problems are shown next to the fields by the views.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any

from django import forms
from django.db.models import Field
from django.forms import BoundField
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dtks.domain import codes
from dtks.domain.codes import CodeList
from dtks.domain.nik import KkFailure, NikFailure
from dtks.intake.minutes import ACCEPT
from dtks.intake.models import ProposedHousehold, ProposedMember
from dtks.registry.presenters import code_label, english_active
from dtks.registry.services import MemberInput, Problem

MEMBER_PREFIX = "anggota"
MAX_MEMBERS = 40
EMPTY_LABEL = "—"
DWELLING_FIELDS = (
    "sta_bangunan", "sta_lahan", "luas_lantai", "lantai", "dinding", "kondisi_dinding", "atap",
    "kondisi_atap", "jumlah_kamar", "sumber_airminum", "sumber_penerangan", "daya", "bb_masak",
    "fasbab", "kloset", "buang_tinja",
)  # fmt: skip
IDENTITY_FIELDS = (
    "nama", "nik", "no_kk", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
    "nama_ibu_kandung", "hubungan", "status_kawin", "hamil",
)  # fmt: skip


def _code_choices(code_list: CodeList) -> list[tuple[str, str | Promise]]:
    english = english_active()
    choices: list[tuple[str, str | Promise]] = [("", EMPTY_LABEL)]
    return choices + [
        (str(c.value), code_label(code_list, c.value, english=english)) for c in code_list.codes
    ]


def _coded(code_list: CodeList, label: Any, *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=_code_choices(code_list),
        coerce=int,
        empty_value=None,
        required=required,
    )


def _verbose(model: type[ProposedHousehold] | type[ProposedMember], name: str) -> str:
    field = model._meta.get_field(name)
    label = str(field.verbose_name if isinstance(field, Field) else name)
    return label[:1].upper() + label[1:]


class YesNoSelect(forms.NullBooleanSelect):
    """Empty / Ya / Tidak (the DTKS form's yes-no items, unanswered allowed)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", EMPTY_LABEL), ("true", _("Ya")), ("false", _("Tidak"))]


def _yes_no(label: Any) -> forms.NullBooleanField:
    return forms.NullBooleanField(label=label, required=False, widget=YesNoSelect)


def _number(label: Any, *, decimal: bool = False) -> forms.Field:
    attrs = {"inputmode": "decimal" if decimal else "numeric", "min": "0"}
    if decimal:
        return forms.FloatField(
            label=label, required=False, widget=forms.NumberInput(attrs={**attrs, "step": "any"})
        )
    return forms.IntegerField(
        label=label, required=False, min_value=0, widget=forms.NumberInput(attrs=attrs)
    )


class _Described(forms.Form):
    """Fields built per request (labels in the active language); every widget points at its
    error slot (``<id>-galat``) for screen readers."""

    def _add_fields(self, extra: dict[str, forms.Field]) -> None:
        self.fields.update(extra)
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("aria-describedby", f"id_{self.add_prefix(name)}-galat")


class ProposedHouseholdForm(_Described):
    alamat = forms.CharField(label=_("Alamat"), max_length=200)
    rt = forms.CharField(
        label="RT",
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "3"}),
    )
    rw = forms.CharField(
        label="RW",
        max_length=3,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": "3"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        english = english_active()
        extra: dict[str, forms.Field] = {
            cl.field: _coded(cl, _verbose(ProposedHousehold, cl.field))
            for cl in codes.HOUSEHOLD_CODED
        }
        for name in ("luas_lantai", "luas_lahan"):
            extra[name] = _number(_verbose(ProposedHousehold, name), decimal=True)
        extra["jumlah_kamar"] = _number(_verbose(ProposedHousehold, "jumlah_kamar"))
        for name, id_, en in (*codes.ASSETS, codes.ASET_LAHAN, codes.ASET_RUMAH_LAIN):
            extra[name] = _yes_no(en if english else id_)
        for name, id_, en in codes.LIVESTOCK:
            extra[name] = _number(en if english else id_)
        for name, id_, en in codes.PROGRAMS:
            extra[name] = _yes_no(en if english else id_)
        self._add_fields(extra)

    GROUPS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
        (_("Alamat"), ("alamat", "rt", "rw")),
        (_("Perumahan"), DWELLING_FIELDS),
        (
            _("Aset"),
            (*(n for n, _i, _e in codes.ASSETS), "aset_lahan", "luas_lahan", "aset_rumah_lain"),
        ),
        (_("Ternak (ekor)"), tuple(n for n, _i, _e in codes.LIVESTOCK)),
        (_("Kepesertaan program"), tuple(n for n, _i, _e in codes.PROGRAMS)),
    )

    def housing(self) -> dict[str, object]:
        """The housing variables that parsed (all of them once the form is valid)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {k: v for k, v in data.items() if k not in {"alamat", "rt", "rw"}}

    def address(self) -> dict[str, str]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {k: data.get(k) or "" for k in ("alamat", "rt", "rw")}


def _identity_number(label: Any, *, required: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=40,
        required=required,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "maxlength": "16"}
        ),
    )


class ProposedMemberForm(_Described):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    nama = forms.CharField(label=_("Nama"), max_length=150)
    nik = _identity_number(_("NIK"), required=True)
    no_kk = _identity_number(_("Nomor KK"), required=False)
    tempat_lahir = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    tanggal_lahir = forms.DateField(
        label=_("Tanggal lahir"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    nama_ibu_kandung = forms.CharField(label=_("Nama ibu kandung"), max_length=150, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        required = {"jenis_kelamin", "hubungan"}
        self._add_fields(
            {
                cl.field: _coded(
                    cl, _verbose(ProposedMember, cl.field), required=cl.field in required
                )
                for cl in (codes.JENIS_KELAMIN, *codes.MEMBER_CODED)
            }
        )

    GROUPS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
        (_("Identitas"), IDENTITY_FIELDS),
        (_("Kesehatan"), ("jenis_cacat", "penyakit_kronis")),
        (_("Pendidikan"), ("partisipasi_sekolah", "jenjang", "ijazah")),
        (_("Pekerjaan"), ("bekerja", "lapangan_usaha", "status_pekerjaan")),
    )

    def clean_nik(self) -> str:
        return "".join(str(self.cleaned_data.get("nik") or "").split())

    def clean_no_kk(self) -> str:
        return "".join(str(self.cleaned_data.get("no_kk") or "").split())

    def member_input(self) -> MemberInput:
        """The member as the services take it (only the fields that parsed)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        member_id = data.get("id")
        coded: dict[str, Any] = {cl.field: data.get(cl.field) for cl in codes.MEMBER_CODED}
        return MemberInput(
            person_ref=str(member_id) if member_id else "",
            nama=data.get("nama") or "",
            nik=data.get("nik") or None,
            no_kk=data.get("no_kk") or None,
            jenis_kelamin=data.get("jenis_kelamin"),
            tempat_lahir=data.get("tempat_lahir") or "",
            tanggal_lahir=data.get("tanggal_lahir"),
            nama_ibu_kandung=data.get("nama_ibu_kandung") or "",
            **coded,
        )


ProposedMemberFormSet = forms.formset_factory(
    ProposedMemberForm,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_MEMBERS,
    validate_max=True,
    can_delete=True,
)


def member_initial(member: ProposedMember) -> dict[str, object]:
    form = ProposedMemberForm()
    values: dict[str, object] = {name: getattr(member, name) for name in form.fields}
    return values


def household_initial(household: ProposedHousehold) -> dict[str, object]:
    form = ProposedHouseholdForm()
    return {name: getattr(household, name) for name in form.fields}


class MusdesForm(forms.Form):
    musdes_date = forms.DateField(
        label=_("Tanggal musdes/muskel"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    musdes_attendance = forms.IntegerField(
        label=_("Jumlah hadir"),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "1"}),
    )
    minutes = forms.FileField(
        label=_("Berita acara yang ditandatangani (PDF, JPEG atau PNG)"),
        required=False,
        allow_empty_file=True,  # the service refuses it with its own, clearer message
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["musdes_date"].widget.attrs["max"] = timezone.localdate().isoformat()
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"id_{name}-galat"


# --- Errors next to the fields ------------------------------------------------------------

# Live validation (on change) stays quiet about what simply has not been filled in yet.
_QUIET_WHEN_LIVE = frozenset({"required", "nama_kosong", "alamat_kosong", "anggota_kosong"})


@dataclass
class FieldSlot:
    """A bound field with the messages to show under it."""

    field: BoundField
    errors: list[str] = dc_field(default_factory=list)

    @property
    def error_id(self) -> str:
        return f"{self.field.auto_id}-galat"


@dataclass
class MemberRow:
    index: int  # position in the formset
    form: ProposedMemberForm
    groups: list[tuple[str, list[FieldSlot]]]
    errors: list[str] = dc_field(default_factory=list)
    nik: str = ""
    counted: bool = False  # part of the household (filled in, not marked for deletion)
    flag: object | None = None  # a RegisterMatch when the NIK is already registered

    @property
    def notes_id(self) -> str:
        return f"{MEMBER_PREFIX}-{self.index}-catatan"


@dataclass
class HouseholdEntry:
    """A household form and its member formset, with every message placed."""

    form: ProposedHouseholdForm
    formset: forms.BaseFormSet
    groups: list[tuple[str, list[FieldSlot]]]
    rows: list[MemberRow]
    household_errors: list[str] = dc_field(default_factory=list)
    member_errors: list[str] = dc_field(default_factory=list)
    valid: bool = False

    def members(self) -> list[MemberInput]:
        return [row.form.member_input() for row in self.rows if row.counted]


def _groups(
    form: forms.Form, spec: tuple[tuple[Promise, tuple[str, ...]], ...]
) -> tuple[list[tuple[str, list[FieldSlot]]], dict[str, FieldSlot]]:
    slots = {name: FieldSlot(form[name]) for name in form.fields if name != "id"}
    return [(str(title), [slots[n] for n in names]) for title, names in spec], slots


def _message(problem: Problem) -> str:
    """The problem's message in the active language (the NIK/KK rules have both)."""
    english = english_active()
    for failure_type in (NikFailure, KkFailure):
        if problem.code in failure_type._value2member_map_:
            return failure_type(problem.code).message(english=english)
    return problem.message


def _form_errors(form: forms.Form, *, live: bool) -> dict[str, list[str]]:
    if not form.is_bound:
        return {}
    found: dict[str, list[str]] = {}
    for name, errors in form.errors.as_data().items():
        for error in errors:
            if live and error.code in _QUIET_WHEN_LIVE:
                continue
            found.setdefault(name, []).extend(str(m) for m in error.messages)
    return found


def household_entry(
    *,
    data: Any = None,
    household: ProposedHousehold | None = None,
    extra_rows: int = 0,
) -> HouseholdEntry:
    """The forms of one household, bound to ``data`` when posted, else to ``household``."""
    initial_members = [member_initial(m) for m in household.members.all()] if household else []
    form = ProposedHouseholdForm(data, initial=household_initial(household) if household else None)
    formset = ProposedMemberFormSet(
        data,
        prefix=MEMBER_PREFIX,
        initial=initial_members,
        form_kwargs={},
    )
    if data is None:
        formset.extra = extra_rows or (1 if household else 2)
    groups, _slots = _groups(form, ProposedHouseholdForm.GROUPS)
    rows = []
    for index, member_form in enumerate(formset.forms):
        row_groups, _row_slots = _groups(member_form, ProposedMemberForm.GROUPS)
        rows.append(MemberRow(index=index, form=member_form, groups=row_groups))
    return HouseholdEntry(form=form, formset=formset, groups=groups, rows=rows)


def entry_check(
    entry: HouseholdEntry,
    *,
    problems_of: Callable[[HouseholdEntry], list[Problem]],
    live: bool,
) -> HouseholdEntry:
    """Validate a bound entry: Django's parsing, then ``problems_of(entry)`` (the services'
    rules, a list of Problem); place every message next to its field."""
    form, formset = entry.form, entry.formset
    form_ok = form.is_valid()
    formset_ok = formset.is_valid()
    for row in entry.rows:
        member_form = row.form
        cleaned = getattr(member_form, "cleaned_data", {})
        deleted = bool(formset.can_delete and cleaned.get(forms.formsets.DELETION_FIELD_NAME))
        filled = not member_form.empty_permitted or member_form.has_changed()
        row.counted = filled and not deleted
        row.nik = str(cleaned.get("nik") or "") if row.counted else ""
    problems: list[Problem] = problems_of(entry)
    slots = {slot.field.name: slot for _t, group in entry.groups for slot in group}
    for name, messages in _form_errors(form, live=live).items():
        if name in slots:
            slots[name].errors += messages
        else:
            entry.household_errors += messages
    counted = [row for row in entry.rows if row.counted]
    for row in counted:
        row_slots = {s.field.name: s for _t, group in row.groups for s in group}
        for name, messages in _form_errors(row.form, live=live).items():
            (row_slots[name].errors if name in row_slots else row.errors).extend(messages)
    if not live:
        entry.member_errors += [str(e) for e in formset.non_form_errors()]
    no_head = not any(row.form.member_input().hubungan == codes.HEAD for row in counted)
    for problem in problems:
        if live and (
            problem.code in _QUIET_WHEN_LIVE
            or (problem.code == "kepala_ruta_tidak_satu" and no_head)
        ):
            continue
        _place(problem, entry, counted, slots)
    entry.valid = form_ok and formset_ok and not problems
    for slot in [s for _t, g in entry.groups for s in g] + [
        s for row in entry.rows for _t, g in row.groups for s in g
    ]:
        if slot.errors:
            slot.field.field.widget.attrs["aria-invalid"] = "true"
    return entry


def _place(
    problem: Problem,
    entry: HouseholdEntry,
    counted: list[MemberRow],
    slots: dict[str, FieldSlot],
) -> None:
    message = _message(problem)
    where = problem.where
    if where.startswith(f"{MEMBER_PREFIX} ") and "." in where:
        number, _dot, name = where[len(MEMBER_PREFIX) + 1 :].partition(".")
        if number.isdigit() and 0 < int(number) <= len(counted):
            row = counted[int(number) - 1]
            row_slots = {s.field.name: s for _t, group in row.groups for s in group}
            (row_slots[name].errors if name in row_slots else row.errors).append(message)
            return
    if where in slots:
        slots[where].errors.append(message)
    elif where in {"hubungan", "nik", "no_kk", MEMBER_PREFIX}:
        entry.member_errors.append(message)
    else:
        entry.household_errors.append(message)
