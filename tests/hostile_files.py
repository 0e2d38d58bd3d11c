"""Hostile files, generated in the test that uses them: small, fast to write, nasty to read.

Shared by the domain, service and UI tests (and by the subprocess that measures
the worst of them for time and memory).
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

# --- images ------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_declaring(width: int, height: int) -> bytes:
    """A valid-looking PNG of a few dozen bytes whose header declares ``width`` × ``height``."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + b"\x00\x00\x00\x00")  # one row of one pixel, at most
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", pixels)
        + _chunk(b"IEND", b"")
    )


def nested_use_svg(levels: int = 10, fanout: int = 10) -> bytes:
    """About 1 KB of SVG that draws ``fanout ** levels`` rectangles once its ``<use>`` expand."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">']
    parts.append('<defs><rect id="l0" width="1" height="1"/>')
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}"/>' for _ in range(fanout))
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#l{levels}"/></svg>')
    return "".join(parts).encode()


def svg_referring_to(url: str) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f'<image href="{url}" width="10" height="10"/></svg>'
    ).encode()


PLAIN_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
    b'<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
    b'<rect id="r" width="10" height="10" fill="url(#g)"/><use href="#r" x="20"/></svg>'
)


# --- JSON --------------------------------------------------------------------------------


def deep_json(depth: int = 10_000) -> bytes:
    return b"[" * depth + b"]" * depth


def deep_bundle(depth: int = 10_000) -> bytes:
    """A bundle that looks right at the top, with a field nested ``depth`` deep."""
    head = b'{"format": "workshop-planner/event-bundle", "version": 1, "x": '
    return head + deep_json(depth) + b"}"


# --- spreadsheets --------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships/worksheet"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _people_rows(count: int, first: int = 2) -> Iterator[str]:
    for n in range(first, first + count):
        name, email = _cell(f"A{n}", f"Person {n}"), _cell(f"B{n}", f"p{n}@example.org")
        yield f'<row r="{n}">{name}{email}</row>'


def write_xlsx(path: Path, sheet_parts: Iterator[str], *, level: int = 6) -> Path:
    """A workbook whose one sheet is ``sheet_parts`` joined, streamed into the ZIP."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for part in sheet_parts:
                sheet.write(part.encode())
    return path


def xlsx_declaring_everything(path: Path) -> Path:
    """About 1.5 KB declaring ``A1:XFD1048576``: 17 billion cells, of which three exist."""

    def parts() -> Iterator[str]:
        yield _SHEET_HEAD + '<dimension ref="A1:XFD1048576"/><sheetData>'
        yield f'<row r="1">{_cell("A1", "Name")}{_cell("B1", "Email")}</row>'
        yield f'<row r="2">{_cell("A2", "Ada Nowak")}</row>'
        yield "</sheetData></worksheet>"

    return write_xlsx(path, parts())


def xlsx_with_rows(path: Path, rows: int, *, dimension: str | None = None) -> Path:
    """A header and ``rows`` people, the sheet written row by row (never held in memory).

    ``dimension`` is what the sheet declares (Excel always writes one; it may lie).
    """
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""

    def parts() -> Iterator[str]:
        yield _SHEET_HEAD + declared + "<sheetData>"
        yield f'<row r="1">{_cell("A1", "Name")}{_cell("B1", "Email")}</row>'
        yield from _people_rows(rows)
        yield "</sheetData></worksheet>"

    return write_xlsx(path, parts(), level=1)


def xlsx_far_columns(path: Path, rows: int = 5_000) -> Path:
    """Every row has a cell in the last column (XFD): padded, each would be 16,384 wide."""

    def parts() -> Iterator[str]:
        yield _SHEET_HEAD + "<sheetData>"
        yield f'<row r="1">{_cell("A1", "Name")}{_cell("XFD1", "Far")}</row>'
        for n in range(2, rows + 2):
            yield f'<row r="{n}">{_cell(f"A{n}", f"P{n}")}{_cell(f"XFD{n}", "x")}</row>'
        yield "</sheetData></worksheet>"

    return write_xlsx(path, parts(), level=1)


def xlsx_bomb(path: Path, megabytes: int = 120) -> Path:
    """A small file that unpacks to ``megabytes`` of sheet XML (one long comment)."""

    def parts() -> Iterator[str]:
        yield _SHEET_HEAD + "<!--"
        block = " " * (1024 * 1024)
        for _ in range(megabytes):
            yield block
        yield "--><sheetData/></worksheet>"

    return write_xlsx(path, parts(), level=1)


# --- measuring ----------------------------------------------------------------------------


def run_measured(code: str, timeout: float = 60) -> tuple[str, float, int]:
    """Run ``code`` in a fresh Python: (its last printed line, seconds, peak RSS in MB).

    The time and the peak resident memory are the whole child's, imports included.
    """
    script = (
        "import sys, time\n"
        "_t0 = time.perf_counter()\n"
        f"{code}\n"
        "_elapsed = time.perf_counter() - _t0\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over an exec from the forking
        # process, so a child of a big test process would report the parent's size
        "_hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM')]\n"
        "_rss = int(_hwm[0].split()[1]) // 1024\n"
        "print(f'@@ {_elapsed:.3f} {_rss}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=Path(__file__).parents[1],
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    _, seconds, rss = lines[-1].split()
    said = lines[-2] if len(lines) > 1 else ""
    return said, float(seconds), int(rss)


def json_text(value: object) -> bytes:
    return json.dumps(value).encode()
