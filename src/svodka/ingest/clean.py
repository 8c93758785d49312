"""The clean view of a post: the words a reader sees, without the markup a channel wraps them in.

Telegram posts arrive as Markdown (`**bold**`, `__italic__`, `[text](url)`), with emoji, zero-width
characters and a channel footer («Подписаться на …», «Прислать новость», «@channel»). The models and the
quote rules were built on agency text: a quote wrapped in `__«…»__` or a `**` inside its attribution is
missed, and a footer repeated under every post makes its channel's city the most mentioned place. So
analysis reads `clean(text).text`, and every offset it finds maps back through `CleanView.offsets` to the
text as published, which the archive keeps for display.

What goes:
- Markdown marks `**`, `__`, `~~`, `||` and backticks. Single `*` and `_` stay: channels write them as
  plain characters («*переходишь на удалёнку*», identifiers with underscores).
- `[text](url)` keeps its text. A link whose text has no letter or digit (`[​](https://youtu.be/…)`,
  `[👉 ](…)`) goes whole, only its line breaks stay.
- Bare URLs (`https://…`, `www.…`, `t.me/…`) go. They are not part of any sentence: razdel splits them
  into Latin slug words the NER model tags as organisations, their dots end sentences, and they sit
  between a quote and its attribution («…» https://… — заявил). A link's text is what the reader reads.
- Emoji (pictographs, dingbats, flags, keycaps, skin tones) and format characters (Unicode category Cf:
  U+200B…U+200F, U+2060, U+FEFF, soft hyphen, ZWJ, bidi marks) and variation selectors go.
- A trailing block of footer lines goes: calls to subscribe or to send news, lines of @handles, #tags and
  channel links only. The rules are patterns of such lines, not a list of channels.

Removed text becomes nothing, or one space where an emoji, URL or empty link stood between two words,
so words are never glued. The view is a pure function of the text.
"""
from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass

# Emoji code points: pictographs and symbols (U+1F000-1FAFF, incl. flags and skin tones), the BMP symbol,
# dingbat and shape blocks channels use as bullets and stars, ‼ and ⁉. Arrows (→) are left to the emoji
# rule «any symbol + U+FE0F»: in prose they stand between numbers and places («Москва → Казань»).
_EMOJI = ("\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\u25A0-\u25FF"
          "\u203C\u2049\u3030\u303D\u3297\u3299")
# Unicode format characters (category Cf) and combining marks that only shape emoji: variation
# selectors, the keycap combiner U+20E3, tag characters. Listed as ranges: a per-character unicodedata
# call would cost more than the rest of the cleaning.
_INVISIBLE = ("\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064"
              "\u2066-\u206F\uFEFF\uFFF9-\uFFFB\uFE00-\uFE0F\u20E3\U000110BD\U000110CD\U0001BCA0-\U0001BCA3"
              "\U0001D173-\U0001D17A\U00013430-\U0001343F\U000E0001\U000E0020-\U000E007F\U000E0100-\U000E01EF")

_HREF = r"[^\s()]*(?:\([^\s()]*\)[^\s()]*)*"  # one level of parentheses: Wikipedia-style URLs
_URL = r"(?:https?://|www\.|(?<![^\W_])(?<![.@/])t\.me/)[^\s<>«»\"\[\]*|`]*[^\s<>«»\"\[\]*|`_.,;:!?)…]"

_LINK = rf"(?P<link>\[(?P<ltext>[^\[\]]*)\]\((?P<href>{_HREF})\))"
_REST = (rf"(?P<url>{_URL})"
         r"|(?P<mark>\*\*|__|~~|\|\||`+)"
         # a keycap («1️⃣») is a list bullet: its digit goes with it, or it would join the next number
         rf"|(?P<emoji>[0-9#*]\uFE0F?\u20E3|[^\w\s]\uFE0F|[{_EMOJI}{_INVISIBLE}]+)")
