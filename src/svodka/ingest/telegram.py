"""A channel's Telegram Desktop export (`result.json` from "Export chat history", JSON format) as a source.

    {"name": "Москва сегодня", "type": "public_channel", "id": 1234567890,
     "messages": [{"id": 7, "type": "message", "date": "2024-11-05T10:15:00", "date_unixtime": "1730790900",
                   "text": ["Обычный текст ", {"type": "bold", "text": "жирный"}, …], "text_entities": […]}, …]}

Every message with text is one article: the channel's name is its source, the message link its URL. The
text keeps the post's formatting as the Telegram Markdown that `ingest/clean.py` reads (`**bold**`,
`__italic__`, `[text](url)`), so the archive shows the post as published and analysis reads its clean view.
Service messages (channel created, pinned, …) and messages without text (a photo with no caption) are
not articles; a message that is not in this shape is reported with the file and its index and skipped.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from ..model import Article, IngestError
from .clean import clean_title
from .layout import parse_layout
from .readers import Item, ReadOptions, _check_text, reader

# Telegram's entity types and the Markdown marks Telegram clients write for them. Types without a mark
# (mentions, hashtags, plain URLs, custom emoji, underline, blockquotes) are their text as shown.
# A post's id: this prefix, the chat and the message («tg--1001003921752-72708»), as the gold files of
# ../shared/data name the same posts
POST_ID_PREFIX = "tg-"
_MARKS = {"bold": "**", "italic": "__", "strikethrough": "~~", "spoiler": "||", "code": "`", "pre": "```"}


class _Malformed(ValueError):
    pass


def is_export(data) -> bool:
    """A single-chat export: an object with a `messages` list and the chat's name, type or id."""
    return isinstance(data, dict) and isinstance(data.get("messages"), list) and any(
        k in data for k in ("name", "type", "id"))


def render(text) -> str:
    """A message's `text` (a string, or a list of strings and entity objects) as Telegram Markdown."""
    if isinstance(text, str):
        return text
    if not isinstance(text, list):
        raise _Malformed(f"'text' is a {type(text).__name__}, not a string or a list")
    out = []
    for n, part in enumerate(text):
        if isinstance(part, str):
            out.append(part)
            continue
        if not isinstance(part, dict) or not isinstance(part.get("text"), str):
            raise _Malformed(f"text part {n} is not a string or an object with a string 'text'")
        kind, t = part.get("type"), part["text"]
        if not t.strip():
            out.append(t)  # a mark around only whitespace would not be read as a mark
        elif kind == "text_link" and isinstance(part.get("href"), str):
            out.append(f"[{t}]({part['href']})")
        elif kind in _MARKS:
            out.append(f"{_MARKS[kind]}{t}{_MARKS[kind]}")
        else:
            out.append(t)
    return "".join(out)


def _published(msg: dict) -> datetime | None:
    """The message time. `date` is the wall clock of the machine that exported, `date_unixtime` the
    instant: together they give the local time with its UTC offset."""
    local = None
    if isinstance(msg.get("date"), str):
        try:
            local = datetime.fromisoformat(msg["date"])
        except ValueError:
            raise _Malformed(f"'date' is not an ISO date: {msg['date']!r}") from None
    unix = msg.get("date_unixtime")
    if unix in (None, ""):
        return local
    try:
        utc = datetime.fromtimestamp(int(unix), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError):
        raise _Malformed(f"'date_unixtime' is not a number: {unix!r}") from None
    if local is None or local.tzinfo is not None:
        return local or utc
    offset = local - utc.replace(tzinfo=None)
    if abs(offset) <= timedelta(hours=14) and offset % timedelta(minutes=15) == timedelta(0):
        return local.replace(tzinfo=timezone(offset))
    return utc


def _link(export: dict, msg_id) -> str | None:
    username = export.get("username")
    if isinstance(username, str) and username.strip("@ "):
        return f"https://t.me/{username.strip('@ ')}/{msg_id}"
    chat = export.get("id")
    if isinstance(chat, int) or (isinstance(chat, str) and chat.lstrip("-").isdigit()):
        # t.me/c/ takes the bare channel id, without the -100 prefix of the Bot API form
        bare = str(chat).lstrip("-")
        bare = bare[3:] if str(chat).startswith("-100") else bare
        return f"https://t.me/c/{bare}/{msg_id}"
    return None


@reader(".json")
def read_export(data_text: str, origin: str, opts: ReadOptions, encoding: str | None = None) -> Iterator[Item]:
    try:
        data = json.loads(data_text)
    except json.JSONDecodeError as e:
        yield IngestError(origin, f"malformed JSON ({e.msg} at line {e.lineno}, column {e.colno})")
        return
    if not is_export(data):
        hint = (" (this is a whole-account export: export the channel's chat history instead)"
                if isinstance(data, dict) and "chats" in data else "")
        yield IngestError(origin, "a .json source must be a Telegram Desktop channel export (result.json with "
                                  f"'messages'){hint}; for one article per line use .jsonl")
        return
    source = data.get("name") if isinstance(data.get("name"), str) and data.get("name") else None
    chat = data.get("id")
    for n, msg in enumerate(data["messages"]):
        where = f"{origin}:message {n}"
        try:
            if not isinstance(msg, dict):
                raise _Malformed("not an object")
            if msg.get("type", "message") != "message":
                continue  # service messages: channel created, message pinned, …
            mid = msg.get("id")
            if not isinstance(mid, int):
                raise _Malformed("missing 'id' (a number)")
            where = f"{origin}:message {n} (id {mid})"
            if "text" not in msg and "text_entities" not in msg:
                raise _Malformed("missing 'text'")
            text = render(msg["text"] if "text" in msg else msg["text_entities"])
            published = _published(msg)
        except _Malformed as e:
            yield IngestError(where, f"malformed message: {e}")
            continue
        if not text.strip():
            continue  # a photo or a sticker without a caption has nothing to analyse
        if problem := _check_text(text, where, opts):
            yield IngestError(where, problem)
            continue
        layout = parse_layout(text)
        yield Article(id=f"{POST_ID_PREFIX}{chat}-{mid}" if chat is not None else f"{origin}:{mid}", text=text,
                      title=clean_title(layout.title, text), published=published, url=_link(data, mid),
                      source=source, body_start=layout.body_start, origin=where, encoding=encoding)
