"""Search terms: every word becomes the set of its lowercase surface form and its pymorphy lemmas.

A single "best" lemma is not enough for names pymorphy does not know: it reads «Токаев» as a form of
«токай» and «Токаева» as the female name «Токаева», so the lemmas of the two never meet. Indexing every
candidate lemma (and, for words pymorphy only guesses at, the word itself), and querying each word as OR
over the same set, makes two words match when their sets share a member: «Токаева» {токаева, токаев} meets
«Токаев» {токаев, токай}, and «переговоры» meets «переговорах» {переговоры}. Index and query go through
`forms`, so they always agree.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

# Letters and digits; hyphenated words are split, as SQLite's unicode61 tokenizer would split them anyway.
WORD = re.compile(r"[^\W_]+")
# Query words located before the snippet window is chosen.
SNIPPET_HITS = 8
# More candidate lemmas than this add index size but almost never recall.
MAX_LEMMAS = 3


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е")


@lru_cache(maxsize=50_000)  # 17 MiB full; the limit, not a short run, is what a long ingest holds
def forms(word: str) -> tuple[str, ...]:
    """The distinct lemmas pymorphy proposes, best first, after the word itself when it may be a name."""
    from ..nlp.normalize import parse_word  # one pymorphy analyzer for the whole package

    w = _fold(word)
    if w.isdigit() or len(w) < 2:
        return (w,)
    parses = parse_word(w)
    out: list[str] = []
    for p in parses:
        lemma = _fold(p.normal_form)
        if lemma not in out:
            out.append(lemma)
            if len(out) == MAX_LEMMAS:
                break
    # An ordinary word is described by its lemmas. A name is not: pymorphy guesses at most surnames, or
    # "knows" them as something else («Токаев» as a form of «токай»), so a capitalised or unknown word keeps
    # itself as an anchor.
    if w not in out and (word[:1].isupper() or not (parses and parses[0].is_known)):
        out.insert(0, w)
    return tuple(out) or (w,)


def query_forms(word: str) -> tuple[str, ...]:
    """Forms to look for: the index's, plus the word itself, so a name typed in lower case finds it too."""
    fs = forms(word)
    w = _fold(word)
    return fs if w in fs else (w, *fs)


def index_text(text: str) -> str:
    """The text as FTS tokens: each word's forms, space-separated, in reading order."""
    return " ".join(f for m in WORD.finditer(text) for f in forms(m.group()))


def query_words(query: str) -> list[str]:
    return WORD.findall(query)


# --- the search language: words (every one must occur), OR between alternatives, "a phrase", -word -------------

# An alternative to what came before it; «ИЛИ» too, for a query typed on a Russian keyboard.
_OR = frozenset({"OR", "ИЛИ"})
_QUERY_TOKEN = re.compile(r'(?P<neg>(?<![^\s(])-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')


@dataclass(frozen=True)
class Query:
    """A parsed query: every clause must match (a clause is alternatives: words or phrases), no excluded
    term may. A term is a tuple of words; a phrase is a term of more than one word, in that order."""
    clauses: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]

    @property
    def has_phrase(self) -> bool:
        return any(len(t) > 1 for c in self.clauses for t in c) or any(len(t) > 1 for t in self.excluded)

    @property
    def words(self) -> list[str]:
        """The words to look for (and mark in snippets), excluded ones left out."""
        return [w for c in self.clauses for t in c for w in t]


@lru_cache(maxsize=1024)
def parse(query: str) -> Query:
    """User input as a Query. Nothing in it is an error: FTS5 syntax (NEAR, *, :, parentheses, ^) is read
    as plain text, an unclosed quote runs to the end, a lone OR or «-» is ignored."""
    clauses: list[list[tuple[str, ...]]] = []
    excluded: list[tuple[str, ...]] = []
    join = False
    for m in _QUERY_TOKEN.finditer(query or ""):
        raw = m.group("phrase") if m.group("phrase") is not None else m.group("word")
        if m.group("word") is not None and raw in _OR and not m.group("neg"):
            join = bool(clauses)
            continue
        words = tuple(WORD.findall(raw))
        if not words:
            continue
        if m.group("neg"):
            excluded.append(words)
            continue
        # a word with inner punctuation («Римский-Корсаков», «COVID-19») is a phrase of its parts
        if join:
            clauses[-1].append(words)
        else:
            clauses.append([words])
        join = False
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded))


@dataclass(frozen=True)
class _Syntax:
    """How a full-text engine writes a literal form and the boolean operators: FTS5's MATCH language, or
    PostgreSQL's tsquery. One builder writes both, so the two backends ask the same question."""
    quote: str
    and_: str
    or_: str
    not_: str


FTS5 = _Syntax('"', " AND ", " OR ", " NOT ")
TSQUERY = _Syntax("'", " & ", " | ", " & !")


def _word_group(w: str, syn: _Syntax = FTS5) -> str:
    fs = query_forms(w)
    # forms are runs of letters and digits (WORD), so quoting them is all FTS5 (or tsquery) needs to read
    # them literally
    q = syn.quote
    return "(" + syn.or_.join(f"{q}{f}{q}" for f in fs) + ")" if len(fs) > 1 else f"{q}{fs[0]}{q}"


def _term_expression(term: tuple[str, ...], syn: _Syntax = FTS5) -> str:
    # A word has several forms in the index, so a phrase cannot be an FTS5 phrase: its words are required
    # here and their order is checked against the text (text_matches).
    groups = [_word_group(w, syn) for w in term]
    return groups[0] if len(groups) == 1 else "(" + syn.and_.join(groups) + ")"