_TOKEN = re.compile(f"{_LINK}|{_REST}")
_INNER = re.compile(_REST)  # inside a link's text: everything but links

# Anything the view would remove, for the fast path: a text without it is its own clean view. Substring
# tests run at C speed; one character class covers emoji and invisible characters.
_ASCII_SIGNS = ("**", "__", "~~", "||", "`", "](", "http://", "https://", "www.", "t.me/")
_SYMBOL = re.compile(f"[{_EMOJI}{_INVISIBLE}]")
_VISIBLE = re.compile(f"[^{_INVISIBLE}]")

# Calls to action of channel footers: subscribe, send us news, read us, our other channels.
_CTA = re.compile(
    r"подпис(?:аться|ывайся|ывайтесь)|подпиши(?:сь|тесь)"
    r"|(?:прислать|предложить|предлагайте|предложи)\s+(?:свою\s+|нам\s+)?(?:новост|фото|видео|контент|пост|материал)"
    r"|присла\w*\s+через|присылай(?:те)?|прислайте|предложк\w*|обратн\w+\s+связ|связь\s+с\s+(?:нами|редакци)"
    r"|(?:чита|смотр)(?:ть|йте|й)\s+нас|наш(?:и)?\s+(?:канал|чат|сайт)\w*|без\s+vpn"
    r"|(?:мы|нас)\s+в\s+(?:vk|вк|max|дзен|одноклассниках|youtube|ютуб)"
    r"|(?:поддержать|буст\w*)\s+канал"
    r"|^\W*(?:подробнее|читать\s+(?:далее|полностью|статью))\W*(?:по\s+ссылке|здесь|тут|на\s+сайте)?\W*$",
    re.IGNORECASE,
)
_CTA_MAX_WORDS = 12
# a link to a channel, a bot or an invite; not to one post (t.me/name/123), which is a source the text cites
_CHANNEL_HREF = re.compile(r"^(?:(?:https?://)?(?:t\.me|telegram\.me|telegram\.dog)/(?![\w]+/\d)|tg://)",
                           re.IGNORECASE)
_TRAILING_HANDLE = re.compile(r"@[\w.]*\w\W*$")
_PLUG_MAX_WORDS = 10
_HANDLE_OR_TAG = re.compile(r"[@#][\w.]+")
_WORD = re.compile(r"\w+")
_NO_SPACE_BEFORE = set(".,;:!?)»…")
_HSPACE = " \t\xa0\u2009\u202f"


