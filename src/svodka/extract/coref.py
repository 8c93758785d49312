"""Coreference inside one article: titles and pronouns become mentions of the person they refer to.

Titles («президент России», «президенту Казахстана», «российский лидер», «глава МИД России») are found by
the lemmas of their words, so every inflected form matches. A title resolves, in this order, to:
1. the person it introduces by apposition («президент России Владимир Путин», «с министром … Лавровым»);
2. the person the article introduced earlier with the same title or with a title the roles file puts in the
   same role («российский лидер» after «президент России Владимир Путин»);
3. the holder of the role on the publication date from the roles file (a person of the article with that
   name, or a new entity when the article never names them); without a date only a holder the article
   names is taken, since "the current holder" may be wrong for an old text (an initial agrees with a first
   name: «И. Сомов» is «Игорь Сомов»).
A title of a head of state that names no country («глава государства») is the one head of state the
article has named, else the one person of the article the roles file knows as one.
Personal pronouns (он, его, ей…) refer to the nearest earlier person of their gender and number, within
two sentences (a paragraph break ends a sentence, full stop or not), and only when that choice is
unambiguous: a wrong speaker is worse than no speaker. So two people in the nearest sentence leave the
pronoun alone unless one is the subject; an oblique «его», «ему», «ей» with a thing of its gender nearer in
its sentence is left alone; inside a «…» quotation only persons named inside it count, and outside one
the persons a quotation talks about do not. A resolved pronoun carries its person on to the next one.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from ..link.roles import Role, Roles, default_roles  # the roles file is this stage's input
from ..model import Entity, Mention, TitleRef
from ..nlp.normalize import parse_word
from ..nlp.pipeline import Parsed, Token
from ..nlp.words import WORD, lemma, lemma_key, never_a_name, token_lemmas
from .text import guillemet_spans, guillemet_span_at

# Head nouns of titles a person is called by (lemmas). The roles file adds its own phrases on top.
TITLE_HEADS = frozenset("""
президент вице-президент премьер премьер-министр вице-премьер министр замминистр глава замглавы руководитель
председатель зампред заместитель канцлер вице-канцлер король королева принц султан эмир шейх монарх генсек
секретарь пресс-секретарь мэр губернатор лидер спикер посол директор гендиректор представитель генпрокурор
прокурор командующий главнокомандующий начальник главком министр-председатель патриарх понтифик депутат
сенатор госсекретарь советник помощник губернатор-элект президент-элект верховный аятолла
""".split())
# Words that may stand before a title head («российский лидер», «бывший президент»); adjectives of
# nationality are recognised by their part of speech, these by name.
TITLE_MODIFIERS = frozenset("бывший нынешний новый действующий временно исполняющий генеральный первый".split())
NOT_MODIFIERS = frozenset("сам самый весь этот тот такой свой наш ваш их его её".split())
# Titles that name a head of state without saying of which country («глава государства»): they refer to the
# head of state the article speaks of.
GENERIC_HEAD_OF_STATE = frozenset({("глава", "государство"), ("глава", "страна"), ("президент", "страна")})
HEAD_OF_STATE = frozenset("президент король королева монарх".split())
MAX_GENITIVE = 5  # «министр иностранных дел Российской Федерации»
WINDOW_SENTS = 2  # a pronoun looks back this many sentences besides its own

MASC = frozenset("он его него ему нему им ним нем нём".split())
FEM = frozenset("она ее её нее неё ей ней ею нею".split())


@dataclass
class _Title:
    i: int  # first token
    j: int  # one past the last token
    key: tuple[str, ...]
    role: Role | None


def _is_genitive_part(tok: Token) -> bool:
    if tok.text.isupper() and len(tok.text) > 1 and tok.text.isalpha():
        return True  # abbreviations: МИД, ООН, ФСБ (often tagged without a case)
    return tok.pos in ("NOUN", "PROPN", "ADJ") and tok.feats.get("Case") == "Gen"


def _titles(tokens: list[Token], lemmas: list[str], roles: Roles, names: set[int] = frozenset()) -> list[_Title]:
    """Title phrases in reading order, longest match first, never overlapping; a genitive chain stops at the
    start of a person's name (`names`: token start offsets), so «советник Владимира Путина» is not a title
    of Путин. `lemmas`: each token's lemma (`words.token_lemmas`)."""
    keys = roles.keys()
    lengths = roles.key_lengths()
    found: list[_Title] = []
    i = 0
    n = len(tokens)
    while i < n:
        # a phrase of the roles file, longest first
        hit = None
        for ln in lengths.get(lemmas[i], ()):
            if ln > n - i:
                continue
            key = tuple(lemmas[i:i + ln])
            if key in keys and all(t.text[:1].isalpha() for t in tokens[i:i + ln]):
                hit = _Title(i, i + ln, key, roles.find(" ".join(t.text for t in tokens[i:i + ln])))
                break
        if hit is None:
            # a generic title: modifiers, a title head, then a genitive chain («министр иностранных дел России»)
            j = i
            while j < n and (lemmas[j] in TITLE_MODIFIERS or
                             (tokens[j].pos == "ADJ" and tokens[j].text[:1].islower()
                              and lemmas[j] not in NOT_MODIFIERS)) and j - i < 3:
                j += 1
            if j < n and lemmas[j] in TITLE_HEADS and tokens[j].pos in ("NOUN", "PROPN"):
                k = j + 1
                while k < n and k - j <= MAX_GENITIVE and _is_genitive_part(tokens[k]) \
                        and tokens[k].start not in names:
                    k += 1
                # a title the roles file does not know may still resolve inside the article
                hit = _Title(i, k, tuple(lemmas[i:k]), roles.find(" ".join(t.text for t in tokens[i:k])))
        if hit is None:
            i += 1
            continue
        if tokens[hit.j - 1].feats.get("Number") == "Plur" or tokens[hit.i].feats.get("Number") == "Plur":
            i = hit.j  # «глав Казахстана и России»: several people
            continue
        head = next((t for t in tokens[hit.i:hit.j] if lemma(t.text) in TITLE_HEADS), tokens[hit.i])
        if head.feats.get("Number") == "Plur":
            i = hit.j
            continue
        found.append(hit)
        i = hit.j
    return found


