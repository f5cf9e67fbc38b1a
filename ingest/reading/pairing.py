"""Which files make one document: two-file disclosures (narrative + tables) and single files.

Some regions publish a document as two files — Jiangsu's ``…_narrative.pdf`` (情况说明) and
``…_tables.pdf`` (公开表) — and the warehouse must load them as one document (contract.md,
"Identity, versions, pairs"). Files are grouped, in this order of precedence:

1. **A sidecar manifest** (``<stem>.manifest.json``, format in docs/pairing.md) lists the files of
   one document, relative to the manifest's folder. It always wins.
2. **Department and year**: a narrative half (no standard table) and a tables half (standard tables,
   no narrative) whose texts name the same department, year, phase and scope are one document.
   Then, tolerantly, for halves still alone (:func:`names_match_tolerantly`): names equal but for
   one institutional suffix on one side (办公厅, 办公室, 机关, 本级) or a leading 中共, and a year
   stated by at least one of them and not contradicted by the other — only where exactly one
   narrative and one tables half match each other.
3. **The file names** when the content cannot tell (Jiangsu's table files print neither the
   department nor the year): ``<stem>_narrative.<ext>`` + ``<stem>_tables.<ext>`` in one folder.

Everything else is a document of its own — including a half whose other half has not arrived: it
is read alone and earns its S01 findings; when the other half arrives, the pair's reading
supersedes it (a new document id over both files, the same document key).

Steps 2 and 3 need to know what each file holds, so :func:`pair` works on :class:`FileFacts` that
ingest/reading/parse.py fills in after reading each file once; :func:`manifest_groups` runs before reading.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.reading.identity import normalise_name

MANIFEST_SUFFIX = ".manifest.json"
MANIFEST_VERSION = 1
# <stem>_narrative / <stem>_tables (also -narrative, 说明 / 表 spellings)
_HALF = re.compile(r"^(?P<stem>.+?)[_\-. ]?(?P<half>narrative|tables|说明|公开表|表格)$", re.IGNORECASE)
_NARRATIVE_WORDS = ("narrative", "说明")
# suffixes a tolerant pairing ignores on one side: a body's general office or organs vs the body
INSTITUTIONAL_SUFFIXES = ("办公厅", "办公室", "机关", "本级", "(本级)")


class ManifestError(ValueError):
    """A manifest that cannot be used (not JSON, no file list)."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


@dataclass(frozen=True)
class Manifest:
    path: Path
    document: str  # the document's label (the manifest's stem when it names none)
    files: tuple[Path, ...]  # resolved, in the manifest's order
    missing: tuple[Path, ...] = ()  # listed but not found beside the manifest


@dataclass
class FileFacts:
    """What pairing needs to know about one file after it was read on its own."""

    path: Path
    has_tables: bool = False  # any standard table read
    has_narrative: bool = False  # narrative text with stated figures
    department: str | None = None
    year: int | None = None
    phase: str | None = None
    scope: str | None = None

    @property
    def half(self) -> str | None:
        """narrative | tables when the file looks like one half of a two-file document."""
        if self.has_tables and not self.has_narrative:
            return "tables"
        if not self.has_tables:
            return "narrative"
        return None

    def content_key(self) -> tuple[str, int, str, str] | None:
        if not self.department or self.year is None:
            return None
        return normalise_name(self.department), self.year, self.phase or "budget", self.scope or "department"


@dataclass(frozen=True)
class Group:
    """The files of one document and how they were grouped (manifest | content | name | single)."""

    files: tuple[Path, ...]
    how: str = "single"
    label: str | None = None
    missing: tuple[Path, ...] = ()  # files a manifest lists that are not there
    manifest: Path | None = None  # the manifest that named the group


def is_manifest(path: Path) -> bool:
    return path.name.lower().endswith(MANIFEST_SUFFIX)


