"""Bytes to text: UTF-8 when it is, otherwise the Cyrillic code page that reads best (windows-1251, KOI8-R…)."""
from __future__ import annotations

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    pass


# Code pages Russian sites actually use, tried when the bytes are not UTF-8.
CYRILLIC = ["cp1251", "koi8_r", "cp866", "mac_cyrillic", "iso8859_5", "utf_16"]


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 with a BOM
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). encoding is "utf-8" unless a guess was needed. Raise DecodeError."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    # NUL and other control bytes are valid UTF-8 but never occur in an article.
    if looks_binary(data):
        raise DecodeError("looks like a binary file, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=CYRILLIC).best()
    if best is None:
        raise DecodeError("not UTF-8 and no Cyrillic encoding reads it")
    return str(best), DISPLAY_NAMES.get(best.encoding, best.encoding)


# charset_normalizer speaks Python codec names; people know the encodings by these.
DISPLAY_NAMES = {"cp1251": "windows-1251", "koi8_r": "KOI8-R", "cp866": "CP866 (DOS)",
                 "mac_cyrillic": "MacCyrillic", "iso8859_5": "ISO-8859-5", "utf_16": "UTF-16"}