def _head(tokens: list[Token], t: _Title) -> Token:
    return next((tok for tok in tokens[t.i:t.j] if lemma(tok.text) in TITLE_HEADS), tokens[t.i])


def _agree(head: Token, name: Token) -> bool:
    """A title stands in apposition to a name in the same case («президентом … Токаевым»); «дочь президента
    Иванку Трамп» and «представитель Обамы» are not the title of the name that follows."""
    a, b = head.feats.get("Case"), name.feats.get("Case")
    return a is None or b is None or a == b


@lru_cache(maxsize=5_000)
def _person_key(name: str) -> tuple[str, ...]:
    """`lemma_key` of a name, but an initial stays a letter: the dictionary reads «Д.» as an abbreviation of
    another word."""
    return tuple(w.lower() if len(w) == 1 else lemma(w) for w in WORD.findall(name))


def _same_person(entity_name: str, holder: str) -> bool:
    """Entity name agrees with a holder's name: same words, the same surname where one gives only that, or
    an initial for the first name («И. Сомов» and «Игорь Сомов»)."""
    a, b = _person_key(entity_name), _person_key(holder)
    if not a or not b:
        return False
    if a == b:
        return True
    if a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1 or a[0] == b[0]:
        return True
    return (len(a[0]) == 1 or len(b[0]) == 1) and a[0][0] == b[0][0]


def _heads_state(role: Role) -> bool:
    """A role whose holder is a head of state: a president or monarch, or one the roles file calls «глава …
    государства»."""
    title = lemma_key(role.title)
    return bool(title) and title[0] in HEAD_OF_STATE or any(
        len(k) == 3 and k[0] == "глава" and k[2] == "государство"
        for k in map(lemma_key, (role.title, *role.aliases)))


def _gender_of_name(name: str) -> str | None:
    for p in parse_word(name.split()[0].lower()):
        if {"Name", "Surn"} & set(p.tag.grammemes) and p.tag.gender in ("masc", "femn"):
            return "Masc" if p.tag.gender == "masc" else "Fem"
    return None


def _entity_gender(entity: Entity, tok_at: dict[int, Token]) -> str | None:
    votes = Counter()
    for m in entity.mentions:
        if m.kind in ("name", "surname"):
            t = tok_at.get(m.start)
            if t is not None and t.feats.get("Gender") in ("Masc", "Fem"):
                votes[t.feats["Gender"]] += 1
    if votes:
        return votes.most_common(1)[0][0]
    return _gender_of_name(entity.name)


