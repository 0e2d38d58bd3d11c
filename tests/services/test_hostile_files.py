"""Hostile participant spreadsheets and logos: one sentence, fast, small, nothing changed.

Each file is generated here. The worst ones are also read in a fresh process whose
time and peak memory (``getrusage``) are measured: under 10 s and 500 MB.
"""

from __future__ import annotations

import codecs
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.hostile_files import (
    nested_use_svg,
    png_declaring,
    run_measured,
    svg_referring_to,
    xlsx_bomb,
    xlsx_declaring_everything,
    xlsx_far_columns,
    xlsx_with_rows,
)
from workshop_planner.domain import models as m
from workshop_planner.services import event_editing as ee
from workshop_planner.services import participant_import as pi
from workshop_planner.services.errors import ServiceError
from workshop_planner.services.table_files import column_name, decode_text
from workshop_planner.store import Workspace

PEOPLE = [
    ["Name", "Email", "Organisation", "City"],
    ["Zoë Łukasiewicz", "zoe@example.org", "Miasto Gdańsk", "Gdańsk"],
    ["Ana Müller", "ana@example.org", "Stadt Köln", "Köln"],
    ["Bo 李", "bo@example.org", "東京都", "Tōkyō"],
]


def count(ws: Workspace, model: object) -> int:
    with ws.transaction() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)  # type: ignore[arg-type]


def _text(rows: list[list[str]], delimiter: str) -> str:
    return "".join(delimiter.join(row) + "\r\n" for row in rows)


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "raw"),
    [
        # Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated
        ("UTF-16 LE + BOM", codecs.BOM_UTF16_LE + _text(PEOPLE, "\t").encode("utf-16-le")),
        ("UTF-16 BE + BOM", codecs.BOM_UTF16_BE + _text(PEOPLE, "\t").encode("utf-16-be")),
        ("UTF-16 LE, no BOM", _text(PEOPLE, "\t").encode("utf-16-le")),
        ("UTF-8 + BOM", codecs.BOM_UTF8 + _text(PEOPLE, ",").encode("utf-8")),
        ("UTF-8", _text(PEOPLE, ";").encode("utf-8")),
    ],
)
def test_unicode_encodings_are_detected(tmp_path: Path, label: str, raw: bytes) -> None:
    path = tmp_path / "people.txt"
    path.write_bytes(raw)
    table = pi.read_table(path)
    assert table.headers == PEOPLE[0], label
    assert table.rows == PEOPLE[1:], label


def test_cp1252_is_the_fallback(tmp_path: Path) -> None:
    rows = [["Name", "Organisation"], ["Ana Müller", "Café € Œuvre"], ["José Núñez", "Señor"]]
    path = tmp_path / "excel.csv"
    path.write_bytes(_text(rows, ";").encode("cp1252"))
    table = pi.read_table(path)
    assert table.rows == rows[1:]
    assert decode_text("Müller".encode("cp1252"))[1] == "cp1252"
    assert decode_text(b"\x81\x8d")[1] == "latin-1"  # bytes cp1252 leaves undefined


def test_a_csv_with_nul_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"Name,Email\nAda,a@b.org\nBo\x00,b@b.org\n")
    with pytest.raises(ServiceError, match=r"^nul\.csv has a NUL character on line 3; it is not"):
        pi.read_table(path)


# --- cells beyond their columns ----------------------------------------------------------------