def match_expression(query: str, syn: _Syntax = FTS5) -> str | None:
    """An FTS5 MATCH expression for a query (see `parse`), or with `syn=TSQUERY` the same as a PostgreSQL
    tsquery; None when nothing is asked for (no words, or only excluded ones). Every form is a quoted
    string, so no user input can be query syntax."""
    q = parse(query)
    if not q.clauses:
        return None
    parts = []
    for clause in q.clauses:
        alts = [_term_expression(t, syn) for t in clause]
        parts.append(alts[0] if len(alts) == 1 else "(" + syn.or_.join(alts) + ")")
    expr = syn.and_.join(parts)
    singles = [t for t in q.excluded if len(t) == 1]  # an excluded phrase is checked against the text
    if singles:
        expr = f"({expr})" + "".join(f"{syn.not_}{_word_group(t[0], syn)}" for t in singles)
    return expr


def words_expression(words: str, syn: _Syntax = FTS5) -> str | None:
    """Every word of `words` in any form, with no query syntax: for names («Римский-Корсаков», «-»)."""
    groups = [_word_group(w, syn) for w in query_words(words)]
    return syn.and_.join(groups) if groups else None


def phrases(query: str) -> list[str]:
    """The forms of `match_expression(query)` in the order FTS5 numbers its phrases (the order written),
    repeats kept: what its bm25 sums over, for a backend that computes bm25 itself."""
    expr = match_expression(query)
    return re.findall(r'"([^"]*)"', expr) if expr else []


def _text_forms(text: str) -> list[set[str]]:
    return [set(forms(m.group())) for m in WORD.finditer(text)]


def _has_term(seq: list[set[str]], have: set[str], term: tuple[str, ...]) -> bool:
    wanted = [set(query_forms(w)) for w in term]
    if len(wanted) == 1:
        return not have.isdisjoint(wanted[0])
    n = len(wanted)
    return any(all(not seq[i + k].isdisjoint(wanted[k]) for k in range(n)) for i in range(len(seq) - n + 1))


def text_matches(text: str, query: str) -> bool:
    """Whether `text` matches a query (see `parse`): what the FTS match expression asks, with the order of
    a phrase's words, for a text at hand."""
    q = parse(query)
    if not q.clauses:
        return False
    seq = _text_forms(text)
    have: set[str] = set().union(*seq) if seq else set()
    return all(any(_has_term(seq, have, t) for t in c) for c in q.clauses) and \
        not any(_has_term(seq, have, t) for t in q.excluded)


def name_key(name: str) -> str:
    """A headword name folded for equality (case, ё, punctuation): «Касым-Жомарт Токаев» → «касым жомарт токаев»."""
    return " ".join(_fold(w) for w in WORD.findall(name))


def snippet(text: str, query: str, width: int = 160, mark: tuple[str, str] = ("**", "**")) -> str:
    """A window of `text` around the densest run of query words, those words marked.

    Done here rather than with FTS5's snippet() because the index holds forms, not the words as written.
    """
    wanted = [set(query_forms(w)) for w in parse(query).words]
    if not wanted:
        return _tidy(text[:width], tail=len(text) > width)
    anyform = set().union(*wanted)
    hits = _find(text, _prefix_pattern(wanted), anyform) or _find(text, WORD, anyform)
    if not hits:
        return _tidy(text[:width], tail=len(text) > width)
    # the window starting at a hit that covers the most hits
    best, best_n = hits[0][0], 0
    for i, (s, _) in enumerate(hits):
        n = sum(1 for a, b in hits[i:] if b <= s + width)
        if n > best_n:
            best, best_n = s, n
    start = max(0, best - width // 4)
    if start > 0:  # begin at a word
        space = text.find(" ", start, best)
        start = space + 1 if space >= 0 else best
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", max(start, hits[0][1]), end)
        end = space if space > start else end
    out, pos = [], start
    for a, b in hits:
        if a >= start and b <= end:
            out += [text[pos:a], mark[0], text[a:b], mark[1]]
            pos = b
    out.append(text[pos:end])
    return _tidy("".join(out), lead=start > 0, tail=end < len(text))


def _find(text: str, pattern: re.Pattern | None, anyform: set[str]) -> list[tuple[int, int]]:
    hits: list[tuple[int, int]] = []
    if pattern is None:
        return hits
    for m in pattern.finditer(text):
        if not anyform.isdisjoint(forms(m.group())):
            hits.append((m.start(), m.end()))
            # enough to place a window: reading on through a long article costs time and changes little
            if len(hits) >= SNIPPET_HITS:
                break
    return hits


@lru_cache(maxsize=1024)
def _prefix_pattern_cached(prefixes: tuple[str, ...]) -> re.Pattern:
    alts = "|".join(re.escape(p).replace("е", "[её]") for p in prefixes)
    return re.compile(rf"(?<![^\W_])(?:{alts})[^\W_]*", re.IGNORECASE)


def _prefix_pattern(wanted: list[set[str]]) -> re.Pattern | None:
    """Words that begin like a query word's forms: a quick first pass, so that only candidates are looked
    up in the dictionary. Forms that share no prefix («люди», «человек») fall back to reading every word."""
    prefixes = []
    for s in wanted:
        p = os.path.commonprefix(sorted(s))
        if len(p) < 3:
            return None
        prefixes.append(p)
    return _prefix_pattern_cached(tuple(sorted(set(prefixes))))


def _tidy(s: str, lead: bool = False, tail: bool = False) -> str:
    return ("…" if lead else "") + " ".join(s.split()) + ("…" if tail else "")