def _sent_first(sent_of: list[int], k: int) -> int:
    i = k
    while i > 0 and sent_of[i - 1] == sent_of[k]:
        i -= 1
    return i


# Nouns the grammar counts inanimate that stand for a person («Источник в правительстве рассказал …»)
PERSON_SOURCES = frozenset(("источник",))


def describes_person(t: Token, want: str, compound: bool = False) -> bool:
    """A common noun in the nominative that may describe the person a pronoun of `want` («Masc», «Fem»,
    «Plur») stands for («губернатор», «врачи»; «Пресс-агент» the tagger read as a name at a sentence's start).
    With `compound`, a hyphenated noun the dictionary does not list is read by its first part («врач-косметолог»)."""
    f = t.feats
    if f.get("Case") != "Nom" or not (t.pos == "NOUN" or t.pos == "PROPN" and never_a_name(t.text)):
        return False
    if compound and "-" in t.text and any(p.tag.POS == "NOUN" and "anim" in p.tag and p.is_known
                                          for p in parse_word(t.text.split("-")[0].lower())):
        return True
    if f.get("Animacy") != "Anim" and lemma(t.text) not in PERSON_SOURCES:
        return False
    if want == "Plur":
        return f.get("Number") == "Plur"
    return f.get("Number") == "Sing" and f.get("Gender") in (want, None)


def _described_subject(tokens: list[Token], a: int, b: int, want: str, inside_entity) -> bool:
    """A person described by a common noun («губернатор», «главный инженер завода») as the subject in tokens
    a..b, of the pronoun's gender, no name of the article covering it."""
    return any(describes_person(t, want) and not inside_entity(t.start, t.end) for t in tokens[a:b])


def _thing_between(tokens: list[Token], sent_of: list[int], a: int, b: int, want: str, inside_entity) -> bool:
    """An inanimate singular noun of the pronoun's gender, as subject or object, in tokens a..b of the
    pronoun's sentence: «его», «ему», «ей» may as well refer to it."""
    genders = {"Masc", "Neut"} if want == "Masc" else {"Fem"}
    for t in tokens[a:b]:
        f = t.feats
        if t.pos == "NOUN" and f.get("Animacy") == "Inan" and f.get("Number") == "Sing" \
                and f.get("Gender") in genders and f.get("Case") in ("Nom", "Acc") \
                and not inside_entity(t.start, t.end):
            return True
    return False