def read_manifest(path: Path) -> Manifest:
    """Load a manifest (see docs/pairing.md); raise ManifestError when it is unusable."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ManifestError(path, f"not a readable JSON manifest ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("files"), list) or not data["files"]:
        raise ManifestError(path, 'a manifest is a JSON object with a non-empty "files" list')
    if any(not isinstance(name, str) or not name.strip() for name in data["files"]):
        raise ManifestError(path, '"files" must list file names')
    version = data.get("version", MANIFEST_VERSION)
    if version != MANIFEST_VERSION:
        raise ManifestError(path, f"manifest version {version!r} is not supported (expected {MANIFEST_VERSION})")
    folder = path.parent
    files, missing = [], []
    for name in data["files"]:
        candidate = (folder / name).resolve()
        (files if candidate.is_file() else missing).append(candidate)
    label = data.get("document") or path.name[: -len(MANIFEST_SUFFIX)]
    return Manifest(path=path, document=str(label), files=tuple(files), missing=tuple(missing))


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files and folders → files (a folder's visible files, sorted by name; not recursive)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted((f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")),
                                key=lambda f: f.name))
        else:
            files.append(p)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve() if f.exists() else f
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def manifest_groups(files: Sequence[Path]) -> tuple[list[Group], list[Path], list[ManifestError]]:
    """(groups named by manifests, the files no manifest claims, unusable manifests).

    A manifest's files need not be among ``files``: naming the manifest is enough. A file listed by
    two manifests belongs to the first (by manifest name).
    """
    manifests = sorted((f for f in files if is_manifest(f)), key=lambda f: f.name)
    groups: list[Group] = []
    errors: list[ManifestError] = []
    claimed: set[Path] = set()
    for path in manifests:
        try:
            manifest = read_manifest(path)
        except ManifestError as exc:
            errors.append(exc)
            continue
        members = tuple(f for f in manifest.files if f not in claimed)
        claimed.update(members)
        # kept even when empty (every file an earlier manifest's): the manifest itself was discovered
        groups.append(Group(members, how="manifest", label=manifest.document, missing=manifest.missing,
                            manifest=path))
    rest = [f for f in files if not is_manifest(f) and (f.resolve() if f.exists() else f) not in claimed]
    return groups, rest, errors


def _by_stem(paths: Iterable[tuple[int, Path]]) -> dict[str, dict[str, list[int]]]:
    """Numbered files whose names say ``<stem>_narrative`` / ``<stem>_tables``: folder/stem → half → numbers."""
    by_name: dict[str, dict[str, list[int]]] = {}
    for i, path in paths:
        if (named := _name_half(path)) is not None:
            by_name.setdefault(named[0], {}).setdefault(named[1], []).append(i)
    return by_name


def _one_of_each(halves: dict[str, list[int]]) -> tuple[int, int] | None:
    """(narrative, tables) when a stem has exactly one file of each half."""
    if len(halves.get("narrative", [])) == 1 and len(halves.get("tables", [])) == 1:
        return halves["narrative"][0], halves["tables"][0]
    return None


def _name_half(path: Path) -> tuple[str, str] | None:
    """(folder/stem key, narrative | tables) from a ``<stem>_narrative`` / ``<stem>_tables`` name."""
    m = _HALF.match(path.stem)
    if m is None:
        return None
    half = "narrative" if m.group("half").lower() in _NARRATIVE_WORDS else "tables"
    return f"{path.parent.resolve()}/{m.group('stem')}", half


def pair(facts: Sequence[FileFacts]) -> list[Group]:
    """Group files read one by one into documents: by department and year, then by file name."""
    used: set[int] = set()
    groups: list[Group] = []

    def take(narrative: int, tables: int, how: str, label: str) -> None:
        used.update((narrative, tables))
        groups.append(Group((facts[narrative].path, facts[tables].path), how=how, label=label))

    # 2. department and year: exactly one narrative half and one tables half per key
    by_key: dict[tuple, dict[str, list[int]]] = {}
    for i, f in enumerate(facts):
        if f.half and (key := f.content_key()) is not None:
            by_key.setdefault(key, {}).setdefault(f.half, []).append(i)
    for key, halves in by_key.items():
        if (pair_ := _one_of_each(halves)) is not None:
            take(*pair_, "content", f"{key[0]} {key[1]}")
    # 2b. tolerant names, a year missing on one side: only one candidate each way
    for narrative, tables in _tolerant_pairs(facts, used):
        year = facts[narrative].year or facts[tables].year
        take(narrative, tables, "tolerant", f"{facts[narrative].department} {year}")
    # 3. file names, for halves the content could not pair
    for stem, halves in _by_stem((i, f.path) for i, f in enumerate(facts) if i not in used).items():
        if (pair_ := _one_of_each(halves)) is not None:
            narrative, tables = pair_
            if facts[narrative].has_tables and facts[tables].has_tables:
                continue  # both complete documents: not halves of one
            take(narrative, tables, "name", stem.rsplit("/", 1)[-1])
    groups.extend(Group((f.path,)) for i, f in enumerate(facts) if i not in used)
    return groups


def _plain(name: str) -> str:
    return normalise_name(name).removeprefix("中共")


def names_match_tolerantly(a: str, b: str) -> bool:
    """Two department names that name one body for pairing: equal after normalisation (identity.py:
    widths, spaces, 中国共产党…委员会 = 中共…委) and without a leading 中共, or equal but for one
    institutional suffix (:data:`INSTITUTIONAL_SUFFIXES`) that only one of them prints: 中共江苏省委 and
    中共江苏省委办公厅, 某局 and 某局机关, 某局本级 and 某局. Two names that each print a suffix of their
    own (某局办公室, 某局机关) are two bodies."""
    a, b = _plain(a), _plain(b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return bool(short) and any(long == short + suffix for suffix in INSTITUTIONAL_SUFFIXES)


def _tolerant_pairs(facts: Sequence[FileFacts], used: set[int]) -> list[tuple[int, int]]:
    """(narrative, tables) halves not yet paired whose names match tolerantly, of one phase and scope,
    with one year stated and none contradicted; each must be the other's only candidate."""
    def candidate(n: FileFacts, t: FileFacts) -> bool:
        if (n.phase or "budget", n.scope or "department") != (t.phase or "budget", t.scope or "department"):
            return False
        if n.year is None and t.year is None or None not in (n.year, t.year) and n.year != t.year:
            return False
        return names_match_tolerantly(n.department, t.department)

    open_ = [i for i, f in enumerate(facts) if i not in used and f.half and f.department]
    narratives = [i for i in open_ if facts[i].half == "narrative"]
    tables = [i for i in open_ if facts[i].half == "tables"]
    matches = {n: [t for t in tables if candidate(facts[n], facts[t])] for n in narratives}
    pairs = []
    for n, found in matches.items():
        if len(found) == 1 and sum(found[0] in other for other in matches.values()) == 1:
            pairs.append((n, found[0]))
    return pairs


