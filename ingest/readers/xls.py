"""Reader for Excel 97-2003 workbooks (.xls, BIFF8 inside an OLE compound file) → blocks.

Why our own reader: the project's locked environment has no .xls library (xlrd is not a dependency),
and what a disclosure workbook needs is small — cell strings (shared strings table), numbers with
their display format, merged ranges and the sheet list. This module reads exactly that, with the
standard library: the OLE container (FAT / mini FAT chains) and the BIFF8 records of the
``Workbook`` stream. Formulas are read as their cached results; charts, drawings and VBA are
skipped. Cells become blocks through ingest/readers/spreadsheet.py, like .xlsx.

Not supported (raises UnreadableFile naming the file): BIFF5/7 workbooks (Excel 95 and older),
encrypted workbooks.
"""

from __future__ import annotations

import hashlib
import struct
from decimal import Decimal
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.readers.blocks import SourceBlocks
from ingest.readers.sniff import OLE_MAGIC, require
from ingest.readers.spreadsheet import Sheet, blocks_from_sheets, format_number

FORMAT = "xls"
_END_OF_CHAIN = 0xFFFFFFFE
_FREE = 0xFFFFFFFF

# record types
BOF, EOF, CONTINUE, SST, BOUNDSHEET, FORMAT_REC, XF = 0x0809, 0x000A, 0x003C, 0x00FC, 0x0085, 0x041E, 0x00E0
FILEPASS = 0x002F
LABELSST, LABEL, RSTRING, NUMBER, RK, MULRK = 0x00FD, 0x0204, 0x00D6, 0x0203, 0x027E, 0x00BD
FORMULA, STRING, BOOLERR, MERGEDCELLS = 0x0006, 0x0207, 0x0205, 0x00E5

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: "#,##0;-#,##0", 6: "#,##0;-#,##0",
    7: "#,##0.00;-#,##0.00", 8: "#,##0.00;-#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    37: "#,##0;(#,##0)", 38: "#,##0;(#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;(#,##0.00)",
    48: "##0.0E+0", 49: "@",
}


class XlsError(ValueError):
    """The bytes are not a BIFF8 workbook this reader can read."""


# --- the OLE compound file ---------------------------------------------------------------------


class _Compound:
    """The sectors, FAT and directory of an OLE compound file."""

    def __init__(self, data: bytes) -> None:
        if data[:8] != OLE_MAGIC or len(data) < 512:
            raise XlsError("not an OLE compound file")
        self.data = data
        sector_shift, self.mini_shift = struct.unpack_from("<HH", data, 30)
        num_fat, self.first_dir = struct.unpack_from("<II", data, 44)
        (self.mini_cutoff, self.first_minifat, self.num_minifat, first_difat,
         num_difat) = struct.unpack_from("<IIIII", data, 56)
        self.size = 1 << sector_shift
        self.count = (len(data) - 512 + self.size - 1) // self.size
        difat = [s for s in struct.unpack_from("<109I", data, 76) if s < 0xFFFFFFFA]
        next_difat = first_difat
        for _ in range(num_difat):
            if next_difat >= 0xFFFFFFFA:
                break
            entries = self.words(next_difat)
            difat.extend(s for s in entries[:-1] if s < 0xFFFFFFFA)
            next_difat = entries[-1]
        self.fat: list[int] = []
        for index in difat[:num_fat]:
            self.fat.extend(self.words(index))

    def sector(self, index: int) -> bytes:
        if index >= self.count:
            raise XlsError(f"sector {index} past the end of the file (truncated?)")
        offset = 512 + index * self.size
        return self.data[offset : offset + self.size]

    def words(self, index: int) -> tuple[int, ...]:
        return struct.unpack(f"<{self.size // 4}I", self.sector(index))

    @staticmethod
    def chain(start: int, table: list[int]) -> list[int]:
        out: list[int] = []
        while start not in (_END_OF_CHAIN, _FREE) and len(out) <= len(table):
            if start >= len(table):
                raise XlsError("broken sector chain (truncated?)")
            out.append(start)
            start = table[start]
        return out

    def read(self, start: int) -> bytes:
        return b"".join(self.sector(s) for s in self.chain(start, self.fat))

    def entries(self) -> list[tuple[str, int, int, int]]:
        """(name, type, start sector, size) of every directory entry; the root entry first."""
        directory = self.read(self.first_dir)
        out = []
        for offset in range(0, len(directory) - 127, 128):
            raw = directory[offset : offset + 128]
            name_len = struct.unpack_from("<H", raw, 64)[0]
            name = raw[: max(0, name_len - 2)].decode("utf-16-le", errors="replace")
            start, length = struct.unpack_from("<II", raw, 116)
            out.append((name, raw[66], start, length))
        if not out:
            raise XlsError("empty directory")
        return out

    def mini_read(self, start: int, length: int, root: tuple[str, int, int, int]) -> bytes:
        mini_stream = self.read(root[2])[: root[3]]
        minifat: list[int] = []
        for index in self.chain(self.first_minifat, self.fat)[: self.num_minifat or None]:
            minifat.extend(self.words(index))
        mini = 1 << self.mini_shift
        return b"".join(mini_stream[s * mini : (s + 1) * mini] for s in self.chain(start, minifat))[:length]


