""".xls (BIFF8) through xlrd: RK numbers and shared strings split by CONTINUE records read as
printed, number formats from the XF records, and damaged files refused with a reason.

No maintained package writes .xls, so the workbooks are built here, record by record
(``_workbook``), and the damaged ones are cut or scrambled from them and from the corpus template in
a temporary folder: no binary file is committed."""

from __future__ import annotations

import random
import struct

import pytest

from ingest.errors import UnreadableFile
from ingest.readers.sniff import OLE_MAGIC
from ingest.readers.xls import read_workbook, read_xls

_END, _FREE, _FAT_SECTOR = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def _record(kind: int, body: bytes) -> bytes:
    return struct.pack("<HH", kind, len(body)) + body


def _bof(substream: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, substream, 0x0DBB, 0x07CC, 0, 0x06))


def _xf(format_index: int, *, style: bool = False) -> bytes:
    flags = 0xFFF5 if style else 0x0001  # a style XF (parent 0xFFF) or a cell XF whose parent is XF 0
    return _record(0x00E0, struct.pack("<HHH", 0, format_index, flags) + b"\0" * 14)


def _ole(stream: bytes) -> bytes:
    """An OLE compound file holding ``stream`` as its Workbook: sector 0 the FAT, 1 the directory."""
    stream = stream.ljust(max(4096, -(-len(stream) // 512) * 512), b"\0")  # a standard (not mini) stream
    sectors = len(stream) // 512
    fat = [_FAT_SECTOR, _END] + [3 + i for i in range(sectors - 1)] + [_END]
    header = (OLE_MAGIC + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<9I", 0, 1, 1, 0, 4096, _END, 0, _END, 0) + struct.pack("<109I", 0, *[_FREE] * 108))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le") if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, _FREE, _FREE, child)
                + b"\0" * 36 + struct.pack("<III", start, size, 0))

    directory = (entry("Root Entry", 5, 1, _END, 0) + entry("Workbook", 2, _FREE, 2, len(stream))
                 + entry("", 0, _FREE, 0, 0) * 2)
    return header + struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff") + directory + stream


def _workbook(sst_segments: list[bytes], cells: list[bytes], merges: list[tuple[int, int, int, int]] = ()) -> bytes:
    """A one-sheet BIFF8 workbook (sheet 表1): the given SST (+ CONTINUE) bodies and cell records.

    XF 15 prints General, 16 the built-in "0.00", 17 the custom "#,##0.00" (FORMAT 164)."""

    def globals_(offset: int) -> bytes:
        name = "表1".encode("utf-16-le")
        return b"".join([
            _bof(0x0005),
            _record(0x041E, struct.pack("<HHB", 164, 8, 0) + b"#,##0.00"),
            *[_xf(0, style=True) for _ in range(15)], _xf(0), _xf(2), _xf(164),
            _record(0x0085, struct.pack("<IBBBB", offset, 0, 0, 2, 1) + name),
            _record(0x00FC, sst_segments[0]), *[_record(0x003C, s) for s in sst_segments[1:]],
            _record(0x000A, b""),
        ])

    offset = len(globals_(0))
    merged = [_record(0x00E5, struct.pack("<H", len(merges)) + b"".join(struct.pack("<4H", *m) for m in merges))]
    sheet = b"".join([_bof(0x0010), *cells, *(merged if merges else []), _record(0x000A, b"")])
    return _ole(globals_(offset) + sheet)


def _rk(row: int, col: int, xf: int, value: int) -> bytes:
    return _record(0x027E, struct.pack("<HHHI", row, col, xf, value))


def _label_sst(row: int, col: int, index: int) -> bytes:
    return _record(0x00FD, struct.pack("<HHHI", row, col, 15, index))


def test_rk_numbers():
    as_bits = struct.unpack("<Q", struct.pack("<d", 1.5))[0] >> 32
    data = _workbook([struct.pack("<II", 0, 0)], [
        _rk(0, 0, 15, (123 << 2) | 0x02),  # integer
        _rk(1, 0, 15, (12345 << 2) | 0x03),  # integer / 100
        _rk(2, 0, 15, as_bits & 0xFFFFFFFC),  # the high 30 bits of a float
    ])
    cells = read_workbook(data)[0].cells
    assert cells[(1, 1)] == "123"
    assert cells[(2, 1)] == "123.45"
    assert cells[(3, 1)] == "1.5"


def test_shared_strings_continue_across_records():
    """A string split by a CONTINUE record restarts with its own option byte (here: 16-bit chars)."""
    first = struct.pack("<II", 2, 2) + struct.pack("<HB", 3, 0) + b"abc" + struct.pack("<HB", 4, 1) + "预算".encode(
        "utf-16-le")
    second = b"\x01" + "表格".encode("utf-16-le")
    cells = read_workbook(_workbook([first, second], [_label_sst(0, 0, 0), _label_sst(0, 1, 1)]))[0].cells
    assert [cells[(1, 1)], cells[(1, 2)]] == ["abc", "预算表格"]
    compressed_then_wide = struct.pack("<II", 1, 1) + struct.pack("<HB", 4, 0) + b"ab"
    data = _workbook([compressed_then_wide, b"\x01" + "收入".encode("utf-16-le")], [_label_sst(0, 0, 0)])
    assert read_workbook(data)[0].cells[(1, 1)] == "ab收入"


def test_numbers_print_as_their_xf_format_and_merges_are_kept():
    number = struct.pack("<d", 1018.2399999999999)
    data = _workbook([struct.pack("<II", 0, 0)], [
        _record(0x0203, struct.pack("<HHH", 1, 0, 15) + number),  # General
        _record(0x0203, struct.pack("<HHH", 1, 1, 16) + number),  # built-in 0.00
        _record(0x0203, struct.pack("<HHH", 1, 2, 17) + struct.pack("<d", 1234567.5)),  # #,##0.00
        _record(0x0205, struct.pack("<HHHBB", 1, 3, 15, 1, 0)),  # a boolean
        _record(0x0205, struct.pack("<HHHBB", 1, 4, 15, 0x07, 1)),  # an error (#DIV/0!) prints nothing
    ], merges=[(0, 0, 0, 3)])
    (sheet,) = read_workbook(data)
    assert sheet.name == "表1"
    assert sheet.cells == {(2, 1): "1018.24", (2, 2): "1018.24", (2, 3): "1,234,567.50", (2, 4): "TRUE"}
    assert sheet.merges == [(1, 1, 1, 4)]


# --- damaged files: UnreadableFile with a reason, never a raw exception --------------------------


def _refused(path) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_xls(path)
    reason = caught.value.reason
    assert reason.startswith("not a readable .xls workbook: "), reason
    assert "Traceback" not in reason and "digits" not in reason
    return reason


def test_random_bytes_behind_an_ole_signature_are_refused(tmp_path):
    rng = random.Random(10)
    path = tmp_path / "garbage.xls"
    for size in (0, 100, 600, 5000, 20000):
        path.write_bytes(OLE_MAGIC + rng.randbytes(size))
        _refused(path)
    path.write_bytes(OLE_MAGIC + b"\0" * 700)
    assert "damaged OLE header" in _refused(path)


def test_a_truncated_workbook_is_refused_saying_it_is_truncated(tmp_path):
    whole = _workbook([struct.pack("<II", 0, 0)], [_rk(0, 0, 15, (123 << 2) | 0x02)])
    assert read_workbook(whole)[0].cells == {(1, 1): "123"}
    path = tmp_path / "cut.xls"
    for size in (700, 1500, len(whole) // 2, len(whole) - 100):
        path.write_bytes(whole[:size])
        assert f"truncated: {size} bytes is not a whole number of 512-byte sectors" in _refused(path)
    for sectors in (3, 8):  # cut at a sector boundary (downloads stop at round sizes): the stream is short
        path.write_bytes(whole[: sectors * 512])
        assert f"truncated: {sectors * 512} bytes end at sector {sectors - 1}, but its allocation table uses" in (
            _refused(path))


def test_the_corpus_template_cut_at_a_round_size_is_refused_as_truncated(tmp_path, corpus_dir):
    whole = (corpus_dir / "sh_fill_template_budget.xls").read_bytes()  # its directory is at the end
    path = tmp_path / "cut.xls"
    for size in (8192, 65536, len(whole) - 512):
        path.write_bytes(whole[:size])
        assert _refused(path).endswith(f"truncated or damaged: {size} bytes end before a sector its directory "
                                       "or allocation table points to")


def test_the_corpus_template_cut_or_scrambled_is_refused_or_read(tmp_path, corpus_dir):
    """Every damaged copy either reads or raises UnreadableFile (the parse of a load goes on)."""
    whole = (corpus_dir / "sh_fill_template_budget.xls").read_bytes()
    rng = random.Random(3)
    path = tmp_path / "damaged.xls"
    refused = 0
    for i in range(60):
        data = bytearray(whole)
        if i % 3 == 0:
            data = data[: rng.randrange(8, len(whole))]
        elif i % 3 == 1:
            for _ in range(rng.randrange(1, 40)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        else:
            at = rng.randrange(0, len(data) - 64)
            data[at : at + 64] = rng.randbytes(64)
        path.write_bytes(bytes(data))
        try:
            read_xls(path)
        except UnreadableFile as exc:
            assert exc.reason.startswith("not a readable .xls workbook: ") or exc.reason.startswith("not an Excel")
            refused += 1
    assert refused >= 20  # every truncated copy at least