def resolve(parsed: Parsed, entities: list[Entity], published: date | datetime | None = None,
            roles: Roles | None = None) -> list[Entity]:
    """Add title and pronoun mentions to the person entities (new ones for holders named only by title)."""
    roles = roles or default_roles()
    text = parsed.text
    tokens = parsed.tokens
    starts = [t.start for t in tokens]
    # sentences, where a paragraph break also ends one: a headline or a line with no full stop is not
    # part of the next paragraph's first sentence
    sent_of: list[int] = []
    sent_start: list[int] = []
    for s in parsed.sents:
        prev_end = None
        for t in s.tokens:
            if prev_end is None or "\n" in text[prev_end:t.start]:
                sent_start.append(t.start)
            sent_of.append(len(sent_start) - 1)
            prev_end = t.end
    tok_at = {t.start: t for t in tokens}

    persons = [e for e in entities if e.type == "PER"]
    # Where each person's name mentions start, to find the name right after a title.
    name_start: dict[int, Entity] = {}
    covered: list[tuple[int, int]] = []
    for e in entities:
        for m in e.mentions:
            covered.append((m.start, m.end))
            if e.type == "PER":
                name_start[m.start] = e
    covered.sort()
    cov_starts = [c[0] for c in covered]

    def inside_entity(a: int, b: int) -> bool:
        k = bisect_right(cov_starts, a) - 1
        return k >= 0 and covered[k][1] > a

    by_key: dict[tuple[str, ...], Entity] = {}
    by_role: dict[int, Entity] = {}
    new_entities: list[Entity] = []

    def holder_entity(role: Role) -> Entity | None:
        if published is not None:
            name = role.holder(published)
            if name is None:
                return None
            for e in persons + new_entities:
                if _same_person(e.name, name):
                    return e
            e = Entity("", "PER", name, [])
            new_entities.append(e)
            return e
        present = {id(e): e for h in role.holders for e in persons if _same_person(e.name, h.name)}
        return next(iter(present.values())) if len(present) == 1 else None

    heads_of_state: dict[int, Entity] = {}  # persons the article has called heads of state, in order
    places = sorted((m.start, m.end) for e in entities if e.type == "LOC" for m in e.mentions)

    def of_a_country(t: _Title) -> bool:
        """A president or monarch of a place («президент Колумбии», «колумбийский президент»), not of a
        company or a club."""
        if lemma(_head(tokens, t).text) not in HEAD_OF_STATE:
            return False
        for tok in tokens[t.i:t.j]:
            k = bisect_right(places, (tok.start, float("inf"))) - 1
            if k >= 0 and places[k][0] <= tok.start < places[k][1]:
                return True
            if tok.pos == "ADJ" and lemma(tok.text) not in TITLE_MODIFIERS:
                return True
        return False

    def head_of_state() -> Entity | None:
        """«глава государства»: the one head of state the article has named so far, else the one person of
        the article the roles file knows as a head of state."""
        if heads_of_state:
            return next(iter(heads_of_state.values())) if len(heads_of_state) == 1 else None
        found = {id(e): e for r in roles.roles if _heads_state(r) for h in r.holders for e in persons
                 if _same_person(e.name, h.name)}
        return next(iter(found.values())) if len(found) == 1 else None

    for t in _titles(tokens, token_lemmas(parsed), roles, set(name_start)):
        a, b = tokens[t.i].start, tokens[t.j - 1].end
        if inside_entity(a, b):
            continue  # part of an organisation's or place's name
        target = None
        nxt = tokens[t.j].start if t.j < len(tokens) else None
        if nxt is not None and nxt in name_start and sent_of[t.j] == sent_of[t.j - 1] \
                and _agree(_head(tokens, t), tokens[t.j]):
            target = name_start[nxt]  # apposition: the title introduces the name that follows
            by_key.setdefault(t.key, target)
            if t.role is not None:
                by_role.setdefault(id(t.role), target)
        else:
            target = by_key.get(t.key)
            if target is None:
                # a shorter form of a title introduced before («министр» after «министр обороны …»)
                cands = {id(e): e for k, e in by_key.items() if k[:len(t.key)] == t.key}
                # but a bare «глава» or «лидер» heads too many different titles to be read that way
                if len(cands) == 1 and t.key not in (("глава",), ("лидер",)):
                    target = next(iter(cands.values()))
            if target is None and t.role is not None:
                target = by_role.get(id(t.role)) or holder_entity(t.role)
            if target is None and t.key in GENERIC_HEAD_OF_STATE:
                target = head_of_state()
        if target is not None:
            target.mentions.append(Mention(a, b, text[a:b], "title"))
            if t.role is not None and _heads_state(t.role) or t.role is None and of_a_country(t):
                heads_of_state.setdefault(id(target), target)

    # Pronouns: candidates are all person mentions so far (names, surnames, titles), in text order.
    all_persons = persons + new_entities
    cands: list[tuple[int, int, Entity]] = []  # (start, token index, entity)
    for e in all_persons:
        for m in e.mentions:
            k = bisect_left(starts, m.start)
            if k < len(tokens):
                cands.append((m.start, k, e))
    cands.sort(key=lambda c: c[0])
    cand_starts = [c[0] for c in cands]
    gender = {id(e): _entity_gender(e, tok_at) for e in all_persons}
    quotes = guillemet_spans(text)

    for k, tok in enumerate(tokens):
        w = tok.text.lower()
        if w in MASC:
            want = "Masc"
        elif w in FEM:
            want = "Fem"
        else:
            continue
        if tok.feats.get("Number") == "Plur" or tok.pos not in ("PRON", "DET"):
            continue
        if inside_entity(tok.start, tok.end):
            continue
        si = sent_of[k]
        lo = bisect_left(cand_starts, sent_start[max(0, si - WINDOW_SENTS)])
        hi = bisect_left(cand_starts, tok.start)
        pool = [c for c in cands[lo:hi] if gender[id(c[2])] == want]
        quote = guillemet_span_at(quotes, tok.start)
        if quote is not None:
            # inside a quotation «он» is someone the speaker talks about, seldom the speaker named outside it
            pool = [c for c in pool if quote[0] <= c[0] < quote[1]]
        else:
            # and a person the quotation talks about is not who «— сказал он» is
            pool = [c for c in pool if guillemet_span_at(quotes, c[0]) is None]
        if not pool:
            continue
        # the nearest sentence holding a candidate decides; it must point at one person
        near = sent_of[pool[-1][1]]
        here = [c for c in pool if sent_of[c[1]] == near]
        ents = {id(c[2]): c[2] for c in here}
        if len(ents) > 1:
            subjects = {id(c[2]): c[2] for c in here if tokens[c[1]].feats.get("Case") == "Nom"}
            if len(subjects) != 1:
                continue
            ents = subjects
        if quote is None and not any(tokens[c[1]].feats.get("Case") == "Nom" for c in here) \
                and _described_subject(tokens, _sent_first(sent_of, here[0][1]), here[0][1], want, inside_entity):
            # «Губернатор встретился с Игорем Волковым. «…», — сказал он.»: the sentence's subject is a person
            # described, not named, and «он» is more likely that person than the one named in an object
            continue
        target = next(iter(ents.values()))
        if w not in ("он", "она") and _thing_between(tokens, sent_of, max(here[-1][1] + 1, _sent_first(sent_of, k)),
                                                     k, want, inside_entity):
            continue  # «отказался от дефиса… от него»: a thing of that gender is the nearer antecedent
        target.mentions.append(Mention(tok.start, tok.end, tok.text, "pronoun"))
        # a resolved pronoun carries the person on, so the next one may refer back to it
        at = bisect_left(cand_starts, tok.start)
        cands.insert(at, (tok.start, k, target))
        cand_starts.insert(at, tok.start)

    out = entities + [e for e in new_entities if e.mentions]
    for e in out:
        e.mentions.sort(key=lambda m: m.start)
    out.sort(key=lambda e: e.mentions[0].start if e.mentions else len(text))
    for n, e in enumerate(out, 1):
        e.id = f"e{n}"
    return out