def test_cells_beyond_their_columns_name_row_and_column(
    tmp_path: Path, workspace: Workspace, factory
) -> None:
    event = factory.event()
    path = tmp_path / "people.csv"
    path.write_text(
        "Email,Name,City\n"
        "ok@example.org,Ada Nowak,Gdańsk\n"
        f"long@example.org,{'N' * 301},Rome\n"
        '"tab@example.org","Bo\tLi","Oslo"\n'
        f"city@example.org,Cy Young,{'C' * 201}\n",
        encoding="utf-8",
    )
    table = pi.read_table(path)
    plan = pi.plan_import(workspace, event.id, table, pi.guess_mapping(table.headers))
    described = [e.describe() for e in plan.errors]
    assert described == [
        "Row 3: The text in column B (Name) has 301 characters; at most 300 fit.",
        "Row 4: The text in column B (Name) contains a control character (U+0009 TAB) at "
        "position 3.",
        "Row 5: The text in column C (City) has 201 characters; at most 200 fit.",
    ]
    before = count(workspace, m.Person)
    with pytest.raises(
        pi.ParticipantImportError, match=r"^Nothing was imported: Row 3: The text in column B"
    ):
        pi.import_participants(workspace, event.id, table, pi.guess_mapping(table.headers))
    assert count(workspace, m.Person) == before


def test_column_names() -> None:
    assert [column_name(i) for i in (0, 1, 25, 26, 27, 701, 702, 16383)] == [
        "A", "B", "Z", "AA", "AB", "ZZ", "AAA", "XFD",
    ]  # fmt: skip


# --- XLSX ----------------------------------------------------------------------------------


def test_xlsx_declaring_a_huge_dimension_reads_only_what_is_there(tmp_path: Path) -> None:
    path = xlsx_declaring_everything(tmp_path / "dimension.xlsx")
    assert path.stat().st_size < 2_000
    started = time.perf_counter()
    table = pi.read_table(path)
    assert time.perf_counter() - started < 10
    assert table.headers == ["Name", "Email"]
    assert table.rows == [["Ada Nowak", ""]]


def test_xlsx_rows_beyond_the_limit_stop_while_streaming(tmp_path: Path) -> None:
    # the sheet says it is two rows: openpyxl streams it, and the limit stops the read
    path = xlsx_with_rows(tmp_path / "lying.xlsx", 100_000, dimension="A1:B2")
    with pytest.raises(ServiceError, match=r"^lying\.xlsx has more than 20,000 rows; split it"):
        pi.read_table(path)


def test_xlsx_rows_beyond_the_limit_without_a_dimension_stop_before_openpyxl(
    tmp_path: Path,
) -> None:
    path = xlsx_with_rows(tmp_path / "rows.xlsx", 200_000)
    started = time.perf_counter()
    with pytest.raises(ServiceError, match=r"^rows\.xlsx has more than 20,000 rows"):
        pi.read_table(path)
    assert time.perf_counter() - started < 5


def test_xlsx_at_the_limit_is_read(tmp_path: Path) -> None:
    table = pi.read_table(xlsx_with_rows(tmp_path / "full.xlsx", 20_000))
    assert len(table.rows) == 20_000
    assert table.row_numbers[-1] == 20_001


def test_xlsx_cells_in_far_columns_are_cut_at_the_column_limit(tmp_path: Path) -> None:
    table = pi.read_table(xlsx_far_columns(tmp_path / "far.xlsx", rows=2_000))
    assert table.headers == ["Name"]
    assert len(table.rows) == 2_000


def test_xlsx_zip_bomb_is_refused_from_its_directory(tmp_path: Path) -> None:
    path = xlsx_bomb(tmp_path / "bomb.xlsx", megabytes=60)
    assert path.stat().st_size < 1_000_000
    with pytest.raises(
        ServiceError, match=r"^bomb\.xlsx unpacks to 60 MB; a participant workbook may unpack"
    ):
        pi.read_table(path)


# --- logos -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("huge.png", png_declaring(12_000, 12_000), "huge.png is 12,000 × 12,000 pixels"),
        ("use.svg", nested_use_svg(), "use.svg draws more than 20,000 shapes"),
        ("outside.svg", svg_referring_to("file:///etc/passwd"), "outside.svg refers to"),
    ],
)
def test_hostile_logos_are_refused_and_nothing_is_stored(
    tmp_path: Path, workspace: Workspace, name: str, data: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ServiceError) as info:
        ee.store_logo(workspace, path)
    message = str(info.value)
    assert message.startswith(words)
    assert message.endswith("; choose another logo.")
    assert "\n" not in message
    assert count(workspace, m.Asset) == 0