@dataclass(frozen=True)
class CleanView:
    """`text` is what analysis reads; `offsets[i]` is the index in the original text of `text[i]`
    (strictly increasing). `footer` is the (start, end) of the removed footer block in the original."""
    text: str
    offsets: array
    footer: tuple[int, int] | None = None

    def start(self, i: int) -> int:
        return self.offsets[i] if i < len(self.offsets) else self._after_last()

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of a clean span: its end is one past the original of its last character, so
        markup right after the span stays outside it."""
        if end <= start:
            s = self.start(start)
            return s, s
        return self.offsets[start], self.offsets[end - 1] + 1

    def _after_last(self) -> int:
        return self.offsets[-1] + 1 if len(self.offsets) else 0


class _Out:
    """The clean text being built in runs, with the original index of every character."""

    def __init__(self, text: str) -> None:
        self.src = text
        self.parts: list[str] = []
        self.offs = array("l")
        self.last = ""  # last character emitted
        self.gap: int | None = None  # original index of a removal that separated words, not yet resolved
        self.links: list[tuple[int, int, str]] = []  # (clean start, clean end, href) of kept link texts
        self.urls: list[tuple[int, str]] = []  # (clean position, url) of removed URLs and empty links

    def __len__(self) -> int:
        return len(self.offs)

    def run(self, a: int, b: int) -> None:
        src = self.src
        if a >= b:
            return
        if self.gap is not None:
            if self.offs and self.last in _HSPACE and (src[a] == "\n" or src[a] in _NO_SPACE_BEFORE):
                self._drop_last()  # «держитесь! 😣⏎»: no space left hanging before the line break
            if not self.last or self.last == "\n" or self.last in _HSPACE:
                # an emoji at a line start or beside a space leaves no space of its own
                while a < b and src[a] in _HSPACE:
                    a += 1
                if a >= b:
                    return
            elif src[a] not in _HSPACE and src[a] != "\n" and src[a] not in _NO_SPACE_BEFORE:
                self.char(" ", self.gap)
            self.gap = None
        self.parts.append(src[a:b])
        self.offs.extend(range(a, b))
        self.last = src[b - 1]

    def _drop_last(self) -> None:
        self.offs.pop()
        while self.parts and not self.parts[-1]:
            self.parts.pop()
        self.parts[-1] = self.parts[-1][:-1]
        while self.parts and not self.parts[-1]:
            self.parts.pop()
        self.last = self.parts[-1][-1] if self.parts else ""

    def char(self, c: str, i: int) -> None:
        self.parts.append(c)
        self.offs.append(i)
        self.last = c

    def removed(self, i: int) -> None:
        if self.gap is None:
            self.gap = i

    def newline(self, i: int) -> None:
        self.gap = None
        self.char("\n", i)


def _emit(text: str, a: int, b: int, out: _Out, pattern: re.Pattern) -> None:
    pos = a
    for m in pattern.finditer(text, a, b):
        out.run(pos, m.start())
        pos = m.end()
        kind = m.lastgroup
        if kind == "mark":
            continue
        if kind == "emoji":
            # a picture separates the words beside it; an invisible character (soft hyphen, ZWSP) does not
            if _VISIBLE.search(m.group()):
                out.removed(m.start())
        elif kind == "url":
            out.urls.append((len(out), m.group()))
            out.removed(m.start())
        else:  # link: its text, cleaned the same way, or nothing when it has no words
            inner = _Out(text)
            inner.last, inner.gap = out.last, out.gap
            _emit(text, m.start("ltext"), m.end("ltext"), inner, _INNER)
            href = m.group("href")
            if any(c.isalnum() for part in inner.parts for c in part):
                start = len(out)
                out.parts.extend(inner.parts)
                out.offs.extend(inner.offs)
                out.last, out.gap = inner.last, inner.gap
                out.urls.extend((start + p, u) for p, u in inner.urls)
                out.links.append((start, len(out), href))
            else:
                out.urls.append((len(out), href))
                newlines = [i for i in range(m.start("ltext"), m.end("ltext")) if text[i] == "\n"]
                for i in newlines:
                    out.newline(i)
                if not newlines:
                    out.removed(m.start())
    out.run(pos, b)


def _footer_line(line: str, lo: int, hi: int, links: list[tuple[int, int, str]], urls: list[tuple[int, str]]) -> bool:
    """Is one clean line (at clean offsets lo..hi) a footer line: a call to subscribe or send news, or
    nothing but handles, tags and channel links?"""
    words = len(_WORD.findall(line))
    if _CTA.search(line) and words <= _CTA_MAX_WORDS:
        return True
    # links and URLs are in text order and do not overlap: bisect, so a long post stays linear
    k = bisect_left(links, (hi,))
    on_line = []
    while k > 0 and links[k - 1][1] > lo:
        k -= 1
        on_line.append(links[k])
    u = bisect_left(urls, (lo,))
    had_ref = bool(on_line) or (u < len(urls) and urls[u][0] <= hi) or bool(_HANDLE_OR_TAG.search(line))
    rest = _HANDLE_OR_TAG.sub("", line)
    if had_ref and not any(c.isalnum() for c in rest):
        return True
    channel_links = [(s, e) for s, e, h in on_line if _CHANNEL_HREF.match(h)]
    if words <= _PLUG_MAX_WORDS:
        # a plug for a channel: «Новости Дубая - @dubaimap», «Без цензуры в [Москва Live](https://t.me/+…)»
        if _TRAILING_HANDLE.search(line):
            return True
        last = max((i for i, c in enumerate(line) if c.isalnum()), default=None)
        if last is not None and any(s <= lo + last < e for s, e in channel_links):
            return True
    return False


def _footer_start(text: str, links, urls) -> int | None:
    """Clean offset where the trailing footer block starts, or None. A footer needs text above it: a post
    that is nothing but such lines keeps them."""
    lines: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    cut = None
    i = len(lines) - 1
    while i >= 0:
        lo, hi = lines[i]
        line = text[lo:hi]
        if not line.strip():
            i -= 1
            continue
        if not _footer_line(line, lo, hi, links, urls):
            break
        cut = lo
        i -= 1
    if cut is None or not text[:cut].strip():
        return None
    return cut


def needs_cleaning(text: str) -> bool:
    """Whether the clean view can differ from the text; False for plain agency text, cheaply."""
    if any(sign in text for sign in _ASCII_SIGNS) or _SYMBOL.search(text) is not None:
        return True
    # Without markup a footer block ends the text with a footer line as written: test only that line.
    end = len(text.rstrip())
    last = text[text.rfind("\n", 0, end) + 1:end]
    return ("@" in last or "#" in last or len(last.split()) <= _CTA_MAX_WORDS and _CTA.search(last) is not None)


def identity(text: str) -> CleanView:
    return CleanView(text, array("l", range(len(text))))


def clean(text: str, footers: bool = True) -> CleanView:
    """The clean view of a post (see the module docstring); the text itself when there is nothing to clean."""
    if not needs_cleaning(text):
        return identity(text)
    out = _Out(text)
    _emit(text, 0, len(text), out, _TOKEN)
    if out.gap is not None and out.offs and out.last in _HSPACE:
        out._drop_last()  # «ИТОГИ ПОДВЕДЕНЫ 🥳» ends with the words, not with a space
    clean_text = "".join(out.parts)
    offs = out.offs
    footer = None
    if footers and (cut := _footer_start(clean_text, out.links, out.urls)) is not None:
        kept = len(clean_text[:cut].rstrip())
        # the footer region in the original starts at its first line, markup and emoji included
        after_kept = offs[kept - 1] + 1 if kept else 0
        first = offs[cut] if cut < len(offs) else len(text)
        footer = (max(after_kept, text.rfind("\n", after_kept, first) + 1), len(text))
        clean_text, offs = clean_text[:kept], offs[:kept]
    return CleanView(clean_text, offs, footer)


TITLE_MAX_CHARS = 120


def shorten(line: str, limit: int = TITLE_MAX_CHARS) -> str:
    """One line for display: whitespace collapsed, cut at a word boundary with «…» when too long."""
    s = " ".join(line.split())
    if len(s) <= limit:
        return s
    cut = s.rfind(" ", 0, limit)
    if cut < limit // 2:
        cut = limit
    return s[:cut].rstrip(" ,;:—–-") + "…"


def first_line(view_text: str) -> str | None:
    for line in view_text.split("\n"):
        if line.strip(" \t\xa0|•—–-:"):
            return line
    return None


# a list bullet is layout, not part of the line it opens: of a post's title («• Трамп набрал …») or of a quoted list
# item (extract/direct_speech.py)
BULLETS = " \t\xa0•·▪●◦‣"


def clean_title(title: str | None, text: str, view: CleanView | None = None) -> str | None:
    """A title for display: the given one without its markup, else the post's first clean line. `view`
    is `clean(text)` when the caller has it."""
    if title:
        t = shorten(clean(title, footers=False).text.lstrip(BULLETS))
        if t.strip(" |•—–-:"):
            return t
    line = first_line((view or clean(text)).text)
    return shorten(line.lstrip(BULLETS)) if line else None