# Titles that say what a person was or will be, not what they are on the article's day.
NOT_NOW = frozenset("бывший экс прежний покойный будущий избранный избрать временно исполняющий врио".split())
# Words before a title that say nothing of which title it is («новый спикер Госдумы» is «спикер Госдумы»).
NOW_WORDS = frozenset("новый нынешний действующий".split())
# «сменил на посту генерального директора МАГАТЭ Мохаммеда Эль-Барадеи»: the name after is the predecessor.
REPLACED = frozenset("сменить заменить".split())
# Titles many people hold at once («депутат Госдумы», «вице-премьер России», «советник президента»): true of
# each, but no answer to "who is it on that day", which is what a learnt title is for.
MANY_AT_ONCE = frozenset("""депутат сенатор советник помощник представитель заместитель замглавы зампред замминистр
вице-премьер член""".split())


def _full_name(text: str) -> bool:
    """A first name and a surname, not an initial («В. Путин») or a surname alone: a title is learnt only
    for someone the article names in full."""
    words = text.replace(".", ". ").split()
    return len(words) >= 2 and len(words[0]) > 2 and not words[0].endswith(".")


def _genitive(tok: Token) -> bool:
    """A word of a title's genitive chain. The tagger reads a place it does not know («Нарнии») in the case
    of the words around it, so a capitalised word the dictionary can read as a genitive counts too."""
    if _is_genitive_part(tok):
        return True
    return tok.text[:1].isupper() and tok.pos in ("NOUN", "PROPN") and any(
        p.tag.case == "gent" for p in parse_word(tok.text.lower()))


def _sentence_start(parsed: Parsed, k: int) -> bool:
    """Token `k` opens a sentence or a line, where an adjective is capitalised («Российский министр …»)."""
    if k == 0:
        return True
    gap = parsed.text[parsed.tokens[k - 1].end:parsed.tokens[k].start]
    return "\n" in gap or parsed.tokens[k - 1].text in (".", "!", "?", "…")


def _is_head(tok: Token) -> bool:
    return lemma(tok.text) in TITLE_HEADS and tok.pos in ("NOUN", "PROPN") and tok.feats.get("Number") != "Plur"