# --- the worst, measured in a fresh process ------------------------------------------------


def _read_table_measured(path: Path) -> tuple[str, float, int]:
    return run_measured(
        "from pathlib import Path\n"
        "from workshop_planner.services.participant_import import read_table\n"
        "from workshop_planner.services.errors import ServiceError\n"
        "try:\n"
        f"    table = read_table(Path({str(path)!r}))\n"
        "    print(f'{len(table.rows)} rows')\n"
        "except ServiceError as exc:\n"
        "    print(exc)\n"
    )


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (xlsx_declaring_everything, "1 rows"),
        (lambda p: xlsx_with_rows(p, 200_000), "has more than 20,000 rows"),
        (lambda p: xlsx_with_rows(p, 60_000, dimension="A1:XFD1048576"), "more than 20,000"),
        (lambda p: xlsx_far_columns(p, rows=20_000), "20000 rows"),
        (lambda p: xlsx_bomb(p, megabytes=120), "unpacks to 120 MB"),
    ],
    ids=["dimension", "rows", "rows-dimension", "far-columns", "bomb"],
)
def test_worst_spreadsheets_within_10_s_and_500_mb(tmp_path: Path, make, said: str) -> None:
    path = make(tmp_path / "hostile.xlsx")
    printed, seconds, rss = _read_table_measured(path)
    assert said in printed, printed
    assert seconds < 10, (printed, seconds)
    assert rss < 500, (printed, rss)


@pytest.mark.parametrize(
    ("name", "data"),
    [("huge.png", png_declaring(12_000, 12_000)), ("use.svg", nested_use_svg(levels=12))],
    ids=["png-12000x12000", "svg-nested-use"],
)
def test_worst_logos_within_10_s_and_500_mb(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    workspace = tmp_path / "ws.sqlite3"
    printed, seconds, rss = run_measured(
        "from pathlib import Path\n"
        "from workshop_planner.services.event_editing import store_logo\n"
        "from workshop_planner.services.errors import ServiceError\n"
        "from workshop_planner.store import open_workspace\n"
        f"with open_workspace(Path({str(workspace)!r})) as ws:\n"
        "    try:\n"
        f"        store_logo(ws, Path({str(path)!r}))\n"
        "    except ServiceError as exc:\n"
        "        print(exc)\n"
    )
    assert printed.startswith(name), printed
    assert printed.endswith("choose another logo."), printed
    assert seconds < 10, (printed, seconds)
    assert rss < 500, (printed, rss)


def test_every_row_error_names_its_column(tmp_path: Path, workspace: Workspace, factory) -> None:
    event = factory.event()
    path = tmp_path / "people.csv"
    path.write_text(
        "Full name,Work e-mail,Country of residence,Role,Status,Sector,Consent\n"
        "Ada Nowak,not-an-email,Atlantis,wizard,sometimes,guild,maybe\n"
        ",,,,,,\n"
        ",b@example.org,DE,,,,\n",
        encoding="utf-8",
    )
    table = pi.read_table(path)
    plan = pi.plan_import(workspace, event.id, table, pi.guess_mapping(table.headers))
    assert [e.describe() for e in plan.errors] == [
        "Row 2: “not-an-email” in column B (Work e-mail) is not an e-mail address; "
        "“Atlantis” in column C (Country of residence) is not a country name or ISO code; "
        "“wizard” in column D (Role) is not a role; "
        "“sometimes” in column E (Status) is not an attendance; "
        "“guild” in column F (Sector) is not a sector; "
        "“maybe” in column G (Consent) is not a consent answer (yes or no).",
        "Row 4: The name in column A (Full name) is empty.",
    ]
