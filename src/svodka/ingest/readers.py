"""Turn command-line sources (files, directories, globs, `-`) into Articles, reporting what can't be read.

Readers are registered by file suffix so new formats plug in without touching the dispatch. Every problem
becomes an IngestError naming the file (and line) and the run goes on with the next article.
"""
from __future__ import annotations

import bz2
import glob
import gzip
import io
import json
import lzma
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from ..model import Article, IngestError
from .decode import DecodeError, decode, looks_binary
from .layout import parse_layout, parse_timestamp

# Larger inputs are almost always a dump or a mis-split file, and cost minutes of analysis: refuse them
# with a message unless the user raises the limit.
MAX_CHARS = 1_000_000

Item = Article | IngestError
Reader = Callable[[str, str, "ReadOptions"], Iterator[Item]]
READERS: dict[str, Reader] = {}


# A dump is often shipped compressed (`news.jsonl.gz`): the stdlib's decompressors read it as it is read, so
# nothing is unpacked to disk and a compressed JSONL file is streamed line by line like a plain one
COMPRESSED: dict[str, Callable] = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
# what a damaged or truncated compressed file raises as it is read (gzip.BadGzipFile is an OSError)
READ_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error)
JSONL = (".jsonl", ".ndjson")


def split_suffix(path: str | Path) -> tuple[str, Callable]:
    """The suffix that names a file's format, past a compression suffix, and how to open it for reading bytes:
    'news.jsonl.gz' → ('.jsonl', gzip.open), 'a.txt' → ('.txt', open)."""
    p = Path(path)
    opener = COMPRESSED.get(p.suffix.lower())
    if opener is None:
        return p.suffix.lower(), open
    return Path(p.stem).suffix.lower(), opener


def _damaged(path: str, e: BaseException, after: int | None = None) -> IngestError:
    where = f" after line {after}; the rest of the file is not read" if after else ""
    return IngestError(path, f"damaged or truncated compressed file{where} ({type(e).__name__}: {e})")


class ReadOptions:
    def __init__(self, max_chars: int = MAX_CHARS) -> None:
        self.max_chars = max_chars


def reader(*suffixes: str):
    def register(fn: Reader) -> Reader:
        for s in suffixes:
            READERS[s] = fn
        return fn
    return register


def _check_text(text: str, origin: str, opts: ReadOptions) -> str | None:
    if not text.strip():
        return "empty article"
    if len(text) > opts.max_chars:
        return (f"article is {len(text):,} characters, over the limit of {opts.max_chars:,}; "
                f"skipped (raise it with --max-chars)")
    return None


def article_from_text(text: str, id: str, origin: str, encoding: str | None = None) -> Article:
    layout = parse_layout(text)
    return Article(id=id, text=text, title=layout.title, published=layout.published,
                   body_start=layout.body_start, origin=origin, encoding=encoding)


@reader(".txt", "")
def read_text(data_text: str, origin: str, opts: ReadOptions, encoding: str | None = None) -> Iterator[Item]:
    if problem := _check_text(data_text, origin, opts):
        yield IngestError(origin, problem)
        return
    name = Path(origin).name
    if Path(name).suffix.lower() in COMPRESSED:
        name = Path(name).stem
    ident = name[:-4] if name.endswith(".txt") else name
    yield article_from_text(data_text, ident or "stdin", origin, encoding)


def parse_published(value) -> datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"'published' must be a string, got {type(value).__name__}")
    v = value.strip()
    try:
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        dt = parse_timestamp(v)
        if dt is None:
            raise ValueError(f"'published' is not an ISO date or 'HH:MM DD/MM/YYYY': {value!r}") from None
    return dt


@reader(".jsonl", ".ndjson")
def read_jsonl(data_text: str, origin: str, opts: ReadOptions, encoding: str | None = None) -> Iterator[Item]:
    for n, line in enumerate(data_text.splitlines(), 1):
        if line.strip():
            yield _jsonl_item(line, n, origin, opts, encoding)