def ole_stream(data: bytes, names: tuple[str, ...] = ("Workbook", "Book")) -> bytes:
    """The first stream of the compound file whose name is one of ``names`` (case-insensitive)."""
    compound = _Compound(data)
    entries = compound.entries()
    wanted = {n.lower() for n in names}
    for name, kind, start, length in entries:
        if kind != 2 or name.lower() not in wanted:
            continue
        if length < compound.mini_cutoff:
            return compound.mini_read(start, length, entries[0])
        stream = compound.read(start)
        if len(stream) < length:
            raise XlsError("workbook stream shorter than its directory entry (truncated?)")
        return stream[:length]
    raise XlsError("no Workbook stream (not an Excel file)")


# --- BIFF8 records -----------------------------------------------------------------------------


def _records(stream: bytes, start: int = 0):
    pos = start
    while pos + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, pos)
        yield pos, kind, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length


def _unicode(data: bytes, pos: int, length_size: int) -> tuple[str, int]:
    """An XLUnicodeString (length_size 2) or ShortXLUnicodeString (1) at ``pos`` → (text, end)."""
    count = data[pos] if length_size == 1 else struct.unpack_from("<H", data, pos)[0]
    pos += length_size
    flags = data[pos]
    pos += 1
    runs = ext = 0
    if flags & 0x08:
        runs = struct.unpack_from("<H", data, pos)[0]
        pos += 2
    if flags & 0x04:
        ext = struct.unpack_from("<I", data, pos)[0]
        pos += 4
    width = 2 if flags & 0x01 else 1
    raw = data[pos : pos + count * width]
    text = raw.decode("utf-16-le" if width == 2 else "latin-1", errors="replace")
    return text, pos + count * width + 4 * runs + ext