def appositions(parsed: Parsed, entities: list[Entity], published: date | datetime | None = None,
                roles: Roles | None = None) -> list[TitleRef]:
    """The titles the article gives its people by apposition: a qualified title directly followed, in the
    same case, by a person's full name («президент Казахстана Касым-Жомарт Токаев», «с главой Минфина Антоном
    Силуановым», «встреча президента России Владимира Путина»). A title names a country or an organisation
    («президент Казахстана», «глава Минфина», «казахстанский президент») or is a phrase of the roles file: a
    bare «министр» or «министр финансов» fits several people at once, as do «депутат Госдумы» and «вице-премьер
    России» (`MANY_AT_ONCE`): not learnt. A former, future or acting office («бывший президент», «избранный
    президент США», «врио губернатора») is not what the person is that day."""
    roles = roles or default_roles()
    tokens = parsed.tokens
    tok_index = {t.start: k for k, t in enumerate(tokens)}
    persons = {m.start: (e, m) for e in entities if e.type == "PER" for m in e.mentions if m.kind == "name"}
    others = {m.start for e in entities if e.type != "PER" for m in e.mentions}
    day = published.date() if isinstance(published, datetime) else published
    out: list[TitleRef] = []
    names = set(persons)  # once: a set per person made an article of many names quadratic
    for start, (e, m) in sorted(persons.items()):
        j = tok_index.get(start)
        if j is None or not _full_name(m.text):
            continue
        span = _title_before(parsed, j, names, others)
        if span is None:
            continue
        i, head = span
        words = tokens[i:j]
        # «избранным президентом США»: the participle before the title is not part of it, but says it is not yet
        before = [tokens[i - 1]] if i > 0 else []
        if any(lemma(t.text) in NOT_NOW or t.text.lower().startswith("экс") for t in [*before, *words]):
            continue
        if any(lemma(t.text) in REPLACED for t in tokens[max(0, i - 3):i]):
            continue
        if lemma(tokens[head].text) in MANY_AT_ONCE:
            continue
        a, b = tokens[i].start, tokens[j - 1].end
        # of a country or an organisation: a proper name or an abbreviation after the head («министр финансов
        # России», «глава Минфина»), or an adjective before it («казахстанский президент»)
        qualified = any(t.text[:1].isupper() for t in tokens[head + 1:j]) or any(
            tokens[k].pos == "ADJ" and lemma(tokens[k].text) not in TITLE_MODIFIERS for k in range(i, head))
        if not qualified and roles.find(parsed.text[a:b]) is None:
            continue
        title = " ".join([lemma(t.text) for t in tokens[i:head + 1] if lemma(t.text) not in NOW_WORDS]
                         + [t.text for t in tokens[head + 1:j]])
        out.append(TitleRef(a, b, parsed.text[a:b], title, " ".join(lemma_key(title)), e.id,
                            day.isoformat() if day else None))
    return out


def _title_before(parsed: Parsed, j: int, names: set[int], others: set[int]) -> tuple[int, int] | None:
    """(first token, head token) of the title standing right before the name at token `j`, in its case:
    the leftmost title head of the genitive chain before the name that agrees with it («пресс-секретарь
    президента России Дмитрий Песков» is the press secretary; «встреча президента России Владимира Путина»
    names the president), with the adjectives before that head («российский министр …»). None without one."""
    tokens, text = parsed.tokens, parsed.text
    k = j
    while k > 0 and j - k <= MAX_GENITIVE + 1 and not text[tokens[k - 1].end:tokens[k].start].count("\n") \
            and tokens[k - 1].start not in names and (_is_head(tokens[k - 1]) or _genitive(tokens[k - 1])):
        k -= 1
    head = next((p for p in range(k, j) if _is_head(tokens[p]) and tokens[p].start not in others
                 and _agree(tokens[p], tokens[j]) and tokens[p].feats.get("Case") is not None), None)
    if head is None:
        return None
    i = head
    while i > 0 and head - i < 3 and not text[tokens[i - 1].end:tokens[i].start].count("\n") and (
            lemma(tokens[i - 1].text) in TITLE_MODIFIERS or tokens[i - 1].pos == "ADJ"
            and (tokens[i - 1].text[:1].islower() or _sentence_start(parsed, i - 1))
            and lemma(tokens[i - 1].text) not in NOT_MODIFIERS):
        i -= 1
    return i, head