def inbox_groups(files: Sequence[Path]) -> list[Group]:
    """The files of an inbox grouped before anything is read, for one parse task per group.

    A manifest and the files it lists are one group (the manifest first; an unusable manifest is a
    group of its own, which the reader rejects as unreadable); ``<stem>_narrative`` +
    ``<stem>_tables`` are one group; every other file is a group of its own. Reading a group
    (ingest/reading/parse.py ``parse_paths``) still decides whether two named halves really are one
    document. Halves that only their content pairs (department and year, step 2 above) are in
    separate groups here: the nightly run pairs them after reading (:func:`pair`) and reads them
    again together.
    """
    files = [Path(f) for f in files]
    named, rest, unusable = manifest_groups(files)
    groups = [Group((g.manifest, *g.files), how="manifest", label=g.label, missing=g.missing) for g in named]
    groups += [Group((error.path,), how="manifest", label=error.path.name) for error in unusable]
    paired: set[int] = set()
    for stem, halves in _by_stem(enumerate(rest)).items():
        if (pair_ := _one_of_each(halves)) is not None:
            paired.update(pair_)
            groups.append(Group(tuple(rest[i] for i in pair_), how="name", label=stem.rsplit("/", 1)[-1]))
    groups.extend(Group((f,)) for i, f in enumerate(rest) if i not in paired)
    return sorted(groups, key=lambda g: g.files[0].name)