class _Segments:
    """The SST record and its CONTINUE records, read across their boundaries (a string's characters
    restart with a fresh option byte in each CONTINUE record; headers and runs do not)."""

    def __init__(self, segments: list[bytes]) -> None:
        self.segments = segments
        self.index = 0
        self.pos = 0

    def _advance(self) -> bytes:
        while self.index < len(self.segments) and self.pos >= len(self.segments[self.index]):
            self.index += 1
            self.pos = 0
        if self.index >= len(self.segments):
            raise XlsError("shared strings table ends early")
        return self.segments[self.index]

    def read(self, n: int) -> bytes:
        out = b""
        while n > 0:
            segment = self._advance()
            take = min(n, len(segment) - self.pos)
            out += segment[self.pos : self.pos + take]
            self.pos += take
            n -= take
        return out

    def chars(self, count: int, high: bool) -> str:
        parts: list[str] = []
        while count > 0:
            segment = self.segments[self.index] if self.index < len(self.segments) else b""
            if self.pos >= len(segment):
                self.index += 1
                self.pos = 0
                if self.index >= len(self.segments):
                    raise XlsError("shared string runs past the table")
                segment = self.segments[self.index]
                high = bool(segment[0] & 0x01)
                self.pos = 1
            width = 2 if high else 1
            take = min((len(segment) - self.pos) // width, count)
            if take == 0:
                self.pos = len(segment)
                continue
            raw = segment[self.pos : self.pos + take * width]
            parts.append(raw.decode("utf-16-le" if high else "latin-1", errors="replace"))
            self.pos += take * width
            count -= take
        return "".join(parts)


def shared_strings(segments: list[bytes]) -> list[str]:
    reader = _Segments(segments)
    _, unique = struct.unpack("<II", reader.read(8))
    strings: list[str] = []
    for _ in range(unique):
        try:
            count, flags = struct.unpack("<HB", reader.read(3))
        except XlsError:
            break
        runs = struct.unpack("<H", reader.read(2))[0] if flags & 0x08 else 0
        ext = struct.unpack("<I", reader.read(4))[0] if flags & 0x04 else 0
        strings.append(reader.chars(count, bool(flags & 0x01)))
        if runs or ext:
            try:
                reader.read(4 * runs + ext)
            except XlsError:
                break
    return strings


def _rk(value: int) -> float | Decimal:
    if value & 0x02:
        number: float | Decimal = Decimal(struct.unpack("<i", struct.pack("<I", value))[0] >> 2)
    else:
        number = struct.unpack("<d", struct.pack("<Q", (value & 0xFFFFFFFC) << 32))[0]
    if value & 0x01:
        number = (Decimal(number) if isinstance(number, Decimal) else Decimal(f"{number:.15g}")) / 100
    return number


def read_workbook(data: bytes) -> list[Sheet]:
    """The visible worksheets of a BIFF8 workbook (cells as displayed, merged ranges)."""
    stream = ole_stream(data)
    records = _records(stream)
    first = next(records, None)
    if first is None or first[1] != BOF:
        raise XlsError("the Workbook stream does not start with a BOF record")
    version = struct.unpack_from("<H", first[2], 0)[0] if len(first[2]) >= 2 else 0
    if version != 0x0600:
        raise XlsError(f"BIFF version {version:#06x}: only Excel 97-2003 (BIFF8) workbooks are read")
    sheets: list[tuple[int, int, int, str]] = []  # (offset, state, type, name)
    sst: list[bytes] = []
    in_sst = False
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    for _, kind, body in records:
        if kind == EOF:
            break
        if kind == FILEPASS:
            raise XlsError("the workbook is encrypted")
        if kind == CONTINUE and in_sst:
            sst.append(body)
            continue
        in_sst = kind == SST
        if kind == SST:
            sst = [body]
        elif kind == BOUNDSHEET:
            offset, state, sheet_type = struct.unpack_from("<IBB", body, 0)
            name, _ = _unicode(body, 6, 1)
            sheets.append((offset, state, sheet_type, name))
        elif kind == FORMAT_REC:
            index = struct.unpack_from("<H", body, 0)[0]
            formats[index], _ = _unicode(body, 2, 2)
        elif kind == XF:
            xf_formats.append(struct.unpack_from("<H", body, 2)[0])
    strings = shared_strings(sst) if sst else []

    def number_format(xf: int) -> str:
        index = xf_formats[xf] if xf < len(xf_formats) else 0
        return formats.get(index) or BUILTIN_FORMATS.get(index, "General")

    out: list[Sheet] = []
    for offset, state, sheet_type, name in sheets:
        if sheet_type != 0 or state != 0:
            continue  # charts, macros, hidden sheets
        out.append(_read_sheet(stream, offset, name, strings, number_format))
    return out


class _SheetReader:
    """The cell records of one worksheet substream → a Sheet (one method per record type)."""

    def __init__(self, name: str, strings: list[str], number_format) -> None:
        self.sheet = Sheet(name=name)
        self.strings = strings
        self.number_format = number_format
        self.pending_formula: tuple[int, int] | None = None
        self.handlers = {
            LABELSST: self.label_sst, LABEL: self.label, RSTRING: self.label, NUMBER: self.number, RK: self.rk,
            MULRK: self.mulrk, FORMULA: self.formula, STRING: self.string, BOOLERR: self.boolerr,
            MERGEDCELLS: self.merged,
        }

    def put(self, row: int, col: int, text: str) -> None:
        if text.strip():
            self.sheet.cells[(row + 1, col + 1)] = text

    def label_sst(self, body: bytes) -> None:
        row, col, _xf, index = struct.unpack_from("<HHHI", body, 0)
        self.put(row, col, self.strings[index] if index < len(self.strings) else "")

    def label(self, body: bytes) -> None:
        row, col, _xf = struct.unpack_from("<HHH", body, 0)
        self.put(row, col, _unicode(body, 6, 2)[0])

    def number(self, body: bytes) -> None:
        row, col, xf = struct.unpack_from("<HHH", body, 0)
        self.put(row, col, format_number(struct.unpack_from("<d", body, 6)[0], self.number_format(xf)))

    def rk(self, body: bytes) -> None:
        row, col, xf, value = struct.unpack_from("<HHHI", body, 0)
        self.put(row, col, format_number(_rk(value), self.number_format(xf)))

    def mulrk(self, body: bytes) -> None:
        row, first = struct.unpack_from("<HH", body, 0)
        for i in range((len(body) - 6) // 6):
            xf, value = struct.unpack_from("<HI", body, 4 + 6 * i)
            self.put(row, first + i, format_number(_rk(value), self.number_format(xf)))

    def formula(self, body: bytes) -> None:
        row, col, xf = struct.unpack_from("<HHH", body, 0)
        result = body[6:14]
        if result[6:8] != b"\xff\xff":
            self.put(row, col, format_number(struct.unpack("<d", result)[0], self.number_format(xf)))
        elif result[0] == 0:
            self.pending_formula = (row, col)  # the text follows in a STRING record
        elif result[0] == 1:
            self.put(row, col, "TRUE" if result[2] else "FALSE")

    def string(self, body: bytes) -> None:
        if self.pending_formula is not None:
            self.put(*self.pending_formula, _unicode(body, 0, 2)[0])
            self.pending_formula = None

    def boolerr(self, body: bytes) -> None:
        row, col, _xf, value, is_error = struct.unpack_from("<HHHBB", body, 0)
        if not is_error:
            self.put(row, col, "TRUE" if value else "FALSE")

    def merged(self, body: bytes) -> None:
        count = struct.unpack_from("<H", body, 0)[0]
        for i in range(count):
            r1, r2, c1, c2 = struct.unpack_from("<HHHH", body, 2 + 8 * i)
            self.sheet.merges.append((r1 + 1, c1 + 1, r2 + 1, c2 + 1))


def _read_sheet(stream: bytes, offset: int, name: str, strings: list[str], number_format) -> Sheet:
    reader = _SheetReader(name, strings, number_format)
    depth = 0
    for _, kind, body in _records(stream, offset):
        if kind == BOF:
            depth += 1
        elif kind == EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth == 1 and (handler := reader.handlers.get(kind)) is not None:
            handler(body)  # (depth > 1: an embedded chart's substream)
    return reader.sheet


def read_xls(path: Path) -> SourceBlocks:
    """Read an .xls workbook from disk into blocks; raise UnreadableFile when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    require(path, data, "ole", "an Excel 97-2003 .xls workbook")
    try:
        sheets = read_workbook(data)
    except (XlsError, struct.error, IndexError, UnicodeDecodeError) as exc:
        raise UnreadableFile(path, f"not a readable .xls workbook: {exc}") from exc
    return SourceBlocks(name=path.name, format=FORMAT, sha256=hashlib.sha256(data).hexdigest(),
                        blocks=blocks_from_sheets(sheets))
