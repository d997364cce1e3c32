"""CSV structure: delimiters, quoting, blank lines, ragged rows and row numbering."""

from __future__ import annotations

from pathlib import Path

from intake_helpers import PERSON_HEADER, person, rows, validate, write_csv


def _csv_line(**overrides: str) -> str:
    values = {**person(), **overrides}
    return ",".join(f'"{values[c]}"' for c in PERSON_HEADER)


def test_row_numbers_count_the_header_as_row_one(tmp_path: Path) -> None:
    people = [person(f"P{i}", serial=i) for i in range(1, 6)]
    result = validate([write_csv(tmp_path / "p.csv", PERSON_HEADER, people)], tmp_path / "w")
    assert [r["row_number"] for r in rows(result.persons_valid)] == [2, 3, 4, 5, 6]


def test_semicolon_delimiter_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    lines = [";".join(PERSON_HEADER), ";".join(person().values())]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode())
    result = validate([path], tmp_path / "w")
    valid = rows(result.persons_valid)
    assert valid[0]["household_ref"] == "H1"
    assert valid[0]["alamat"] == "Jl. Teuku Umar No. 5"


def test_quoted_newline_and_quotes_inside_values(tmp_path: Path) -> None:
    people = [
        person("P1", alamat='Jl. "Melati"\nNo. 5'),
        person("P2", serial=2, nama="Budi, S.Pd"),
        person("P3", serial=3),
    ]
    result = validate([write_csv(tmp_path / "p.csv", PERSON_HEADER, people)], tmp_path / "w")
    valid = rows(result.persons_valid)
    assert [r["row_number"] for r in valid] == [2, 3, 4]
    assert valid[0]["alamat"] == 'Jl. "Melati" No. 5'  # inner whitespace collapsed
    assert valid[1]["nama"] == "Budi, S.Pd"


def test_blank_lines_keep_the_spreadsheet_row_numbers(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    text = "\n".join(
        [",".join(PERSON_HEADER), _csv_line(), "", _csv_line(record_id="P2", nik=""), "", ""]
    )
    path.write_text(text, encoding="utf-8")
    result = validate([path], tmp_path / "w")
    assert [r["row_number"] for r in rows(result.persons_valid)] == [2, 4]


def test_rows_with_wrong_field_count_are_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    text = "\n".join(
        [
            ",".join(PERSON_HEADER),
            _csv_line(),
            _csv_line(record_id="P2") + ',"extra"',
            ",".join(f'"{v}"' for v in list(person("P3").values())[:4]),
            _csv_line(record_id="P4"),
        ]
    )
    path.write_text(text + "\n", encoding="utf-8")
    result = validate([path], tmp_path / "w")
    assert [r["row_number"] for r in rows(result.persons_valid)] == [2, 5]
    quarantine = rows(result.quarantine)
    assert [(q["row_number"], q["rule_codes"], q["columns"]) for q in quarantine] == [
        (3, "jumlah_kolom_salah", ""),
        (4, "jumlah_kolom_salah,wajib_kosong", "nama"),
    ]
    assert "jumlah kolom" in quarantine[0]["messages"].lower()


def test_stray_quote_costs_only_its_own_row(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    text = "\n".join(
        [",".join(PERSON_HEADER), _csv_line(), '"P2,"DTKS"', _csv_line(record_id="P3")]
    )
    path.write_text(text + "\n", encoding="utf-8")
    result = validate([path], tmp_path / "w")
    assert [r["record_id"] for r in rows(result.persons_valid)] == ["P1", "P3"]
    assert [q["row_number"] for q in rows(result.quarantine)] == [3]