def _jsonl_item(line: str, n: int, origin: str, opts: ReadOptions, encoding: str | None = None) -> Item:
    """The article of line `n` of a JSONL file, or what is wrong with it."""
    where = f"{origin}:{n}"
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as e:
        return IngestError(where, f"malformed JSON ({e.msg} at column {e.colno})")
    if not isinstance(rec, dict):
        return IngestError(where, "expected a JSON object with 'id' and 'text'")
    text = rec.get("text")
    if not isinstance(text, str):
        return IngestError(where, "missing 'text' (a string)")
    if problem := _check_text(text, where, opts):
        return IngestError(where, problem)
    try:
        published = parse_published(rec.get("published"))
    except ValueError as e:
        return IngestError(where, str(e))
    ident = str(rec.get("id") or f"{Path(origin).name}:{n}")
    art = article_from_text(text, ident, where, encoding)
    # Explicit fields win over what the layout of the text suggests.
    if rec.get("title"):
        art.title = str(rec["title"])
    if published is not None:
        art.published = published
    art.url = rec.get("url") or None
    art.source = rec.get("source") or None
    return art


# How much of a JSONL file is read to decide how to read the rest
HEAD_BYTES = 1 << 20


def _streamable(head: bytes) -> bool:
    """Whether JSONL that starts with `head` is read line by line: UTF-8 (a character may be cut at the end of
    the head) and text; otherwise it is read whole, its code page guessed, or said to be binary once."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:  # not a character cut by the head's end
            return False
    return not looks_binary(head)


def _jsonl_lines(raw_lines: Iterable[bytes], origin: str, opts: ReadOptions) -> Iterator[Item]:
    """The articles of JSONL read line by line, so that reading a dump of a million articles holds one line,
    not the input (read whole, its bytes, its text and its lines were three copies: 150 MB for 45 MB of JSONL).
    A line that is not UTF-8 is an error of that line."""
    for n, raw in enumerate(raw_lines, 1):
        if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield IngestError(f"{origin}:{n}", f"not UTF-8 (byte {e.start + 1} of the line)")
            continue
        if line.strip():
            yield _jsonl_item(line, n, origin, opts)


def _read_head(f, damage_ends_it: bool) -> bytes:
    """The first HEAD_BYTES of an open file (decompressed); with `damage_ends_it`, of a damaged compressed
    file what comes before the damage (its lines are read, and then the damage reported)."""
    chunks: list[bytes] = []
    n = 0
    try:
        while n < HEAD_BYTES and (chunk := f.read(min(1 << 16, HEAD_BYTES - n))):
            chunks.append(chunk)
            n += len(chunk)
    except READ_ERRORS:
        if not damage_ends_it:
            raise
    return b"".join(chunks)


def _lines_until_damage(raw_lines: Iterable[bytes], origin: str, opts: ReadOptions) -> Iterator[Item]:
    """`_jsonl_lines` of a stream that may be damaged further on (a compressed one): the damage ends it with
    one error naming the last line read."""
    read = 0

    def counted() -> Iterator[bytes]:
        nonlocal read
        for raw in raw_lines:
            read += 1
            yield raw
    try:
        yield from _jsonl_lines(counted(), origin, opts)
    except READ_ERRORS as e:
        yield _damaged(origin, e, read)


def _stream_jsonl(path: str, opts: ReadOptions, opener: Callable = open) -> Iterator[Item] | None:
    """A JSONL file line by line, or None when its first megabyte says to read it whole. `opener`: how to
    open it (a decompressor's `open`); a compressed file damaged further on loses only the rest of itself."""
    with opener(path, "rb") as f:
        head = _read_head(f, damage_ends_it=opener is not open)
    if not _streamable(head):
        return None

    def lines() -> Iterator[Item]:
        with opener(path, "rb") as f:
            yield from _lines_until_damage(f, path, opts)
    return lines()


# what a compressed stream starts with, for standard input, which has no file name to tell
_MAGIC = ((b"\x1f\x8b", gzip.GzipFile), (b"BZh", bz2.BZ2File), (b"\xfd7zXZ\x00", lzma.LZMAFile))


def _stdin_items(opts: ReadOptions) -> Iterator[Item]:
    """Standard input: JSONL when it starts with «{», streamed as a file is when it can be (a pipe is looked
    at, not consumed, to decide); else read whole, as text. Compressed input (gzip, bzip2, xz, told by its
    first bytes) is decompressed as it is read, then read the same way."""
    stream = sys.stdin.buffer
    head = stream.peek(HEAD_BYTES)[:HEAD_BYTES] if hasattr(stream, "peek") else b""
    if not head and not hasattr(stream, "peek"):  # a stream that cannot be looked at: read it whole
        stream = io.BytesIO(stream.read())
        head = stream.getvalue()[:HEAD_BYTES]
    opener = next((o for magic, o in _MAGIC if head.startswith(magic)), None)
    if opener is not None:
        yield from _compressed_stdin(opener(fileobj=stream) if opener is gzip.GzipFile else opener(stream), opts)
        return
    if _starts_json(head) and _streamable(head):
        yield from _jsonl_lines(stream, "<stdin>", opts)
        return
    yield from _stdin_whole(stream.read(), opts)


def _starts_json(data: bytes) -> bool:
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"{"


def _stdin_whole(data: bytes, opts: ReadOptions) -> Iterator[Item]:
    """Standard input read whole: JSONL if it starts with «{», else one text."""
    yield from _read_bytes(data, "<stdin>", ".jsonl" if _starts_json(data) else ".txt", opts)


def _compressed_stdin(f, opts: ReadOptions) -> Iterator[Item]:
    """Decompressed standard input, decided as plain input is by its head; its lines already read go first."""
    try:
        head = _read_head(f, damage_ends_it=True)
        jsonl = _starts_json(head) and _streamable(head)
        data = b"" if jsonl else head + f.read()
    except READ_ERRORS as e:
        yield _damaged("<stdin>", e)
        return
    if not jsonl:
        yield from _stdin_whole(data, opts)
        return

    def lines() -> Iterator[bytes]:
        head_lines = list(io.BytesIO(head))
        cut = head_lines.pop() if head_lines and not head_lines[-1].endswith(b"\n") else b""
        yield from head_lines
        if cut:
            yield cut + f.readline()  # the line the head's end cut, joined to its rest
        yield from f
    yield from _lines_until_damage(lines(), "<stdin>", opts)


def _read_bytes(data: bytes, origin: str, suffix: str, opts: ReadOptions) -> Iterator[Item]:
    try:
        text, encoding = decode(data)
    except DecodeError as e:
        if suffix in JSONL and not looks_binary(data):
            # UTF-8 lines and some in another code page, which no one encoding reads: each of those lines is
            # its own error, the others are read
            yield from _jsonl_lines(data.split(b"\n"), origin, opts)
            return
        yield IngestError(origin, str(e))
        return
    fn = READERS.get(suffix, read_text)
    yield from fn(text, origin, opts, None if encoding.startswith("utf-8") else encoding)


def expand_sources(sources: Iterable[str]) -> Iterator[str | IngestError]:
    """Paths of files to read, in a stable order; `-` stays `-`."""
    for src in sources:
        if src == "-":
            yield src
        elif os.path.isdir(src):
            files = sorted(p for p in Path(src).rglob("*") if p.is_file() and not p.name.startswith("."))
            files = [p for p in files if split_suffix(p)[0] in READERS]
            if not files:
                yield IngestError(src, "directory holds no readable articles (" + ", ".join(
                    sorted(s for s in READERS if s)) + ")")
            yield from (str(p) for p in files)
        elif os.path.exists(src):
            yield src
        elif glob.has_magic(src):
            matches = sorted(glob.glob(src, recursive=True))
            if not matches:
                yield IngestError(src, "no file matches this pattern")
            yield from (m for m in matches if os.path.isfile(m))
        else:
            yield IngestError(src, "no such file or directory")


def read_sources(sources: Iterable[str], opts: ReadOptions | None = None) -> Iterator[Item]:
    opts = opts or ReadOptions()
    for path in expand_sources(sources):
        if isinstance(path, IngestError):
            yield path
            continue
        if path == "-":
            yield from _stdin_items(opts)
            continue
        suffix, opener = split_suffix(path)
        try:
            streamed = _stream_jsonl(path, opts, opener) if suffix in JSONL else None
            if streamed is not None:
                yield from streamed
                continue
            with opener(path, "rb") as f:
                data = f.read()
        except READ_ERRORS as e:
            if opener is open or isinstance(e, FileNotFoundError | PermissionError | IsADirectoryError):
                yield IngestError(path, f"cannot read: {getattr(e, 'strerror', None) or e}")
            else:
                yield _damaged(path, e)
            continue
        yield from _read_bytes(data, path, suffix, opts)
