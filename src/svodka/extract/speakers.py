"""Who spoke: the speaker phrase tied to a cue, resolved to an entity of the article.

The quote extractor hands over the token range of the speaker phrase (the subject of the speech verb, the
agent of «по словам X», the noun phrase after a postposed «— сказал …»). Resolution, in order:
1. an entity mention of the article covers the phrase (names, surnames, and the title and pronoun mentions
   in-article coreference adds) → that entity, by its canonical name; a surname of relatives goes to the
   one of the verb's gender («Петрова сказала» when the grouping gave it to her brother);
2. a person or organisation named inside the phrase («президент США Дональд Трамп», «журнала Tver Weekly»);
3. a pronoun → the most recent earlier speaker or person of its gender and number;
4. a title → the person the article introduces with it («пианист Олег Сомов» … «музыкант»), then the
   roles knowledge file on the publication date;
5. a bare common noun right after a named speaker («— сказал врач») → that speaker; a bare noun of sex,
   age or origin («Мужчина рассказал», «Индиец добавил») → the one person named just before it; a bare
   organisation noun («Суд указал») → the one organisation of the article with that noun in its name;
6. otherwise the phrase as written, in the nominative: an unnamed source («источник издания»), or an
   organisation named by a common noun («правительство»).
Wrong speakers are worse than none, so every fallback is local and conservative.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime
from os.path import commonprefix

from ..link.roles import Roles, default_roles  # the roles file is this stage's input
from ..model import Entity, Mention
from ..nlp.normalize import _shape_like, case_checked, normalize_span, parse_word, word_is_known
from ..nlp.pipeline import Parsed, Token
from ..nlp.words import lemma, lemmas, never_a_name
from .coref import TITLE_HEADS, TITLE_MODIFIERS, describes_person
from .dates import MONTH, WEEKDAY
from .ner_fix import NAME_PARTICLES
from .text import QUOTE_CHARS, guillemet_span_at, guillemet_spans, sentence_start

PRONOUNS = {
    "он": "Masc", "его": "Masc", "него": "Masc", "ему": "Masc", "нему": "Masc", "им": None, "ним": None,
    "она": "Fem", "ее": "Fem", "её": "Fem", "нее": "Fem", "неё": "Fem", "ей": "Fem", "ней": "Fem",
    "они": "Plur", "их": "Plur", "них": "Plur", "им ": "Plur",
}
_POSSESSIVE_PRONOUNS = frozenset("его ее её их".split())
RELATIVE = frozenset("который которая которые кто".split())
# what opens a clause set off by commas between a subject and its verb: «Петрова, чья книга вышла весной,
# сказала», «Конституционный совет, где произошёл переворот, подтвердил», «Петров, когда его спросили,
# ответил»
_CLAUSE_OPENERS = RELATIVE | frozenset("чей чья чье чьё чьи где куда откуда когда".split())
# Common nouns that name an institution rather than a person: a speaker with this head is an organisation.
ORG_HEADS = frozenset("""
правительство министерство ведомство минздрав мид мвд полиция прокуратура суд колония офис агентство
служба пресс-служба секретариат администрация кремль комиссия комитет совет партия компания банк
организация издание газета журнал телеканал радиостанция агентство штаб посольство фонд группа
управление департамент центр парламент дума сенат милиция армия кабинет правление телевидение
федерация ассоциация союз лига клуб академия университет институт корпорация концерн холдинг
мэрия горсовет консульство больница клиника госпиталь штаб-квартира орган аппарат оперштаб
""".split())
# Words the NER may tag as organisations that name no one in particular («сообщают СМИ»).
GENERIC_SOURCES = frozenset("сми масс-медиа медиа".split())
# Head nouns of the names of government bodies, which «ведомство» can stand for.
STATE_BODY_WORDS = frozenset("министерство служба агентство ведомство комитет управление департамент инспекция "
                             "надзор комиссия прокуратура".split())
# Texts whose content is their author's words: «говорится в заявлении МВД», «Материал озаглавлен цитатой».
DOCUMENT = frozenset("""заявление сообщение материал письмо обращение поздравление пресс-релиз микроблог документ
комментарий распоряжение указ приказ постановление доклад отчёт отчет релиз коммюнике резолюция послание
телеграмма публикация уведомление аннотация приговор закон законопроект иск протокол решение определение
исследование сводка бюллетень справка записка рапорт меморандум декларация петиция жалоба пост видеообращение""".split())
# Inanimate nouns that can still stand for whoever speaks through them.
_SPEAKING_THINGS = ORG_HEADS | DOCUMENT | {"статья"}
# Short names of ministries (lemmas): «глава Минздрава» is a minister
MINISTRIES = frozenset("""мид минобороны минфин минздрав минюст минтранс минэнерго минобрнауки минпромторг
минэкономразвития минцифры минцифра минсельхоз минтруд минприроды минкультуры минспорт минстрой минпросвещения
минэкономики минвостокразвития""".split())
STATE_BODY_ABBREVIATIONS = frozenset("""МИД МВД МЧС ФСБ ФСО СВР ФНС ФТС ФАС ФСИН ФМС ФСКН СК ГИБДД ГУВД УВД ФССП ФМБА
Минобороны Минфин Минздрав Минюст Минтранс Минэнерго Минобрнауки Минпромторг Минэкономразвития""".split())
# Generic descriptors of media dropped before their name («журнала Tver Weekly» → Tver Weekly).
MEDIA = frozenset("журнал газета издание телеканал канал радиостанция агентство портал сайт".split())
# Words for the kind of an organisation that stand before its name in apposition («компания Apple»,
# «телеграм-канал Baza»): the name alone is the source, as for a medium
KIND_OF_ORGANISATION = frozenset("""
издательство информагентство медиахолдинг холдинг телеграм-канал канал паблик фирма компания концерн корпорация
банк авиакомпания ритейлер сервис платформа стартап бренд производитель разработчик оператор ия
""".split())
# Generic nouns a source's description may use for the organisation (or country) the article just named
# («пресс-служба ведомства», «пресс-служба авиакомпании», «представитель этой страны»). Not a medium: «источники издания»
# is how the gold writes an outlet's unnamed sources as often as it names the outlet.
GENERIC_OWNERS = frozenset("ведомство компания авиакомпания корпорация концерн банк страна".split())
# Of those, roles a reader takes for the person the article introduced with the same word («эксперт Евгений
# Минченко» … «считает эксперт»), unlike a source that stays unnamed («источник», «собеседник»).
INTRODUCED_ROLES = frozenset("эксперт специалист аналитик житель очевидец свидетель наблюдатель".split())
# Another way news names a title, without the place (lemmas → the title's head): «глава региона» is the
# governor the article introduced, «глава города» the mayor
_GENERIC_TITLES = {
    **{("глава", w): "губернатор" for w in ("регион", "область", "край", "субъект")},
    **{("глава", w): "мэр" for w in ("город", "столица", "мэрия")},
    ("градоначальник",): "мэр",
    **{("глава", w): "президент" for w in ("государство", "страна")},
    **{("глава", w): "премьер-министр" for w in ("правительство", "кабмин")},
    **{("глава", w): "министр" for w in ("ведомство", "министерство", *MINISTRIES)},
    ("глава", "альянс"): "генсек",
}
# Nouns news calls a person by after introducing them with another (lemma → the lemmas of the introductions
# it may point back to): «парламентарий» after «Депутат Госдумы Андрей Иванов», «венгерский премьер» after
# «Премьер-министр Венгрии Виктор Орбан», «наставник» after «главный тренер … Валерий Карпин». Lexical
# knowledge, not a guess: each noun is a hypernym or synonym of the ones it lists.
_SPORTS = "футболист хоккеист теннисист теннисистка баскетболист волейболист боксёр боксер борец гимнаст гимнастка " \
          "фигурист фигуристка биатлонист биатлонистка лыжник лыжница пловец пловчиха легкоатлет легкоатлетка " \
          "гонщик шахматист шахматистка спортсменка спортсмен"
_ARTS = "певец певица актёр актер актриса музыкант артист артистка исполнитель исполнительница рэпер рэперша " \
        "вокалист вокалистка солист солистка"
KIN_DESCRIPTIONS = {k: frozenset(v.split()) - {k} for k, v in {
    "премьер": "премьер-министр",
    "парламентарий": "депутат сенатор",
    "депутат": "парламентарий фракция госдума дума рада парламент",
    "политик": "депутат сенатор министр премьер-министр премьер президент губернатор мэр лидер спикер председатель",
    "дипломат": "посол постпред консул генконсул мид",
    "чиновник": "министр замминистр замглавы губернатор вице-губернатор мэр вице-мэр руководитель начальник",
    "наставник": "тренер",
    "тренер": "наставник",
    "спортсмен": _SPORTS,
    "спортсменка": _SPORTS,
    "игрок": "футболист хоккеист теннисист баскетболист волейболист нападающий полузащитник защитник вратарь",
    "форвард": "нападающий футболист хоккеист",
    "артист": _ARTS,
    "артистка": _ARTS,
    "звезда": _ARTS + " " + _SPORTS,
    "исполнитель": "певец музыкант рэпер вокалист солист",
    "исполнительница": "певица вокалистка солистка",
    "бизнесмен": "предприниматель миллиардер основатель владелец совладелец",
    "предприниматель": "бизнесмен миллиардер основатель владелец совладелец",
    "миллиардер": "бизнесмен предприниматель основатель владелец",
    "учёный": "профессор исследователь академик физик химик биолог историк астроном",
    "ученый": "профессор исследователь академик физик химик биолог историк астроном",
    "медик": "врач доктор хирург главврач терапевт педиатр инфекционист онколог",
    "врач": "доктор хирург главврач терапевт педиатр инфекционист онколог",
    "супруга": "жена", "жена": "супруга", "супруг": "муж", "муж": "супруг",
    "метеоролог": "синоптик климатолог",
    "синоптик": "метеоролог",
    "журналист": "корреспондент репортёр репортер обозреватель редактор ведущий",
    "журналистка": "корреспондентка обозревательница редактор ведущая",
}.items()}
# Nouns news calls a person by to avoid repeating the name given in the sentence before (its subject):
# titles, ranks and roles of one person (not a spokesman, adviser or deputy, who is someone else)
VARIATION_HEADS = (TITLE_HEADS - frozenset("представитель советник помощник заместитель секретарь пресс-секретарь "
                                           "замглавы зампред замминистр".split())) | frozenset(
    "руководитель генпрокурор примадонна спортсмен спортсменка политик дипломат чиновник бизнесмен "
    "предприниматель миллиардер артист артистка певец певица актёр актер актриса звезда".split())
# Heads of a description that fit any title («руководитель госкорпорации» after «Глава Роскосмоса …»)
GENERIC_HEADS = frozenset("глава руководитель лидер начальник шеф спикер".split()) | (VARIATION_HEADS - TITLE_HEADS)
# Tokens a sentence's subject may stand after («Ранее в понедельник глава МИД …»)
SUBJECT_TOKENS = 8
# Titles of those known by one name, written with it («патриарх Кирилл», «папа Франциск», «король Карл»)
NAMED_WITH_TITLE = frozenset("патриарх папа митрополит архиепископ епископ король королева принц принцесса султан "
                             "эмир шейх аятолла".split())
# Words before a description that do not change whom it describes («сам политик», «нынешний глава региона»)
_EMPHASIS = frozenset("сам нынешний действующий".split())
# Sentences back a pronoun's described antecedent is looked for, over sentences whose subject is the same
# pronoun
PRONOUN_CHAIN_SENTENCES = 3
# How many of the tagger's votes a past verb after a person's name counts for, deciding the person's gender
VERB_GENDER_VOTES = 3
# Tokens back a bare noun looks for the fuller phrase the article described its source with (a text of nothing
# but such nouns must not cost a scan to its start per quote)
FULLER_LOOKBACK = 3000
# Heads that describe a source the article does not name (never resolved to an earlier speaker).
INDEFINITE = frozenset("""
источник собеседник очевидец свидетель эксперт аналитик специалист житель представитель сотрудник
респондент пользователь наблюдатель сми член участник организатор защитник
""".split())

# Nouns that describe a person by sex or age, not by a role: as a bare subject they are the person just
# named («Полиция задержала Олега Сомова. Мужчина рассказал…»), where «Врач рассказал» may be someone new.
DESCRIPTIVE = frozenset("""
мужчина женщина парень девушка юноша подросток мальчик девочка старик старушка пенсионер пенсионерка
уроженец уроженка
""".split())
# Nouns of what a person is known as, not of a job that brings a new source in: a bare subject the one
# person just named («Илон Маск высказался о выборах. Миллиардер написал…»), where «Политолог считает» is
# someone new. A former office (экс-…) is read the same way.
EPITHETS = frozenset("""
миллиардер мультимиллиардер миллионер олигарх бизнесмен бизнесвумен предприниматель республиканец демократ
консерватор лейборист либерал политик звезда знаменитость селебрити ветеран легенда чемпион чемпионка
олимпиец олимпийский призёр призер рекордсмен рекордсменка банкир финансист промышленник меценат филантроп инвестор
""".split())
DEMONYM_ENDINGS = ("ец", "ка", "анин", "янин", "ич")


@dataclass
class Attribution:
    speaker: str | None
    speaker_type: str | None
    entity: str | None = None
    mention: Mention | None = None


NONE = Attribution(None, None)


def _name_gender(name: str) -> str | None:
    for word in name.split()[:1]:
        for p in parse_word(word.lower()):
            if "Name" in p.tag.grammemes and p.tag.case == "nomn":
                return {"masc": "Masc", "femn": "Fem"}.get(p.tag.gender)
    return None


def _noun_not_name(word: str) -> bool:
    """A capitalised word the tagger took for a name but the dictionary knows only as a common noun (its
    first known reading a noun with no name grammeme; unlike `nlp.words.never_a_name`, which also takes
    adjectives, verbs and compound professions, and looks at every reading)."""
    low = word.lower()
    if low.startswith("экс-") and len(low) > 6:
        low = low[4:]  # «Экс-министр»: a former office is a common noun as the office is
    parses = [p for p in parse_word(low) if p.is_known]
    return bool(parses) and parses[0].tag.POS == "NOUN" and not (
        {"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"} & set(parses[0].tag.grammemes))


def _person_noun(word: str) -> bool:
    """A capitalised word the dictionary knows only as a noun for a person («Хирург»), not as a name, or a
    compound of common nouns it does not list («Пресс-агент»)."""
    if "-" in word.strip("-") and not word_is_known(word.lower()):
        return never_a_name(word)
    parses = [p for p in parse_word(word.lower()) if p.is_known]
    return _noun_not_name(word) and "anim" in parses[0].tag.grammemes


def _genitive_name(name: str, gender: str | None) -> str:
    """«Олег Сомов» → «Олега Сомова», for a description of someone by whose they are («адвокат Олега
    Сомова»). Particles stay («Людвига ван Бетховена»); of a hyphenated name only the last part declines («Жан-Поля»).
    Words pymorphy does not know stay as written, except a man's foreign name ending in a consonant
    («Би Би Кинг» → «Би Би Кинга», «Голль» → «Голля»)."""
    def one(word: str) -> str:
        if word.lower() in NAME_PARTICLES or not word[:1].isupper():
            return word
        if "-" in word:
            head, _, last = word.rpartition("-")
            return f"{head}-{one(last)}"  # «Жан-Поль» → «Жан-Поля»: only the last part declines
        parses = [p for p in parse_word(word.lower()) if p.is_known and p.tag.case == "nomn"
                  and {"Name", "Surn", "Patr"} & set(p.tag.grammemes)]
        form = parses[0].inflect({"gent"}) if parses else None
        if form is not None:
            w = form.word
        elif gender == "Masc" and word[-1:].lower() == "ь":
            w = word[:-1] + "я"
        elif gender == "Masc" and word[-1:].isalpha() and word[-1].lower() not in "аеёиоуыэюяй":
            w = word + "а"
        else:
            w = word
        return w[:1].upper() + w[1:]
    return " ".join(one(w) for w in name.split())


def _tok_gender(tok: Token) -> str | None:
    if tok.feats.get("Number") == "Plur":
        return "Plur"
    return tok.feats.get("Gender")


class Speakers:
    def __init__(self, text: str, parsed: Parsed, entities: list[Entity],
                 published: date | datetime | None = None, roles: Roles | None = None) -> None:
        self.text = text
        self.tokens = parsed.tokens
        self.starts = [t.start for t in self.tokens]
        self.published = published
        self.roles = roles or default_roles()
        self.entities = {e.id: e for e in entities}
        self.mentions: list[tuple[int, int, Entity, Mention]] = sorted(
            ((m.start, m.end, e, m) for e in entities for m in e.mentions), key=lambda x: (x[0], -x[1]))
        self.m_starts = [m[0] for m in self.mentions]
        self.gender: dict[str, str | None] = {}
        for e in entities:
            if e.type == "PER":
                votes: dict[str, int] = {}
                for m in e.mentions:
                    if m.kind in ("name", "surname"):
                        for t in self.span_tokens(m.start, m.end):
                            g = _tok_gender(t)
                            if g in ("Masc", "Fem"):
                                votes[g] = votes.get(g, 0) + 1
                        # the past verb the name is the subject of says it surely («Фемке Халсема осудила»,
                        # where the tagger guesses a foreign name's gender); not after a bare surname, which the
                        # grouping may have given the wrong namesake («Роберт Рено» … «Рено умерла»)
                        g = self._verb_gender_after(m.end) if m.kind == "name" else None
                        if g is not None:
                            votes[g] = votes.get(g, 0) + VERB_GENDER_VOTES
                self.gender[e.id] = max(votes, key=votes.get) if votes else _name_gender(e.name)
        # names completed from a speaker phrase (entity id -> fuller name), applied to all its quotes (`final`)
        self._better_names: dict[str, str] = {}
        # for _introduced_as: the lemmas before each person's name mention, and which mentions have a lemma
        # among them (built once, so a description costs the mentions that may match, not all of them)
        self._windows: dict[int, list[str]] = {}
        self._window_index: dict[str, list[int]] | None = None
        self._surnames: dict[str, list[Entity]] | None = None  # last word of full person names, for _surname_of
        self._holders: dict[str, Entity | None] = {}  # a roles file's name → the article's person, for _named_holder
        self._main: Entity | bool | None = None  # the person the article is about (False: none), for _main_person
        self._intro: dict[str, list[tuple[int, Entity, Mention]]] | None = None
        self._full: dict[str, str] = {}
        self._quotes: list[tuple[int, int]] | None = None  # «…» quotations, for _antecedent
        # (position, attribution) of every speaker resolved so far, in text order: pronouns and bare nouns
        # look back here first
        self.history: list[tuple[int, Attribution]] = []
        self.sent_starts = [sn.start for sn in parsed.sents]

    # --- tokens -------------------------------------------------------------------------------------
    def _verb_gender_after(self, pos: int) -> str | None:
        """The gender of a singular past verb right after `pos` (past an adverb or particle), else None."""
        k = first = bisect_left(self.starts, pos)
        while k < len(self.tokens) and k < first + 3 and self.tokens[k].pos in ("ADV", "PART"):
            k += 1
        if k < len(self.tokens) and is_finite(self.tokens[k]) and self.tokens[k].feats.get("Tense") == "Past" \
                and self.tokens[k].feats.get("Number") == "Sing":
            g = self.tokens[k].feats.get("Gender")
            return g if g in ("Masc", "Fem") else None
        return None

    def tok_index(self, pos: int) -> int:
        """Index of the first token that starts at or after `pos`."""
        return bisect_left(self.starts, pos)

    def span_tokens(self, a: int, b: int) -> list[Token]:
        i = bisect_left(self.starts, a)
        out = []
        while i < len(self.tokens) and self.tokens[i].end <= b:
            out.append(self.tokens[i])
            i += 1
        return out

    def mentions_in(self, a: int, b: int) -> list[tuple[int, int, Entity, Mention]]:
        i = bisect_left(self.m_starts, a)
        out = []
        while i < len(self.mentions) and self.mentions[i][0] < b:
            if self.mentions[i][1] <= b:
                out.append(self.mentions[i])
            i += 1
        return out

    def mention_covering(self, a: int, b: int) -> tuple[int, int, Entity, Mention] | None:
        i = bisect_right(self.m_starts, a)
        best = None
        for j in range(max(0, i - 20), min(len(self.mentions), i + 5)):
            s, e, ent, m = self.mentions[j]
            if s <= a and b <= e and (best is None or e - s > best[1] - best[0]):
                best = self.mentions[j]
        return best

    # --- resolution ---------------------------------------------------------------------------------
    def final(self, attr: Attribution) -> Attribution:
        """`attr` under the fullest name any quote's speaker phrase gave its entity («МВД Украины» for every
        quote of «МВД», once one phrase named it so): asked once every quote of the article is resolved."""
        better = self._better_names.get(attr.entity) if attr.entity else None
        return Attribution(better, attr.speaker_type, attr.entity, attr.mention) if better else attr

    def remember(self, pos: int, attr: Attribution) -> None:
        if attr.speaker:
            self.history.append((pos, attr))

    def _entity_attr(self, ent: Entity, m: Mention) -> Attribution:
        if ent.type == "PER":
            return Attribution(self._fullest(ent), "person", ent.id, m)
        return Attribution(self._fullest(ent), "organization", ent.id, m)

    def resolve(self, i: int, j: int, verb: Token | None = None) -> Attribution:
        """The speaker named by tokens[i:j] (a noun phrase), `verb` the cue whose agreement helps: a relative
        or personal pronoun's antecedent, the owner of «его адвокат», a person or organisation named in the
        phrase, a title's holder on the publication date, else what the description refers to."""
        if i >= j:
            return NONE
        if _share_subject(self.tokens, i, j) == (i, j):
            # a share of people, as written («более 17% россиян»: no word of it is to be put in the nominative)
            a, b = self.tokens[i].start, self.tokens[j - 1].end
            name = self.text[a:b]
            return Attribution(name[:1].lower() + name[1:], "unnamed", None, Mention(a, b, name, "name"))
        toks, apposed = _apposed(self.tokens[i:j])
        toks = _trimmed(toks)
        attr = self._resolved(toks, verb)
        if apposed and attr.speaker and attr.speaker_type == "unnamed" and attr.entity is None:
            # an unnamed source with what the article says of it: «источник, знакомый с ходом переговоров»
            tail = self.text[apposed[0].start:apposed[-1].end]
            attr = Attribution(f"{attr.speaker}, {tail}", attr.speaker_type, None, attr.mention)
        return attr

    def _resolved(self, toks: list[Token], verb: Token | None) -> Attribution:
        a, b = toks[0].start, toks[-1].end
        head = self._head(toks)
        mention = Mention(a, b, self.text[a:b], "name")
        want = _tok_gender(verb) if verb is not None and verb.feats.get("Tense") == "Past" else None

        low = head.text.lower()
        if len(toks) == 1 and low in RELATIVE:
            return self._relative_pronoun(head, verb)
        if len(toks) == 1 and low in PRONOUNS:
            return self._personal_pronoun(head, low, want)

        found = self.mentions_in(a, b)
        cov = self.mention_covering(head.start, head.end)
        if cov is not None and cov not in found:
            found.append(cov)
        head_lemma = lemma(head.text)
        if head.pos == "NOUN" and toks[0].text.lower() in _POSSESSIVE_PRONOUNS and toks[0] is not head:
            return self._owned_by_pronoun(toks, head_lemma, mention, verb)
        named = self._person_in(toks, head, head_lemma, found, want)
        if named is None:
            named = self._organisation_in(toks, head, head_lemma, found, mention)
        if named is None:
            named = self._title_holder(a, b, head, want, mention)
        return named if named is not None else self._described(toks, head, head_lemma, a, want, mention)

    def _relative_pronoun(self, head: Token, verb: Token | None) -> Attribution:
        """«…, который признался»: whom the relative pronoun stands for."""
        k = bisect_left(self.starts, head.start)
        if k >= 2 and self.tokens[k - 1].text == "," and self.tokens[k - 2].pos == "NOUN" \
                and self.mention_covering(self.tokens[k - 2].start, self.tokens[k - 2].end) is None:
            # «Канадский офицер, который признался»: the noun before the comma is who, not the name
            # mentioned last before it
            ph = phrase_before(self, k - 1, self.text.rfind("\n", 0, head.start) + 1)
            if ph is not None and ph[1] == k - 1:
                return self.resolve(*ph, verb)
        return self._relative(head.start)

    def _personal_pronoun(self, head: Token, low: str, want: str | None) -> Attribution:
        """«он», «она», «они»: the person the pronoun is a mention of, else its antecedent."""
        cov = self.mention_covering(head.start, head.end)
        if cov is not None and cov[2].type == "PER" and self._agrees(cov[2], want):
            return self._entity_attr(cov[2], cov[3])
        return self._antecedent(head.start, PRONOUNS.get(low) or want)

    def _owned_by_pronoun(self, toks: list[Token], head_lemma: str, mention: Mention,
                          verb: Token | None) -> Attribution:
        """«Его адвокат сообщил»: the lawyer of the person «его» is, not that person."""
        owner = self._antecedent(toks[0].start, PRONOUNS.get(toks[0].text.lower()))
        ent = self.entities.get(owner.entity) if owner.entity else None
        rest = self._nominative(toks[1:])
        if ent is not None and ent.type == "PER":
            return Attribution(f"{rest} {_genitive_name(self._fullest(ent), self.gender.get(ent.id))}",
                               "unnamed" if head_lemma not in ORG_HEADS else "organization", None, mention)
        return self._resolved(toks[1:], verb)  # «Его директор» of a company: the phrase without «его»

    def _person_in(self, toks: list[Token], head: Token, head_lemma: str, found: list, want: str | None
                   ) -> Attribution | None:
        """A person named in the phrase as its speaker (not one it depends on: «представитель Эскобар»)."""
        head_case = head.feats.get("Case")
        pers = []
        for f in found:
            if f[2].type != "PER" or f[3].kind in ("title", "pronoun") and not self._agrees(f[2], want):
                continue
            cases = {t.feats.get("Case") for t in self.span_tokens(f[0], f[1])}
            # «Представитель Эскобар»: a person in the genitive after a common noun is not the speaker
            # «Представитель Эскобар», «источник Иванова»: a source described by whom it belongs to
            dependent = head_lemma in INDEFINITE and len(f[3].text.split()) == 1 and f[0] > head.start
            if head_lemma in ORG_HEADS and f[0] > head.start:
                continue  # «администрация президента» is no person
            if f[0] > head.start and head.pos == "NOUN" and head_case == "Nom" and f[3].kind == "name" \
                    and not (head.start <= f[0] < head.end) and _oblique_name(self.span_tokens(f[0], f[1])):
                continue  # «Адвокат Анны Лебедевой», «советник Владимира Путина»: whose the speaker is
            if f[0] <= head.start < f[1] or head.pos == "PROPN" or f[3].kind == "title" or head_case is None \
                    or not dependent and (head_case in cases or None in cases or len(f[3].text.split()) > 1):
                pers.append(f)
        # a name in parentheses glosses the one before it («Олаф Брекке (Olaf Brekke Lund)»)
        bare = [f for f in pers if self.text[max(0, f[0] - 3):f[0]].rstrip()[-1:] != "("]
        pers = bare or pers
        if pers:
            nom = [f for f in pers if any(t.feats.get("Case") == "Nom" for t in self.span_tokens(f[0], f[1]))]
            s, e, ent, m = (nom or pers)[-1]
            if m.kind == "surname" and not self._agrees(ent, want):
                ent = self._relative_of(ent, s, want) or ent
            # («Патриарх Кирилл»: `_fullest` names one known by a single name with the title the article gives)
            return self._fuller(self._entity_attr(ent, m), ent, s, e, toks)
        return None

    def _organisation_in(self, toks: list[Token], head: Token, head_lemma: str, found: list, mention: Mention
                         ) -> Attribution | None:
        """An organisation or place named in the phrase as its speaker."""
        # («СМИ Армении» is no organisation either: «Оппозиционные СМИ Армении сообщили»)
        orgs = [f for f in found if f[2].type in ("ORG", "LOC") and lemma(f[3].text.split()[0]) not in GENERIC_SOURCES]
        if orgs:
            s, e, ent, m = orgs[0]
            if s <= head.start < e:
                # the organisation with its genitive complement as written: «МВД Украины», «МВД России»
                tail = [t for t in toks if t.start >= s]
                name = self._fullest(ent)
                if len([t for t in tail if t.text[:1].isalnum()]) > len(name.split()):
                    name = normalize_span(tail, "ORG") or name
                    if len(name) > len(self._better_names.get(ent.id, ent.name)):
                        self._better_names[ent.id] = name
                return Attribution(name, "organization", ent.id, m)
            if (head_lemma in MEDIA or head_lemma in KIND_OF_ORGANISATION and e >= toks[-1].end) and head.start < s:
                if ent.type == "LOC":
                    # «Агентства «Москва»»: an outlet named after a place is the outlet, written whole
                    return Attribution(self._nominative(toks), "organization", None, mention)
                # «журнала Tver Weekly» → Tver Weekly; «компания Apple», «телеграм-канал Baza», «немецкий
                # концерн Bayer» → the name, without the word for what kind of organisation it is (all of a
                # Latin name the NER cut short: «газета Il Sole 24 Ore»)
                name = self._fullest(ent)
                rest = [t for t in toks if t.start >= s]
                if rest[-1].end > e and all(t.pos in ("X", "NUM") or t.text in "'’" for t in rest):
                    name = self.text[rest[0].start:rest[-1].end]
                return Attribution(name, "organization", ent.id, m)
            if head_lemma in ORG_HEADS:
                return Attribution(self._nominative(toks), "organization", ent.id, mention)
            if head.pos == "PROPN" and ent.type == "LOC" and not any(
                    t.pos == "ADP" and t.end <= s for t in toks if t.start > head.start):
                # (not a place in a complement: «Блогерша из Иваново», the word the tagger read as a name)
                return Attribution(self._fullest(ent), "organization", ent.id, m)

        return None

    def _title_holder(self, a: int, b: int, head: Token, want: str | None, mention: Mention) -> Attribution | None:
        """A title's holder by the roles file on the publication date («президент России»)."""
        phrase = self.text[head.start:b] if head.start >= a else self.text[a:b]
        for cand in (self.text[a:b], phrase):
            role = self.roles.find(cand)
            if role is None:
                continue
            # an undated text may be old: a holder it names, of any term («президент США» in an article about
            # Обама), before the one in office today
            named = {} if self.published is not None else {
                e.id: e for h in role.holders if (e := self._named_holder(h.name)) is not None}
            if len(named) == 1:
                ent = next(iter(named.values()))
                name = ent.name
            else:
                name = role.holder(self.published)
                ent = self._named_holder(name) if name else None
            if name:
                name = self._fullest(ent) if ent is not None else name
                g = self.gender.get(ent.id) if ent else _name_gender(name)
                if want not in ("Masc", "Fem") or g is None or g == want:
                    return Attribution(name, "person", ent.id if ent else None, mention)

        return None

    def _described(self, toks: list[Token], head: Token, head_lemma: str, a: int, want: str | None,
                   mention: Mention) -> Attribution:
        """A description («— сказал врач», «сообщило министерство»): whom the article introduced with it or
        named just before, else the description itself, in the nominative."""
        core = toks
        while len(core) > 1 and lemma(core[0].text) in _EMPHASIS:
            core = core[1:]
        ruled_out = False  # a reading that names the title and found it belongs to no one introduced
        synonym = _GENERIC_TITLES.get(tuple(lemma(t.text) for t in core))
        if synonym is not None:
            # «глава региона» after «Губернатор Белгородской области Вячеслав Гладков», «глава города» after «Мэр
            # Амстердама …»: the title the article introduced the person with, said another way
            intro = self._introduced(synonym, a, want)
            if intro is not None:
                return intro
        elif len(core) > 2 and all(t.pos == "ADJ" for t in core[1:-1]) and (
                synonym := _GENERIC_TITLES.get((lemma(core[0].text), lemma(core[-1].text)))) is not None:
            # «глава оборонного ведомства» after «министр обороны Израиля Йоав Галант»: the adjective must meet
            # its word in the introduction, as a kin description's place does
            intro = self._introduced_kin(frozenset((synonym,)), core, core[-1], a, want,
                                         stems=[lemma(t.text)[:4] for t in core[1:-1]])
            if intro is not None:
                return intro
            ruled_out = True  # (no one else by a looser reading: «глава оборонного ведомства» is no «министр финансов»)
        if len(toks) == 1 and head.text[:1].isupper():
            # «Дом считает» where the tagger read the surname of «Михаил Дом» as a common noun
            same = self._surname_of(head.text)
            if same is not None and self._agrees(same, want):
                return Attribution(self._fullest(same), "person", same.id, mention)
        was_name = head.pos == "PROPN"
        if head.pos == "PROPN" and len(toks) == 1 and _noun_not_name(head.text):
            head = Token(head.start, head.end, head.text, "NOUN", head.feats)  # «Скрипач добавил»
        if head.pos in ("NOUN", "ADJ") and len(toks) >= 2:
            intro = self._introduced_as(toks, a, want)
            if intro is not None:
                return intro
        if head.pos in ("NOUN", "ADJ") and (head_lemma not in INDEFINITE
                                            or head_lemma in INTRODUCED_ROLES and len(toks) == 1):
            intro = self._introduced(head_lemma, a, want,
                                     person=head.feats.get("Animacy") == "Anim" or _person_noun(head.text))
            if intro is None and head_lemma in KIN_DESCRIPTIONS and head.feats.get("Number") != "Plur" and all(
                    t is head or t.pos in ("ADJ", "DET") and t.start < head.start for t in core):
                intro = self._introduced_kin(KIN_DESCRIPTIONS[head_lemma] | {head_lemma}, core, head, a, want)
            if intro is not None:
                return intro
            # a bare noun, or one with adjectives only («знаменитая француженка», «78-летний мужчина»);
            # an inanimate one («британская пресса») is no person and no organisation named before
            if len([t for t in toks if t.pos not in ("DET", "ADJ", "NUM")]) == 1 and (
                    was_name or head.feats.get("Animacy") != "Inan" or head_lemma in _SPEAKING_THINGS):
                # «— сказал врач», «сообщило министерство»: the speaker named just before (not for a group of
                # people: «По словам следователей» after a suspect's words is not the suspect)
                kind = "organization" if head_lemma in ORG_HEADS else "person"
                group = head.feats.get("Number") == "Plur" and want not in ("Masc", "Fem")  # (a singular verb wins)
                # (nor several bodies for the one named last: «по данным правоохранительных органов»)
                prev = None if group else self._last_named(a, kind, want)
                if prev is None and self._descriptive(head):
                    prev = self._just_named(a, want)
                    if prev is None:
                        # «Блогерша из Иваново рассказала … По словам девушки, …»: the person the sentence before
                        # described as its subject, never named
                        g = "Plur" if head.feats.get("Number") == "Plur" else head.feats.get("Gender")
                        described = self._described_subject(a, g) if g in ("Masc", "Fem", "Plur") else None
                        prev = described[1] if described is not None and described[1].speaker else None
                if prev is None and head_lemma in ORG_HEADS and not group:
                    prev = self._org_described(head_lemma, a)
                    if prev is None:
                        prev = self._org_named(head_lemma, a)
                    if prev is None and head_lemma in KIND_OF_ORGANISATION:
                        prev = self._org_of_a_kind(a)
                    if prev is None and head_lemma == "ведомство":
                        prev = self._state_body(a)
                if prev is None and head_lemma in MEDIA:
                    prev = self._media_named(a)
                if prev is not None and not self._of_another_place(toks, head, prev):
                    return prev
        if head.pos == "PROPN" and len(toks) <= 3 and all(t.pos == "PROPN" for t in toks):
            # a name the NER missed here but found elsewhere: the person whose name ends with it
            same = self._surname_of(toks[-1].text)
            if same is not None:
                return Attribution(self._fullest(same), "person", same.id, mention)
            # a name the NER missed: keep it as a person
            words = normalize_span(toks, "PER")
            if words and words[:1].isupper():
                return Attribution(words, "person", None, mention)
        rest = [t for t in toks if t.start > head.start and t.text not in "«»\"„“"]
        if head_lemma in MEDIA and rest and all(t.text[:1].isupper() or not t.text[:1].isalpha() for t in rest):
            # «газета Süddeutsche Zeitung» where the NER found no name: the name without its descriptor
            return Attribution(self.text[rest[0].start:rest[-1].end], "organization", None, mention)
        if head.pos == "NOUN" and head.feats.get("Animacy") == "Anim" and head_lemma not in INDEFINITE \
                and head_lemma not in ORG_HEADS and head.feats.get("Number") != "Plur" \
                and all(t is head or t.pos in ("ADJ", "DET") and t.start < head.start for t in toks):
            holder = self._holder_named(head_lemma, a, want)
            if holder is not None:
                return holder
            # «— сказал хоккеист», «сам футболист написал»: a role noun the article never attached to anyone
            # is, in an article about one person, that person
            main = self._main_person(want)
            if main is not None:
                return main
        if head.pos == "NOUN" and head_lemma in VARIATION_HEADS and head.feats.get("Number") != "Plur" \
                and not ruled_out \
                and not any(f[2].type == "PER" for f in self.mentions_in(toks[0].start, toks[-1].end)):
            # «Глава Роскосмоса Юрий Борисов рассказал … Руководитель госкорпорации отметил»: news names the
            # subject of the sentence before by another title
            subject = self._subject_before(a, want, toks, head_lemma)
            if subject is not None:
                return subject
        resolved = self._generic_owner(toks, head, a)
        if resolved is not None:
            return resolved
        # («СМИ» stays as written: the gold writes the generic press bare, whatever adjective it had before)
        fuller = self._fuller_description(head, head_lemma, a) \
            if len(toks) == 1 and head.pos == "NOUN" and head_lemma not in GENERIC_SOURCES else None
        nominative = fuller or self._nominative(toks)
        kind = "organization" if head_lemma in ORG_HEADS | MEDIA else "unnamed"
        return Attribution(nominative, kind, None, mention)

    def _fuller_description(self, head: Token, head_lemma: str, before: int) -> str | None:
        """The last fuller phrase the article described this source with before `before`: «Власти США
        арестовали …» … «Власти считают» → «власти США»; «Британская полиция» … «Полиция утверждает» (a source
        the article never names is written as the article describes it, QUOTES-GOLD.md). None if there is none."""
        toks = self.tokens
        last = bisect_left(self.starts, before) - 1
        for n in range(last, max(-1, last - FULLER_LOOKBACK), -1):
            t = toks[n]
            if t.pos != "NOUN" or t.feats.get("Number") != head.feats.get("Number") or lemma(t.text) != head_lemma:
                continue
            case = t.feats.get("Case")
            a = n
            while a > 0 and toks[a - 1].pos == "ADJ" and toks[a - 1].feats.get("Case") == case:
                a -= 1
            e = n + 1
            while e < len(toks) and toks[e].start < before:
                if e + 2 < len(toks) and lemma(toks[e].text) == "один" and toks[e + 1].text.lower() == "из":
                    e += 2  # «активисты одного из движений»
                elif toks[e].pos in _NP_POS and toks[e].feats.get("Case") in ("Gen", None):
                    e += 1
                else:
                    break
            if e - a > 1 and toks[e - 1].text.lower() != "из":
                return self._nominative(toks[a:e])
        return None

    def _generic_owner(self, toks: list[Token], head: Token, pos: int) -> Attribution | None:
        """«пресс-служба ведомства», «пресс-служба авиакомпании», «представитель этой страны»: a source
        described by a generic noun for an organisation (or a country) the article named just before is written
        with that name («пресс-служба Роспотребнадзора», «пресс-служба Аэрофлота», «представитель Катара»), as a
        reader (and the gold) would cite it."""
        g = next((n for n, t in enumerate(toks) if t.start > head.start and t.pos == "NOUN"
                  and t.feats.get("Case") == "Gen" and lemma(t.text) in GENERIC_OWNERS), None)
        if g is None or g + 1 != len(toks):
            return None
        g0 = g
        while g0 > 0 and toks[g0 - 1].pos in ("ADJ", "DET") and toks[g0 - 1].feats.get("Case") == "Gen":
            g0 -= 1
        if g0 == 0 or toks[g0 - 1].start < head.start:
            return None
        owner = lemma(toks[g].text)
        named = None
        if owner == "ведомство":
            fits = self._is_state_body
        elif owner == "страна":
            fits = lambda ent: ent.type == "LOC"  # noqa: E731
        else:
            named = self._org_named(owner, pos)
            fits = (lambda ent: ent.id == named.entity) if named is not None else (lambda ent: ent.type == "ORG")
        near = [(ent, m) for s, e, ent, m in self._mentions_before(pos, 1500) if m.kind == "name" and fits(ent)]
        # the organisation the sentences before were about (their subject) rather than the last one named in
        # passing («Роспотребнадзор отправил запрос в Минздрав Турции. … в пресс-службе ведомства»); a company
        # only as a subject, a state body or the one company whose name has the noun also as the nearest
        subjects = [ent for ent, m in near if (t := self.span_tokens(m.start, m.end)) and t[0].feats.get("Case") == "Nom"]
        if subjects:
            ent = subjects[0]
        elif near and (owner in ("ведомство", "страна") or named is not None):
            ent = near[0][0]
        else:
            return None
        rest = self._nominative(toks[:g0])
        head_lemma = lemma(head.text)
        kind = "organization" if head_lemma in ORG_HEADS | MEDIA else "unnamed"
        a, b = toks[0].start, toks[-1].end
        return Attribution(f"{rest} {self._genitive_of(ent)}", kind, ent.id if kind == "organization" else None,
                           Mention(a, b, self.text[a:b], "name"))

    def _genitive_of(self, ent: Entity) -> str:
        """An organisation's or place's name in the genitive: as the article writes it in the genitive where it
        does, an abbreviation or a foreign name as it is, else its first words inflected up to the head noun."""
        for m in ent.mentions:
            if m.kind == "name":
                toks = self.span_tokens(m.start, m.end)
                if toks and toks[0].feats.get("Case") == "Gen" and toks[0].pos != "ADP":
                    return " ".join(m.text.split())
        name = self._fullest(ent)
        words = name.split()
        out = []
        for n, w in enumerate(words):
            if not w[:1].isalpha() or w.isupper() or not re.fullmatch(r"[А-Яа-яЁё-]+", w):
                out.extend(words[n:])
                break
            parses = [p for p in parse_word(w.lower()) if p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF")]
            form = parses[0].inflect({"gent"}) if parses else None
            out.append(_shape_like(form.word, w) if form else w)
            if not parses or parses[0].tag.POS == "NOUN":
                out.extend(words[n + 1:])
                break
        return " ".join(out)

    def _main_person(self, want: str | None) -> Attribution | None:
        """The person the article is about: mentioned at least three times and at least twice as often as
        anyone else, of the verb's gender."""
        if self._main is None:
            counts = sorted(((len(e.mentions), e) for e in self.entities.values() if e.type == "PER"),
                            key=lambda c: -c[0])
            ok = counts and counts[0][0] >= 3 and (len(counts) == 1 or counts[0][0] >= 2 * counts[1][0])
            self._main = counts[0][1] if ok else False
        ent = self._main
        if not ent or not self._agrees(ent, want):
            return None
        m = next((m for m in ent.mentions if m.kind == "name"), ent.mentions[0])
        return self._entity_attr(ent, m)

    def _fuller(self, attr: Attribution, ent: Entity, s: int, e: int, toks: list[Token]) -> Attribution:
        """«Олаф Брекке» where the NER took only «Брекке»: capitalised name words next to the mention
        inside the phrase complete a name shorter than what the phrase gives."""
        idx = [n for n, t in enumerate(toks) if s <= t.start and t.end <= e]
        if not idx:
            return attr
        lo, hi = idx[0], idx[-1] + 1

        def free(t: Token) -> bool:
            if not (t.pos == "PROPN" and t.text[:1].isupper() and t.text.isalpha()) or _person_noun(t.text):
                return False  # «Хирург Анна Петрова рассказала»: a capitalised profession is no first name
            cov = self.mention_covering(t.start, t.end)
            # a first name the NER cut off as a person of its own («Нил» | «Патрик Осборн») still joins
            return cov is None or cov[2].type == "PER" and (cov[0], cov[1]) == (t.start, t.end) \
                and t.feats.get("Case") == toks[idx[0]].feats.get("Case") \
                and (parse_word(t.text.lower()) or [None])[0] is not None \
                and parse_word(t.text.lower())[0].tag.case == "nomn"
        while lo > 0 and free(toks[lo - 1]):
            lo -= 1
        while hi < len(toks) and free(toks[hi]):
            hi += 1
        if (lo, hi) == (idx[0], idx[-1] + 1) or hi - lo <= len(ent.name.split()):
            return attr
        name = normalize_span(toks[lo:hi], "PER")
        if not name:
            return attr
        self._better_names[ent.id] = name
        return Attribution(name, attr.speaker_type, attr.entity, attr.mention)

    def _fullest(self, ent: Entity) -> str:
        if ent.id not in self._full:
            self._full[ent.id] = self._fullest_name(ent)
        return self._full[ent.id]

    def _fullest_name(self, ent: Entity) -> str:
        """The fullest name the article gives this person: another person entity whose name holds every
        word of this one and more («Анна Петрова» → «Анна Сергеевна Петрова»), when the grouping kept them apart."""
        words = ent.name.lower().replace("ё", "е").split()
        best = ent.name
        if ent.type != "PER":
            # «МВД» after «МВД Украины»: the organisation's fuller name when the grouping kept them apart
            for other in self.entities.values():
                if other.type == ent.type and len(other.name) > len(best) and \
                        f" {ent.name.lower()} " in f" {other.name.lower()} ":
                    best = other.name
            return best
        if not re.search("[А-Яа-яЁё]", best):
            # a Latin gloss («Олаф Брекке (Olaf Brekke Lund)»): the Russian text's own form of it
            forms = [normalize_span(self.span_tokens(m.start, m.end), "PER") for m in ent.mentions
                     if m.kind == "name" and re.search("[А-Яа-яЁё]", m.text)]
            forms = [f for f in forms if f]
            if forms:
                best = max(forms, key=lambda f: (len(f.split()), -forms.index(f)))
                words = best.lower().replace("ё", "е").split()
        if len(words) < 2:
            # «сказал Игорь» after «45-летний Игорь Мальцев»: the one person whose name holds this word
            fuller = [o.name for o in self.entities.values() if o.type == "PER" and o is not ent and
                      words and words[0] in o.name.lower().replace("ё", "е").split()]
            if len(fuller) == 1:
                return fuller[0]
            # one known by a single name, whom the article names with the title («патриарх Кирилл» … «по словам
            # патриарха»): the name with its title, as the mention that had it
            titled = next((t for m in ent.mentions if m.kind == "name"
                           for t in [self._word_before(m.start)] if t and lemma(t) in NAMED_WITH_TITLE), None)
            return f"{titled.lower()} {best}" if titled else best
        for other in self.entities.values():
            if other.type != "PER" or other is ent:
                continue
            ow = other.name.lower().replace("ё", "е").split()
            # every word of this name is in the other, an initial standing for a name («А. Мальцев»)
            if len(ow) >= len(best.split()) and ow[-1] == words[-1] and other.name != best and all(
                    w in ow or w.endswith(".") and any(o.startswith(w[:-1]) and len(o) > len(w) for o in ow[:-1])
                    for w in words) and (len(ow) > len(best.split()) or "." in best):
                best = other.name
        return best

    def _word_before(self, pos: int) -> str | None:
        """The token right before offset `pos`, if it is a word."""
        k = self.tok_index(pos)
        return self.tokens[k - 1].text if k and self.tokens[k - 1].text[:1].isalpha() else None

    def _agrees(self, ent: Entity, want: str | None) -> bool:
        """A past-tense verb's gender must fit the person («сообщила» is not Дмитрий Песков)."""
        g = self.gender.get(ent.id)
        return want not in ("Masc", "Fem") or g is None or g == want

    def _surname_of(self, word: str) -> Entity | None:
        """The one person with a full name whose last word is a form of `word`, if there is exactly one."""
        if self._surnames is None:
            self._surnames = {}
            for e in self.entities.values():
                if e.type == "PER" and len(e.name.split()) > 1:
                    self._surnames.setdefault(e.name.split()[-1].lower(), []).append(e)
        forms = {p.normal_form for p in parse_word(word.lower())} | {word.lower()}
        same = [e for f in forms for e in self._surnames.get(f, ())]
        return same[0] if len({e.id for e in same}) == 1 else None

    def _mentions_before(self, pos: int, window: int):
        """Mentions that start before `pos`, nearest first, no further back than `window` characters."""
        i = bisect_left(self.m_starts, pos) - 1
        while i >= 0 and pos - self.mentions[i][0] < window:
            yield self.mentions[i]
            i -= 1

    def _relative(self, pos: int) -> Attribution:
        """«Хольцмана, который возражает»: the person named right before the relative pronoun."""
        i = bisect_left(self.m_starts, pos) - 1
        while i >= 0 and pos - self.mentions[i][1] < 40:
            s, e, ent, m = self.mentions[i]
            if ent.type == "PER" and e <= pos:
                return self._entity_attr(ent, m)
            i -= 1
        return NONE

    def _head(self, toks: list[Token]) -> Token:
        # «источников РИА Новости …» after «по данным»: a phrase that opens with a common noun in an oblique
        # case is headed by it; a name after it that the tagger calls nominative is indeclinable, not the head
        if toks[0].pos == "NOUN" and toks[0].feats.get("Case") not in ("Nom", None):
            return toks[0]  # (a quoted name inside it, «корабля «Союз»», is no head either)
        for t in toks:
            if t.pos in ("NOUN", "PROPN", "PRON") and t.feats.get("Case", "Nom") == "Nom":
                return t
        for t in toks:
            if t.pos in ("NOUN", "PROPN", "PRON", "NUM"):
                return t
        return toks[0]

    def _nominative(self, toks: list[Token]) -> str:
        head = self._head(toks)
        # the dictionary's case where the tagger read a nominative the word cannot be («цитирует ТАСС
        # пресс-службу МЧС»)
        checked = case_checked(head)
        if checked.feats.get("Case") == "Nom":
            # already a nominative phrase: keep it as the article writes it («пострадавшие в аварии»)
            name = self.text[toks[0].start:toks[-1].end]
        else:
            toks = [checked if t is head else t for t in toks]
            name = normalize_span(toks, "ORG") or " ".join(t.text for t in toks)
        first = toks[0].text
        # sentence capitalisation is not part of the description («Прокурор заявил» → «прокурор»), unlike an
        # abbreviation's («PR-служба»); a noun for people the tagger read as a name too («Синоптики»;
        # not «Известия», «Мемориал»)
        if first[:1].isupper() and not first.isupper() and not first[1:2].isupper() and (
                toks[0].pos != "PROPN" or _person_noun(first)):
            name = name[:1].lower() + name[1:]
        for opening, closing in ("()", "«»"):
            if name.count(opening) != name.count(closing):
                name = name.strip(opening + closing + " ")
        return name

    def _holder_named(self, head_lemma: str, before: int, want: str | None) -> Attribution | None:
        """«По словам президента» in an article that named Владимир Путин before: the one person the article
        named who holds a title of this noun in the roles file («президент России», «президент США») on the
        publication date (of any term in an undated text); None when none or several do."""
        day = self.published.date() if isinstance(self.published, datetime) else self.published
        found: dict[str, Entity] = {}
        for role in self.roles.with_head(head_lemma):
            for h in role.holders:
                if day is not None and not h.holds_on(day):
                    continue
                ent = self._named_holder(h.name)
                if ent is not None and self._agrees(ent, want) and any(m.start < before for m in ent.mentions):
                    found[ent.id] = ent
        if len(found) != 1:
            return None
        ent = next(iter(found.values()))
        m = next((m for m in ent.mentions if m.kind == "name"), ent.mentions[0])
        return self._entity_attr(ent, m)

    def _named_holder(self, name: str) -> Entity | None:
        """The person of the article a roles file's name is, by the whole name, else by the surname when one
        person of the article has it («Беньямин Нетаньяху» of an article for the roles file's «Биньямин»)."""
        if name not in self._holders:
            ent = self._entity_named(name)
            if ent is None and " " in name:
                # the one person of the article with that surname, named in full or by it alone («Зеленский
                # заявил … Также президент Украины добавил»)
                ent = self._surname_of(name.split()[-1]) or self._entity_named(name.split()[-1])
            self._holders[name] = ent
        return self._holders[name]

    def _entity_named(self, name: str) -> Entity | None:
        key = name.lower().replace("ё", "е")
        for e in self.entities.values():
            if e.type == "PER" and e.name.lower().replace("ё", "е") == key:
                return e
        return None

    def _antecedent(self, pos: int, gender: str | None) -> Attribution:
        """The nearest earlier speaker or person compatible with a pronoun's gender and number."""
        cands: list[tuple[int, Attribution]] = []
        for p, attr in reversed(self.history):
            if p < pos:
                cands.append((p, attr))
                if len(cands) >= 6:
                    break
        i = bisect_left(self.m_starts, pos) - 1
        seen = 0
        if self._quotes is None:
            self._quotes = guillemet_spans(self.text)
        outside = guillemet_span_at(self._quotes, pos) is None
        oblique: set[int] = set()
        while i >= 0 and pos - self.mentions[i][0] < 1500 and seen < 6:
            s, e, ent, m = self.mentions[i]
            # a person a quotation talks about is not who the pronoun after it is
            if ent.type == "PER" and m.kind != "pronoun" and e <= pos \
                    and not (outside and guillemet_span_at(self._quotes, s) is not None):
                cands.append((s, self._entity_attr(ent, m)))
                cases = {t.feats.get("Case") for t in self.span_tokens(s, e)}
                if cases and cases <= {"Ins", "Dat", "Loc"}:
                    oblique.add(s)
                seen += 1
            i -= 1
        if gender == "Plur":
            # «Москвичи пожаловались на клуб INFERNO NIGHT — по их словам, …»: the people the pronoun's own
            # sentence opens with, before an organisation named after them
            si = bisect_right(self.sent_starts, pos) - 1
            if si >= 0:
                a = self.sent_starts[si]
                own = self._subject_described(a, bisect_left(self.starts, a), bisect_left(self.starts, pos), gender)
                if own is not None and own[1].speaker:
                    return own[1]
        described = self._described_subject(pos, gender)
        if described is not None:
            cands.append(described)
        # a subject pronoun («он признал») takes up a subject or an earlier speaker before a person named in
        # an object («обсуждал с президентом Путиным»), which is the fallback
        ordered = sorted(cands, key=lambda c: (c[0] in oblique, -c[0]))
        for p, attr in ordered:
            if gender == "Plur":
                if attr.speaker_type in ("unnamed", "organization"):
                    return attr
                continue
            if attr.speaker_type == "person":
                ent = self.entities.get(attr.entity) if attr.entity else None
                if ent is None or self._agrees(ent, gender):
                    return attr
            elif attr.speaker_type == "unnamed" and gender and attr.mention is not None:
                toks = self.span_tokens(attr.mention.start, attr.mention.end)
                if toks and self._head(toks).feats.get("Number") != "Plur":
                    return attr
            elif attr.speaker_type == "organization" and gender in ("Masc", "Fem") and attr.mention is not None \
                    and (p, attr) == cands[0] and self._org_of_gender(attr, gender):
                # an organisation speaker just before, whose description's noun gives the pronoun's gender
                return attr
        if gender in ("Masc", "Fem"):
            return self._organisation_subject(pos, gender) or NONE
        return NONE

    def _organisation_subject(self, pos: int, gender: str) -> Attribution | None:
        """«Об этом пишет газета «Коммерсант». По её данным, …», «Еврокомиссия начала проверку … она заявила»:
        the one organisation named in the nominative in the pronoun's sentence or the one before, with no
        person between, written with a noun of the pronoun's gender (its own head, or the word for its kind
        right before it)."""
        si = bisect_right(self.sent_starts, pos) - 1
        lo = self.sent_starts[max(0, si - 1)] if si >= 0 else 0
        found = None
        for s, e, ent, m in self.mentions_in(lo, pos):
            if e > pos:
                continue
            if ent.type == "PER":
                found = None  # a person between: the pronoun is more likely theirs, or nobody's
                continue
            if ent.type != "ORG" or m.kind != "name":
                continue
            toks = self.span_tokens(s, e)
            k = bisect_left(self.starts, s)
            kind = self.tokens[k - 1] if k > 0 and self.tokens[k - 1].text not in "«\"" else (
                self.tokens[k - 2] if k > 1 else None)
            if kind is not None and lemma(kind.text) in KIND_OF_ORGANISATION | MEDIA and kind.feats.get("Case") == "Nom":
                head = kind
            else:
                nouns = [t for t in toks if t.pos in ("NOUN", "PROPN")]
                head = self._head(nouns) if nouns else None
            if head is None or head.feats.get("Case") != "Nom" or head.feats.get("Number") == "Plur":
                continue
            found = (ent, m) if head.feats.get("Gender") == gender else None
        return self._entity_attr(*found) if found is not None else None

    def _org_of_gender(self, attr: Attribution, gender: str) -> bool:
        """An organisation speaker written with a noun of this gender («газета «Коммерсант»», «МИД»)."""
        toks = [t for t in self.span_tokens(attr.mention.start, attr.mention.end) if t.pos in ("NOUN", "PROPN")]
        if not toks:
            return False
        head = self._head(toks)
        return head.feats.get("Number") != "Plur" and head.feats.get("Gender") == gender

    def _described_subject(self, pos: int, gender: str | None) -> tuple[int, Attribution] | None:
        """The subject of the sentence before the pronoun's when a common noun describes a person there
        («Губернатор встретился с Игорем Волковым. «…», — сказал он.»): the person «он» most likely is, before
        the one named in an object; the article may never name them (QUOTES-GOLD: an unnamed source)."""
        si = bisect_right(self.sent_starts, pos) - 1
        if si < 1 or gender is None:
            return None
        toks = self.tokens
        # a sentence whose subject is the same pronoun goes on about the same person: look one further back
        # («Отец задержанного поговорил с журналистами. Он назвал сына … По его словам, …»)
        for back in range(1, min(si, PRONOUN_CHAIN_SENTENCES) + 1):
            a, b = self.sent_starts[si - back], self.sent_starts[si - back + 1]
            k, end = bisect_left(self.starts, a), bisect_left(self.starts, b)
            if k < end and PRONOUNS.get(toks[k].text.lower()) == gender and toks[k].feats.get("Case") == "Nom":
                continue
            return self._subject_described(a, k, end, gender)
        return None

    def _subject_described(self, a: int, k: int, end: int, gender: str) -> tuple[int, Attribution] | None:
        toks = self.tokens
        for n in range(k, min(end, k + 12)):
            t = toks[n]
            if is_finite(t) or t.text in ",«»\"":
                return None  # the subject comes before the verb and any clause
            if describes_person(t, gender):
                if self.mention_covering(t.start, t.end) is not None:
                    return None
                # the predicate: a finite verb or a short adjective («Акционеры компании недовольны»)
                verb = next((v for v in range(n + 1, end)
                             if is_finite(toks[v]) or toks[v].feats.get("Variant") == "Short"), None)
                ph = phrase_before(self, verb, a) if verb is not None else None
                if ph is None or not ph[0] <= n < ph[1] or any(
                        m[2].type == "PER" for m in self.mentions_in(toks[ph[0]].start, toks[ph[1] - 1].end)):
                    return None  # («Губернатор Пётр Лебедев встретился»: the name is the candidate)
                return t.start, self.resolve(*ph)
        return None

    def _introduced_as(self, toks: list[Token], before: int, want: str | None) -> Attribution | None:
        """A person the article introduced with this very description («Председатель правления … Андрей
        Ветров» … «Председатель правления … уверен»): the description's first words, by lemma, stand
        right before one of the person's names."""
        words = [lemma(t.text) for t in toks if t.text[:1].isalnum()][:3]
        if len(words) < 2:
            return None
        if self._window_index is None:
            self._window_index = {}
            for n, (s, e, ent, m) in enumerate(self.mentions):
                if ent.type != "PER" or m.kind != "name":
                    continue
                k = bisect_left(self.starts, s)
                window = self._windows[n] = [lemma(t.text) for t in self.tokens[max(0, k - 12):k]
                                             if t.text[:1].isalnum()]
                for w in set(window):
                    self._window_index.setdefault(w, []).append(n)
        # the last mention before `before` whose window holds the description's words (in text order, as a
        # scan over all mentions would find it)
        for n in reversed(self._window_index.get(words[0], ())):
            s, e, ent, m = self.mentions[n]
            if s >= before or not self._agrees(ent, want):
                continue
            window = self._windows[n]
            if any(window[i:i + len(words)] == words for i in range(len(window) - len(words) + 1)):
                return self._entity_attr(ent, m)
        return None

    def _introduced(self, head_lemma: str, before: int, want: str | None = None, person: bool = False
                    ) -> Attribution | None:
        """A person (or organisation) the article introduced with this noun before `before`: «пианист
        Олег Сомов» … «музыкант», a title coreference gave («президент Казахстана» … «Президент»). A noun for a
        `person` is never the organisation it stood before («Студентка МГУ» … «по словам студентки»)."""
        best = None
        for s, ent, m in self._introductions().get(head_lemma, ()):
            if s >= before:
                break
            if ent.type == "ORG" and not person or ent.type != "ORG" and self._agrees(ent, want):
                best = self._entity_attr(ent, m)
        return best

    def _introduced_kin(self, heads: frozenset[str], toks: list[Token], head: Token, before: int,
                        want: str | None, stems: list[str] | None = None) -> Attribution | None:
        """The person last introduced before `before` by any of `heads` (`KIN_DESCRIPTIONS`). An adjective of a
        place in the description must meet its place in the introduction («венгерский премьер» is not the
        «премьер-министр Словакии»): its first four letters inside a word of the three before the name
        («венгерский», «Венгрии»); an adjective the check cannot read («американский», «США») makes no match.
        `stems` replaces the place adjectives' stems with the words the introduction must hold."""
        places = stems if stems is not None else _place_stems([t for t in toks if t is not head])
        intros = self._introductions()
        best, best_s = None, -1
        for key in (*heads, *("~" + h for h in heads)):
            for s, ent, m in intros.get(key, ()):
                if s >= before:
                    break
                if s <= best_s or not (ent.type == "PER" and self._agrees(ent, want)):
                    continue
                if places:
                    k = bisect_left(self.starts, s)
                    window = " ".join(lemma(t.text) for t in self.tokens[max(0, k - 3):k + 2])
                    if not all(p in window for p in places):
                        continue
                best, best_s = self._entity_attr(ent, m), s
        return best

    def introduced_after(self, head_lemma: str, after: int) -> Attribution | None:
        """The first person the text introduces with this noun after `after`: a headline's «Мэр Казани: …» is
        the mayor the body goes on to name."""
        for s, ent, m in self._introductions().get(head_lemma, ()):
            if s >= after and ent.type == "PER":
                return self._entity_attr(ent, m)
        return None

    def _introductions(self) -> dict[str, list[tuple[int, Entity, Mention]]]:
        """Lemma of a noun → the names it introduces, in text order: a title mention's first word, or a word
        of the three before a name."""
        if self._intro is None:
            self._intro = {}
            for s, e, ent, m in self.mentions:
                if ent.type == "PER" and m.kind == "title":
                    words = m.text.split()
                    keys = {lemma(words[0])} if words else set()
                elif m.kind == "name" and ent.type in ("PER", "ORG"):
                    # three words, past quotation marks («корреспондента «Коммерсанта» Григория Ревзина»), never
                    # past other punctuation («прокурор заявил, что Хамовнический суд»)
                    k = bisect_left(self.starts, s)
                    keys, n = set(), k - 1
                    while n >= 0 and len(keys) < 3 and n >= k - 6:
                        t = self.tokens[n]
                        if t.text[:1].isalnum():
                            keys.add(lemma(t.text))
                        elif t.text.strip(QUOTE_CHARS + "'"):  # (a wiki's '' too)
                            break
                        n -= 1
                    if "глава" in keys and any(w.startswith("министерств") or w in MINISTRIES for w in keys):
                        keys.add("министр")  # «Глава Минздрава Михаил Мурашко» … «Министр отметил»
                else:
                    continue
                # a compound title's parts («Врач-терапевт Анна Смирнова» … «по словам врача»), kept apart under
                # "~": only a kin description reads them, with its checks («премьер» is no «премьер-министр
                # Словакии» when it is «венгерский»)
                keys |= {"~" + part for key in keys if "-" in key for part in key.split("-") if len(part) > 3}
                for key in keys:
                    self._intro.setdefault(key, []).append((s, ent, m))
        return self._intro

    def _relative_of(self, ent: Entity, pos: int, want: str | None) -> Entity | None:
        """«Петрова сказала» where the surname went to her brother «Олег Петров»: of the persons with that
        surname, the one of the verb's gender mentioned last before `pos`."""
        forms = lemmas(ent.name.split()[-1])
        best, best_pos = None, -1
        for s, e, other, m in self.mentions:
            if s >= pos:
                break
            if other is ent or other.type != "PER" or not self._agrees(other, want) \
                    or self.gender.get(other.id) is None:
                continue
            if lemmas(other.name.split()[-1]) & forms:
                if s > best_pos:
                    best, best_pos = other, s
        return best

    def _org_described(self, head_lemma: str, pos: int) -> Attribution | None:
        """«Полиция сообщила» after the speaker «британская полиция»: an earlier organisation speaker with
        no entity, described by an adjective and this noun, when it is the only such one so far."""
        found = {}
        for p, attr in self.history:
            if p >= pos:
                break
            if attr.speaker_type == "organization" and attr.entity is None and attr.speaker:
                words = attr.speaker.split()
                if len(words) > 1 and lemma(words[-1]) == head_lemma:
                    found[attr.speaker.lower()] = attr
        return next(iter(found.values())) if len(found) == 1 else None

    def _org_named(self, head_lemma: str, pos: int) -> Attribution | None:
        """«Суд постановил» after «Арбитражный суд Тверской области рассмотрел иск»: the one organisation
        named before `pos` whose name has this noun."""
        found = {}
        for s, e, ent, m in self.mentions:
            if s >= pos:
                break
            if ent.type == "ORG" and m.kind == "name" and ent.id not in found and \
                    head_lemma in {lemma(w) for w in ent.name.split()}:
                found[ent.id] = (ent, m)
        if len(found) != 1:
            return None
        ent, m = next(iter(found.values()))
        return Attribution(self._fullest(ent), "organization", ent.id, m)

    def _org_of_a_kind(self, pos: int) -> Attribution | None:
        """«В заявлении корпорации говорится» after «Компания Apple выразила …»: the one organisation named before
        `pos` with a word for its kind right before its name (any of them: a text calls one company «компания»
        and «корпорация» in turn)."""
        found = {}
        for s, e, ent, m in self.mentions:
            if s >= pos:
                break
            k = bisect_left(self.starts, s)
            if ent.type == "ORG" and m.kind == "name" and k > 0 \
                    and lemma(self.tokens[k - 1].text) in KIND_OF_ORGANISATION:
                found.setdefault(ent.id, (ent, m))
        if len(found) != 1:
            return None
        ent, m = next(iter(found.values()))
        return Attribution(self._fullest(ent), "organization", ent.id, m)

    def _media_named(self, pos: int) -> Attribution | None:
        """«как отмечает агентство» after «…, цитирует ТАСС»: the organisation named last, at most 1,000
        characters (a paragraph or two) before; a media noun points back at the outlet just cited."""
        for s, e, ent, m in self._mentions_before(pos, 1000):
            if ent.type == "ORG" and m.kind == "name":
                return Attribution(self._fullest(ent), "organization", ent.id, m)
        return None

    def _state_body(self, pos: int) -> Attribution | None:
        """«В ведомстве отметили»: «ведомство» is Russian for a government body, so it is the latest one
        named in the last paragraphs (a ministry, service, agency or inspectorate, by its name or its usual
        abbreviation), never a company or a news agency."""
        for s, e, ent, m in self._mentions_before(pos, 1500):
            if m.kind == "name" and self._is_state_body(ent):
                return Attribution(self._fullest(ent), "organization", ent.id, m)
        return None

    @staticmethod
    def _is_state_body(ent: Entity) -> bool:
        # (a body's one-word name the tagger took for a person's: «Депздрав»; not a surname such as «Минаев»)
        return (ent.type == "ORG" and _names_state_body(ent.name.split())
                or ent.type == "PER" and _BODY_NAME.fullmatch(ent.name) is not None)

    def _of_another_place(self, toks: list[Token], head: Token, prev: Attribution) -> bool:
        """The description names its place by an adjective of one of the article's places and the speaker
        before it is not of that place («Одесская областная прокуратура пишет» after «сообщили Воздушные силы
        ВСУ»): a body of its own, not the one just named. The adjective and the place share their first four
        letters («одесская», «Одесса»), as `_descriptive` reads a demonym."""
        name = (prev.speaker or "").lower().replace("ё", "е")
        for t in toks:
            if t is head or t.pos != "ADJ":
                continue
            word = lemma(t.text).replace("ё", "е")
            if len(word) >= 5 and word[:4] not in name and self._of_article_place(word):
                return True
        return False

    def _of_article_place(self, word: str) -> bool:
        """A word derived from the name of one of the article's places: the stem may lose the place's last two
        letters («индиец» / «Индия», «француженка» / «Франция», «одесская» / «Одесса»)."""
        return any(len(place) >= 4 and len(commonprefix((word, place))) >= max(4, len(place) - 2)
                   for e in self.entities.values() if e.type == "LOC"
                   for place in e.name.lower().replace("ё", "е").split())

    def _descriptive(self, head: Token) -> bool:
        """A noun of sex or age, or of where one comes from: «Индиец» in an article that names «Индия»
        (an animate noun with a demonym's ending that holds the name of a place of the article but for its
        last letter)."""
        word = lemma(head.text)
        if word in DESCRIPTIVE or word in EPITHETS or word.startswith("экс-"):
            return True
        if head.feats.get("Animacy") != "Anim" or len(word) < 6 or not word.endswith(DEMONYM_ENDINGS):
            return False
        return self._of_article_place(word)

    def _subject_before(self, pos: int, want: str | None, toks: list[Token], head_lemma: str) -> Attribution | None:
        """The person named as the subject of the sentence before `pos` (same paragraph), the only person named
        there and in `pos`'s own sentence up to it, of the verb's gender, whose title there does not contradict
        the description `toks`: a title of another kind («Глава Минска Олег Сомов» is no «министр»; a generic
        head such as «глава», «руководитель» fits any) or a place adjective that does not meet its place
        («венгерский премьер» is no «премьер-министр Словакии»). None when the sentence before also speaks of
        someone by this noun («Путин встретился с губернатором. Губернатор рассказал»: not Путин)."""
        before = self._people_since_sentence_before(pos)
        if before is None:
            return None
        prev, own, found = before
        named = next((f for f in found if f[3].kind == "name"), None)
        if len({f[2].id for f in found}) != 1 or named is None or named[0] >= own:
            return None
        s, _, ent, m = named
        lo, k = bisect_left(self.starts, prev), bisect_left(self.starts, s)
        if k - lo > SUBJECT_TOKENS or any(is_finite(t) for t in self.tokens[lo:k]):
            return None  # the name stands after a verb: an object or a circumstance, not the subject
        hi = bisect_left(self.starts, own)
        if any(lemma(t.text) == head_lemma for t in self.tokens[k:hi]):
            return None
        intro = [lemma(t.text) for t in self.tokens[lo:k]]
        if head_lemma not in GENERIC_HEADS and any(w in TITLE_HEADS for w in intro) and not any(
                w == head_lemma or w in KIN_DESCRIPTIONS.get(head_lemma, ())
                or w.endswith(head_lemma) and not w.startswith(("вице", "зам", "экс")) for w in intro):
            return None
        window = " ".join(intro)
        if any(stem not in window for stem in _place_stems(toks)):
            return None
        return self._entity_attr(ent, m) if self._agrees(ent, want) else None

    def _people_since_sentence_before(self, pos: int) -> tuple[int, int, list] | None:
        """(start of the sentence before `pos`'s, start of `pos`'s, the person mentions from the one to `pos`),
        or None when `pos`'s sentence opens its paragraph."""
        para = self.text.rfind("\n", 0, pos) + 1
        own = sentence_start(self.text, pos, para, [])
        if own <= para:
            return None
        prev = sentence_start(self.text, own - 1, para, [])
        return prev, own, [f for f in self.mentions_in(prev, pos) if f[2].type == "PER"]

    def _just_named(self, pos: int, want: str | None) -> Attribution | None:
        """The one person named in the sentence before `pos` (same paragraph) and in its own sentence up
        to it, when the gender agrees."""
        before = self._people_since_sentence_before(pos)
        if before is None:
            return None
        found = before[2]
        ents = {f[2].id: f for f in found}
        if len(ents) != 1:
            return None
        s, e, ent, m = found[-1]
        return self._entity_attr(ent, m) if self._agrees(ent, want) else None

    def _last_named(self, pos: int, kind: str, want: str | None = None) -> Attribution | None:
        """The latest named speaker of this kind among the last few («— пишет издание» after «Как пишет
        The Guardian» and a quote of someone else)."""
        seen = 0
        for p, attr in reversed(self.history):
            if p < pos:
                ent = self.entities.get(attr.entity) if attr.entity else None
                if ent is not None and attr.speaker_type == kind and (kind != "person" or self._agrees(ent, want)):
                    return attr
                seen += 1
                if seen >= 3 or kind == "person":
                    return None
        return None


# --- finding the speaker phrase next to a cue ---------------------------------------------------------
_STOP_PUNCT = frozenset(".!?;:…—–")


_NOT_A_SPEAKER_WORD = frozenset(("ADP", "ADV", "CCONJ", "SCONJ", "PART"))


def _apposed(toks: list[Token]) -> tuple[list[Token], list[Token]]:
    """A phrase and what a comma sets off after its noun (phrase_before keeps it when it ends at the cue): a
    participle's or adjective's phrase, or a relative clause («источник, знакомый с ходом переговоров»,
    «россияне, которые находятся на борту»). Nothing set off: the phrase and []. Not a clause about a noun the
    subject's depends on («Представители общины, которой служит мечеть»), nor a name in apposition
    («один из зрителей, 62-летний Хоакин Ортис»: the name is the speaker)."""
    for n in range(1, len(toks) - 1):
        if toks[n].text != ",":
            continue
        noun = toks[n - 1]
        head = next((t for t in toks[:n] if t.pos == "NOUN" and t.feats.get("Case") == "Nom"), None)
        if head is not noun or any(t.pos == "PROPN" and t.feats.get("Case") == "Nom" for t in toks[n + 1:]):
            return toks, []
        nxt = toks[n + 1]
        rel = toks[n + 2] if nxt.pos == "ADP" and n + 2 < len(toks) else nxt
        agrees = nxt.feats.get("Number") in (None, noun.feats.get("Number"))
        if nxt.feats.get("Case") == "Nom" and (nxt.feats.get("VerbForm") == "Part" or nxt.pos == "ADJ") and agrees \
                or rel.text.lower().startswith("котор") and rel.feats.get("Number") in (None, noun.feats.get("Number")):
            return toks[:n], toks[n + 1:]
        return toks, []
    return toks, []


def _trimmed(toks: list[Token]) -> list[Token]:
    """A speaker phrase without what stood beside it in the sentence: a leading preposition, adverb or
    conjunction («в прессе», «от ведомства», «первоначально избирательный штаб»), and an addressee in the
    dative before or after the noun («таблоидам доверенное лицо певицы», «источник агентству Франс Пресс»)."""
    def dative(t: Token) -> bool:
        return t.pos in ("NOUN", "PROPN") and t.feats.get("Case") == "Dat"

    lo, hi = 0, len(toks)
    while lo < hi - 1 and (toks[lo].pos in _NOT_A_SPEAKER_WORD or dative(toks[lo])):
        lo += 1
    head = next((n for n in range(lo, hi) if toks[n].pos in ("NOUN", "PROPN") and toks[n].feats.get("Case") == "Nom"),
                None)
    if head is not None:
        # (not a dative in a preposition's phrase: «начальник центра по борьбе с …», «Совет по внешней и
        # оборонной политике»)
        hi = next((n for n in range(head + 1, hi) if dative(toks[n])
                   and not any(t.pos == "ADP" for t in toks[head + 1:n])), hi)
    hi = next((n for n in range(lo + 1, hi) if toks[n].text == "(" or _time_from(toks, n, hi)), hi)
    return toks[lo:hi] if lo < hi else toks


_TIME_PREPOSITIONS = frozenset(("в", "во", "на", "с", "со", "к", "до"))
_MONTH_RE = re.compile(MONTH)
_WEEKDAY_RE = re.compile(WEEKDAY)


def _time_from(toks: list[Token], n: int, hi: int) -> bool:
    """Whether a time expression starts at toks[n] inside a speaker phrase: the phrase ran on past its noun
    into when the source spoke («сообщают СМИ 1 сентября 2017 года», «по данным Bloomberg на 2013 год», «на сайте
    Кремля в среду»). A bracket after the noun is cut by the caller: it spells the name out again («Комитет
    защиты журналистов (КЗЖ)») or says where the words come from («чиновник (цитата по …»)."""
    if n + 1 >= hi:
        return False
    word, after = toks[n].text.lower(), toks[n + 1].text.lower()
    if word.isdigit():
        return bool(_MONTH_RE.match(after)) or len(word) == 4 and after.startswith("год")
    return word in _TIME_PREPOSITIONS and (bool(_WEEKDAY_RE.match(after)) or bool(_MONTH_RE.match(after))
                                          or after.isdigit() and len(after) == 4)


def initial_dot(toks, e: int) -> bool:
    """The token at e is the full stop of an initial («по словам А.Кудрина», «сказал В. Сомов»): razdel splits
    «А.Кудрина» into «А», «.», «Кудрина»."""
    return toks[e].text == "." and e > 0 and e + 1 < len(toks) and len(toks[e - 1].text) == 1 \
        and toks[e - 1].text.isupper() and toks[e + 1].text[:1].isupper()


def _stops(toks, e: int) -> bool:
    """Punctuation that ends a phrase, but not the full stop of an initial, nor a dot inside a name written without
    spaces («Lenta.ru», «Страна.ua»)."""
    return toks[e].text in _STOP_PUNCT and not initial_dot(toks, e) and not glued_dot(toks, e)


def glued_dot(toks, e: int) -> bool:
    """The token at e is a dot inside a name written without spaces («NEWSru.com», «Лента.ру»): glued to the
    tokens on both sides, a letter or digit after it."""
    return toks[e].text == "." and 0 < e < len(toks) - 1 and toks[e - 1].end == toks[e].start \
        and toks[e + 1].start == toks[e].end and toks[e + 1].text[:1].isalnum()


# Demonstratives that stand for a fact or a thing, and «никто», never whoever speaks («Никто не гарантирует, что …»).
_THINGS = frozenset("это то сие никто ничто".split())
_CLAUSE_WORDS = frozenset("что чтобы если когда где хотя поскольку потому".split())
_NP_POS = frozenset(("NOUN", "PROPN", "ADJ", "DET", "NUM"))
_ONE_OF = frozenset(("один", "одна", "одно"))


def is_nominative(t: Token) -> bool:
    case = t.feats.get("Case")
    if case is None:
        # abbreviations and foreign names come without a case; «Интерфаксу» is still a dative
        if not (t.pos in ("PROPN", "NOUN", "X") and t.text[:1].isupper()):
            return False
        parses = parse_word(t.text.lower())
        known = [p for p in parses if p.is_known]
        return not known or any(p.tag.case == "nomn" for p in known)
    return case == "Nom"


def _oblique_name(toks: list[Token]) -> bool:
    """A name that depends on the noun before it («Анны Лебедевой», «Мии Фэрроу»): no word of it tagged a
    nominative, and some word of it no nominative singular in the dictionary either (the tagger misreads
    names' cases, and a surname may read as a plural noun: «Александр Мясников» stays an apposition)."""
    if any(t.feats.get("Case") == "Nom" for t in toks):
        return False
    for t in toks:
        if not t.text[:1].isalpha() or len(t.text) < 2:
            continue
        known = [p for p in parse_word(t.text.lower()) if p.is_known]
        if known and not any(p.tag.case == "nomn" and p.tag.number != "plur" for p in known):
            return True
    return False


def is_finite(t: Token) -> bool:
    return t.pos in ("VERB", "AUX") and t.feats.get("VerbForm") not in ("Conv", "Part", "Inf")


def closing_mark(toks: list[Token], j: int, within: int) -> int | None:
    """Index of the first closing quotation mark among the `within` tokens from j: the end of a short quoted
    name («Лента.ру», «Европейский выбор»)."""
    return next((c for c in range(j, min(j + within, len(toks))) if toks[c].text in "»\"“"), None)


def _addressee(words: list[Token]) -> bool:
    """A quoted name in the dative and in no other case («Интерфаксу», «Вечерней газете»): whom a cue's words
    were told to, not who said them."""
    cases = [case_checked(t).feats.get("Case") for t in words if t.pos in ("NOUN", "PROPN", "ADJ")]
    return bool(cases) and "Dat" in cases and not any(c in ("Nom", None) for c in cases)


def phrase_after(sp: Speakers, k: int, stop: int) -> tuple[int, int] | None:
    """Tokens of the subject that follows a cue («— сказал глава российского государства», «, сообщило
    МВД Украины»), skipping adverbs, objects and prepositional phrases; None when the clause ends first."""
    toks = sp.tokens
    j = k
    while j < len(toks) and toks[j].start < stop:
        t = toks[j]
        if t.text in "«\"„" and j == k and j + 1 < len(toks) and toks[j + 1].text[:1].isupper():
            # a name in quotation marks as the subject: «Как сообщает «Лента.ру», …»
            close = closing_mark(toks, j + 2, 6)
            if close is not None and toks[close].start < stop:
                if _addressee(toks[j + 1:close]):
                    # «— сообщил «Интерфаксу» координатор движения»: the outlet in the dative was told; the
                    # subject, if the clause names one, comes after it
                    return phrase_after(sp, close + 1, stop)
                return j + 1, close
        if t.text in "«\"„" and j > k and toks[j - 1].pos == "NOUN" and toks[j - 1].feats.get("Case") == "Dat" \
                and (close := closing_mark(toks, j + 1, 6)) is not None and toks[close].start < stop:
            j = close + 1  # «Как сообщил агентству "Интерфакс" источник …»: the outlet told, in marks
            continue
        if _stops(toks, j) or t.text in ",«\"„" or is_finite(t) or t.text.lower() in _CLAUSE_WORDS:
            return None
        if t.pos == "ADP":
            j += 1
            while j < len(toks) and toks[j].start < stop:
                if toks[j].text in "«\"„":
                    # «о выходе из коалиции «Европейский выбор»»: a quoted name belongs to the object
                    close = closing_mark(toks, j + 1, 9)
                    if close is not None:
                        j = close + 1
                        continue
                if toks[j].pos in _NP_POS | {"PRON"} and not is_nominative(toks[j]) or toks[j].text in "«»\"()" \
                        or toks[j].pos in ("NOUN", "PROPN", "X") and toks[j].feats.get("Case") is None \
                        and not toks[j].text.isupper():
                    j += 1
                    continue
                break
            continue
        # (a dative the tagger read as a nominative is whom it was told to: «— сказал репортёрам представитель»)
        if t.pos in ("NOUN", "PROPN", "PRON", "ADJ", "DET", "NUM", "X") and is_nominative(case_checked(t)) or (
                t.pos == "NUM" and t.text.lower() == "один") or _noun_read_as_participle(t):
            break
        j += 1
    else:
        return None
    if j >= len(toks) or toks[j].start >= stop:
        return None
    # «сообщила ТАСС его ассистентка», «рассказал ТАСС источник»: a named outlet right after the verb, followed
    # by a nominative phrase of its own, is whom it was told to, and the phrase after it is the subject
    # (the outlet's name may start before the word read as its nominative: «РИА Новости»; and a time or place
    # may stand between it and the subject: «сообщил РИА Новости в четверг представитель ведомства»)
    named = sp.mention_covering(toks[j].start, toks[j].end)
    if named is not None and named[2].type == "ORG" and toks[j].pos in ("PROPN", "X", "NOUN") \
            and toks[k].start <= named[0] <= toks[j].start:
        after = bisect_left(sp.starts, named[1])
        if after < len(toks) and toks[after].start < stop and (
                toks[after].pos in ("NOUN", "PRON", "DET", "ADJ") and is_nominative(toks[after])
                or toks[after].text.lower() in _POSSESSIVE_PRONOUNS or toks[after].pos in ("ADP", "ADV")):
            rest = phrase_after(sp, after, stop)
            if rest is not None and (rest[0] <= after + 1 or toks[after].pos in ("ADP", "ADV") and rest[0] <= after + 4):
                return rest
    start = j
    if toks[j].pos == "PRON":
        return start, j + 1
    if _noun_read_as_participle(toks[j]):
        # the noun with its genitives only («бородач охраннику магазина»: the dative after it was told)
        e = j + 1
        while e < len(toks) and toks[e].start < stop and toks[e].pos in _NP_POS and toks[e].feats.get("Case") == "Gen":
            e += 1
        return start, e
    e = j
    depth = 0
    while e < len(toks) and toks[e].start < stop:
        t = toks[e]
        if t.text == "(":
            depth += 1
        elif t.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            if _stops(toks, e) or t.text == "," or is_finite(t) or t.pos in ("CCONJ", "SCONJ"):
                break
            if t.pos in ("VERB", "AUX") or t.pos == "ADV":
                break
            if t.pos == "ADP" and e > start and t.text.lower() not in ("из",) and not (
                    t.text.lower() == "в" and lemma(toks[start].text) in INDEFINITE):
                break
        e += 1
    while e > start and toks[e - 1].text in "(":
        e -= 1
    best = None
    # apposition: «— сказал один из пассажиров, 45-летний Игорь Мальцев», «— сказала певица и
    # актриса Анна Петрова», «сказал директор завода и депутат из Твери, Олег Сомов», «сообщила его
    # ассистентка в театре Анна Котова» (a name closing the clause after a prepositional phrase)
    pp_then_name = e < len(toks) and toks[e].pos == "ADP"
    # an unnamed source's prepositional phrase may end in someone else's name («источник в окружении Ивана
    # Сомова»): after such a head only a name in the nominative is the apposition («член комитета по обороне
    # Иван Сомов»)
    nominative_only = pp_then_name and lemma(toks[start].text) in INDEFINITE
    if e < len(toks) and (toks[e].text in (",", "и") or pp_then_name) and not any(
            m[2].type == "PER" for m in sp.mentions_in(toks[start].start, toks[e - 1].end)):
        f = e + 1
        while f < len(toks) and f <= e + 7 and toks[f].start < stop and toks[f].text not in _STOP_PUNCT \
                and not is_finite(toks[f]) and toks[f].feats.get("Variant") != "Short":
            # (a predicate ends the look: «…, сообщает РБК, руководителем назначен Олег Сомов»)
            for s, en, ent, m in sp.mentions_in(toks[f].start, toks[f].end + 80):
                if ent.type == "PER" and m.kind == "name" and s == toks[f].start and en <= stop:
                    g = f
                    while g < len(toks) and toks[g].end <= en:
                        g += 1
                    # (the name's original spelling in brackets after it: «… Олег Сомов (Oleg Somov), …»)
                    after = _past_bracket(toks, g)
                    if pp_then_name and toks[e].text not in (",", "и") and (
                            after < len(toks) and toks[after].start < stop and toks[after].text not in ".,;:!?"
                            or nominative_only and not is_nominative(toks[f])):
                        continue  # after a prepositional phrase, only a name that ends the clause
                    best = (start, g)
            f += 1
        if best is not None:
            return best
    return start, e


def _noun_read_as_participle(t: Token) -> bool:
    """A nominative the tagger read as a participle though the dictionary knows the word only as a noun
    («— заявил бородач охраннику»)."""
    if t.pos != "VERB" or t.feats.get("VerbForm") != "Part" or t.feats.get("Case") != "Nom":
        return False
    known = [p for p in parse_word(t.text.lower()) if p.is_known]
    return bool(known) and all(p.tag.POS == "NOUN" for p in known)


def _past_bracket(toks: list[Token], g: int) -> int:
    """The token after a bracket that opens at g and closes within a few tokens, else g."""
    if g < len(toks) and toks[g].text == "(":
        close = next((c for c in range(g + 1, min(len(toks), g + 8)) if toks[c].text == ")"), None)
        if close is not None:
            return close + 1
    return g


# how far back a verb after «, и» looks for the «, что» of the first verb's report it shares a subject with
SHARED_REPORT_TOKENS = 60


def _names_state_body(words: list[str]) -> bool:
    """A name of a government body: a ministry, service, agency or inspectorate, by its name or its usual
    abbreviation («Минздрав», «Роспотребнадзор», «Депздрав», «МЧС»)."""
    first = words[0] if words else ""
    return bool(STATE_BODY_WORDS & {lemma(w) for w in words} or first in STATE_BODY_ABBREVIATIONS
                or re.fullmatch(r"Мин\w+|Рос\w*(?:надзор|стат|гвардия|авиация|архив|реестр)", first)
                or _BODY_NAME.fullmatch(first))


# The one-word names of ministries and (Moscow's) departments: «Минздрав», «Депздрав», «Дептранс»
_BODY_NAME = re.compile(r"(?:Мин|Деп)(?:здрав|транс|обр|фин|юст|труд|культ|спорт|строй|энерго|экономразвития|промторг|"
                        r"природ|сельхоз|цифр|просвещ|обороны|соцзащит|имуществ|жкх)[а-яё]*")


def _place_stems(toks: list[Token]) -> list[str]:
    """The first four letters of the place adjectives among `toks` («венгерский» → «венг»), which an
    introduction must hold («Венгрии») for a description to be of the person it introduced."""
    return [lemma(t.text)[:4] for t in toks if t.pos == "ADJ" and lemma(t.text).endswith(("ский", "цкий"))
            and lemma(t.text) not in TITLE_MODIFIERS]


def phrase_before(sp: Speakers, k: int, start_pos: int, cross_verb: bool = False) -> tuple[int, int] | None:
    """Tokens of the subject before a cue («Начальник полиции города Олег Сомов сообщил»), or None."""
    toks = sp.tokens
    j = k - 1
    head = None
    participle = None
    m = k - 1
    while m >= 0 and toks[m].pos in ("ADV", "PART") and toks[m].text.lower() != "однако":
        m -= 1
    # «…отказался назвать фаворита, но сказал»: a second verb shares the first one's subject (the tagger reads
    # «однако» as an adverb)
    shared = m >= 0 and (toks[m].pos == "CCONJ" or toks[m].text.lower() == "однако") and toks[m].start >= start_pos
    if shared:
        # «В полиции сообщили, что девочка не может описать нападавших, и предположили»: the first verb's
        # report comes between, and its verbs and nouns are not the shared subject's; go on from before it
        # (a few dozen tokens back at most: a sentence of nothing but «…, и сказал» must not cost a scan to its
        # start per cue)
        that = next((w for w in range(m - 1, max(0, m - SHARED_REPORT_TOKENS), -1) if toks[w].start < start_pos
                     or toks[w].text in _STOP_PUNCT or toks[w].text.lower() in ("что", "чтобы")
                     and toks[w - 1].text == ","), None)
        if that is not None and toks[that].start >= start_pos and toks[that].text.lower() in ("что", "чтобы"):
            j = that - 2
    subject_end = k  # where the subject's phrase may end: the cue, or the first verb of a shared subject
    while subject_end > 0 and toks[subject_end - 1].text.lower() in _SELF:
        subject_end -= 1  # «один из грабителей сам пришёл»: «сам» stresses the subject, it is no part of it
    apposed = None  # the commas around a phrase set off after the subject's noun, right before the verb
    while j >= 0 and toks[j].start >= start_pos:
        t = toks[j]
        low = t.text.lower()
        if shared:
            if is_finite(t):
                shared = False
                subject_end = j
                # «выступил Олег Сомов и рассказал»: the shared subject may follow the first verb
                inverted = phrase_after(sp, j + 1, toks[m].start)
                if inverted is not None and inverted[0] == j + 1 and inverted[1] <= m \
                        and toks[inverted[0]].pos in ("NOUN", "PROPN"):
                    return inverted
            j -= 1
            continue
        straight_close = t.text == "\"" and any(toks[o].text == "\"" for o in range(max(0, j - 8), j))
        if t.text in "»\"" and j < k - 1 or t.text == "»" or straight_close:
            # a quoted name inside the subject («организации «Справедливость» уверен»): jump over it
            o = j - 1
            while o >= 0 and toks[o].start >= start_pos and toks[o].text not in "«\"":
                o -= 1
            if o < 0 or toks[o].start < start_pos or j - o > 8:
                break
            j = o - 1
            continue
        if t.text == ")" and subject_end - j <= 3 and all(x.pos in ("ADV", "PART") or x.text.lower() in ("сам", "сама")
                                                          for x in toks[j + 1:subject_end]):
            # «Ирина Петрова (мать пострадавшего) также сообщила»: the bracket glosses the subject before it
            o = next((o for o in range(j - 1, max(-1, j - 12), -1) if toks[o].text in "()"), None)
            if o is not None and toks[o].text == "(" and o >= 1 and toks[o - 1].start >= start_pos \
                    and toks[o - 1].pos in ("NOUN", "PROPN"):
                j = o - 1
                continue
        if t.text in _STOP_PUNCT or t.text in "«\"":
            break
        if t.text == ",":
            # «Петрова, чья книга вышла весной, сказала»: skip a relative clause
            o = j - 1
            while o >= 0 and o > j - 16 and toks[o].start >= start_pos and toks[o].text != ",":
                o -= 1
            # any case of «который», also after a preposition («общины, в которой служит…, хотят»)
            rel = toks[o + 2] if o + 2 < j and toks[o + 1].pos == "ADP" else toks[o + 1]
            if o >= 0 and toks[o].text == "," and (rel.text.lower() in _CLAUSE_OPENERS
                                                   or rel.text.lower().startswith("котор")):
                if j + 1 == subject_end:
                    apposed = (o, j)
                j = o - 1
                continue
            # «Защитник, ссылаясь на то, что подсудимый раскаялся, попросил…»: skip a gerund phrase set off by
            # commas, with whatever clause it holds
            g = next((g for g in range(j - 1, max(-1, j - 30), -1) if toks[g].start < start_pos
                      or toks[g].text in ".!?;" or toks[g].text == "," and g + 1 < j
                      and toks[g + 1].feats.get("VerbForm") == "Conv"), None)
            if g is not None and toks[g].start >= start_pos and toks[g].text == "," and g >= 1 \
                    and toks[g - 1].pos in ("NOUN", "PROPN"):
                j = g - 1
                continue
            if g is not None and toks[g].start >= start_pos and toks[g].text == "," and g >= 1 \
                    and toks[g - 1].pos == "CCONJ":
                # «…поблагодарил их и, получив поддержку, пообещал»: the verb before «и» has the subject
                m, shared, j = g - 1, True, g - 2
                continue
            # «Петрова, известная как основательница фонда, заявила»: skip a participle or adjective phrase
            # set off by commas after a nominative name; its nouns describe the subject, they are not it
            if o >= 1 and toks[o].text == "," and toks[o + 1].feats.get("Case") == "Nom" \
                    and (toks[o + 1].feats.get("VerbForm") == "Part" or toks[o + 1].pos == "ADJ") \
                    and (toks[o - 1].pos == "PROPN" or toks[o - 1].pos == "NOUN" and is_nominative(toks[o - 1])) \
                    and not any(is_finite(x) for x in toks[o + 1:j]):
                if j + 1 == subject_end:
                    apposed = (o, j)
                j = o - 1
                continue
            # «Игорь Волков, глава областного минтранса, заявил»: a noun apposition set off by commas right
            # before the cue describes the person named before it, who is the speaker (the fullest name the
            # article gives the source, QUOTES-GOLD.md), whatever case the tagger gave the name
            if o >= 1 and j == k - 1 and toks[o].text == "," and toks[o + 1].pos == "NOUN" and is_nominative(toks[o + 1]) \
                    and toks[o - 1].pos == "PROPN" and not any(is_finite(x) for x in toks[o + 1:j]) \
                    and (named := sp.mention_covering(toks[o - 1].start, toks[o - 1].end)) is not None \
                    and named[2].type == "PER" and named[1] == toks[o - 1].end:
                j = o - 1
                continue
        if low in RELATIVE:
            head = j
            break
        if low in _CLAUSE_WORDS:
            break
        if is_finite(t):
            if cross_verb:
                cross_verb = False
                j -= 1
                continue
            break
        if t.pos in ("NOUN", "PROPN", "PRON") and is_nominative(t) and not (j > 0 and toks[j - 1].pos == "ADP"):
            means = _through(toks, j, start_pos)
            if means is not None:
                j = means - 1  # «Исламское государство через агентство Amaq назвало …»: the channel, not the subject
                continue
            head = j  # («в частности» is no subject, whatever case the tagger gave it)
            break
        if _opening_subject(sp, j, k, start_pos):
            head = j
            break
        if low in _ONE_OF and j + 1 < k and toks[j + 1].text.lower() == "из" and t.feats.get("Case") in ("Nom", None):
            head = j  # «Один из источников Reuters говорит»: one of them, the phrase whole
            break
        if participle is None and t.feats.get("VerbForm") == "Part" and t.feats.get("Case") == "Nom" \
                and t.feats.get("Number") == toks[k].feats.get("Number"):
            participle = j  # «пострадавшие в аварии утверждали»: a participle standing for a noun
        j -= 1
    if head is None and participle is not None:
        e = participle + 1
        while e < k and toks[e].pos in _NP_POS | {"ADP"} and toks[e].text not in ",":
            e += 1
        return (participle, e) if e == k else (participle, participle + 1)
    if head is None and (share := _share_subject(toks, bisect_left(sp.starts, start_pos), k)) is not None:
        return share
    if head is None:
        # the tagger sometimes misreads the case of a foreign surname that opens the sentence
        # («Хольцман … ссылался»): a capitalised name first in the sentence, that can be a nominative;
        # read as a genitive, only where a nominative of the verb's gender exists («Зимина сказала»)
        f = bisect_left(sp.starts, start_pos)
        verb_gender = {"Masc": "masc", "Fem": "femn"}.get(toks[k].feats.get("Gender"))
        if f < k and toks[f].pos == "PROPN" and toks[f].text[:1].isupper() and any(
                p.tag.case == "nomn" and (toks[f].feats.get("Case") != "Gen" or
                                          verb_gender is not None and p.tag.gender == verb_gender)
                for p in parse_word(toks[f].text.lower())):
            g = f + 1
            while g < k and toks[g].pos == "PROPN" and toks[g].text[:1].isupper():
                g += 1
            return f, g
        return None
    if toks[head].text.lower() in _THINGS or toks[head].text.lower() in ("всё", "все") \
            and toks[k].feats.get("Number") == "Sing":
        # «Это подтверждает, что …», «Всё это говорит о том, что …», «Всё указывает на то, что …»: a fact, no
        # one's words (not «Все говорят, что …»)
        return None
    if toks[head].pos == "PRON" or toks[head].text.lower() in RELATIVE:
        return head, head + 1
    a = head
    while a - 1 >= 0 and toks[a - 1].start >= start_pos and (
            toks[a - 1].pos in _NP_POS or toks[a - 1].text in ("«", "»", "-", "\"")):
        a -= 1
    while a < head and not (is_nominative(toks[a]) or toks[a].text in ("«",)):
        a += 1
    if a < head and a >= 1 and toks[a - 1].pos == "ADP":
        # «В беседе с RT эксперт отметил», «В разговоре с «Известиями» оптовики»: a name that does not decline
        # (or one in marks) right after a preposition is its object, not the start of the subject
        a = (closing_mark(toks, a + 1, 8) or a) + 1 if toks[a].text in "«\"" else a + 1
        while a < head and not (is_nominative(toks[a]) or toks[a].text in ("«",)):
            a += 1
    if a - 1 >= 0 and toks[a - 1].start >= start_pos and toks[a - 1].text.lower() in _POSSESSIVE_PRONOUNS \
            and toks[head].pos == "NOUN":
        a -= 1  # «Его адвокат сообщил»: whose the speaker is belongs to the phrase
    # the genitive dependents between the head and the cue: «Представители актёра», «члены профсоюза»
    e = head + 1
    depth = 0
    while e < k and (toks[e].pos in _NP_POS and toks[e].feats.get("Case") in ("Gen", None)
                     # a participle in the chain («Родители погибшего студента»)
                     or toks[e].feats.get("VerbForm") == "Part" and toks[e].feats.get("Case") == "Gen"
                     # «Активисты одного из движений»
                     or toks[e].text.lower() == "из" and toks[e - 1].text.lower() in ("одного", "одной", "одних")
                     or toks[e].text in "«»\"" or toks[e].pos == "PROPN" or depth > 0
                     # a name in Latin letters the NER missed («Газета Daily Mirror», «L'Est Republicain»)
                     or toks[e].pos == "X" and toks[e].text[:1].isalnum()
                     or toks[e].text in "'’" and e + 1 < k and toks[e + 1].pos == "X" and toks[e - 1].pos == "X"
                     or toks[e].pos == "NUM" and e + 1 < k and toks[e + 1].pos == "X" and toks[e - 1].pos == "X"):
        if toks[e].text == "«" or toks[e].text == "\"" and depth == 0:
            depth += 1
        elif toks[e].text in "»\"":
            depth = max(0, depth - 1)  # (a straight mark closes what it opened: «Аэропорт "Домодедово" на фоне …»)
        e += 1
    a = _participle_before(toks, a, head, start_pos)
    # whom they come from or what they deal with, up to the verb: «источник в правительстве», «наблюдатели от
    # ОБСЕ», «специалисты по кибербезопасности из Университета Торонто», «Совет по внешней и оборонной
    # политике» (not after a title: «сенатор от Техаса» is read as the title «сенатор», which names the
    # article's senator; «в» only after a source noun: «Эксперт в беседе с РБК отметил»)
    end = subject_end
    f = e
    while f < end and _complement(toks, f, head):
        f += 1
        while f < end and (toks[f].pos in _NP_POS or toks[f].text in "«»\"" or toks[f].text.lower() == "и"
                           and f + 1 < end and toks[f + 1].pos == "ADJ" and toks[f - 1].pos == "ADJ"):
            f += 1  # (a name in marks inside: «один из членов политсовета «Единой России»»)
    if f == end or f + 1 == end and toks[f].text == "," and toks[end].feats.get("VerbForm") == "Part":
        e = f  # (a participle cue after a comma: «переселенцы из бывшего Советского Союза, считающие, что …»)
    if apposed is not None and e == apposed[0] and _apposed(toks[a:apposed[1]])[1]:
        # what the commas set off goes with the phrase; `Speakers.resolve` keeps it for an unnamed source only
        # («Источник, знакомый с ходом переговоров, сообщил»; not «Петрова, известная как …, заявила»)
        e = apposed[1]
    return a, e


# «сам» between a subject and its verb
_SELF = frozenset(("сам", "сама", "само", "сами"))
# Prepositions of a description's complement: whom a source comes from, what a body deals with
_COMPLEMENT_PREPOSITIONS = frozenset(("по", "из", "от", "при"))


# What a share of people may open with («более 17% россиян», «около трети акционеров»)
_APPROXIMATELY = frozenset("более менее около почти свыше порядка примерно лишь только".split())
_FRACTIONS = frozenset("половина треть четверть большинство меньшинство часть".split())


def _share_subject(toks: list[Token], f: int, k: int) -> tuple[int, int] | None:
    """A share of people opening the sentence f as the cue's subject, written whole: «77% опрошенных
    признали», «Более половины россиян, а именно 53% мужчин и 62% женщин, отметили», «Около трети акционеров
    считают» (no noun in the nominative heads them). None if the sentence does not open so."""
    q = f
    if q < k and toks[q].text.lower() in _APPROXIMATELY:
        q += 1
    if q < k and toks[q].pos == "NUM":
        q += 1
        if q < k and (toks[q].text == "%" or lemma(toks[q].text) == "процент"):
            q += 1
    elif q < k and lemma(toks[q].text) in _FRACTIONS:
        q += 1
    else:
        return None
    e = q
    while e < k and (toks[e].pos in _NP_POS or toks[e].feats.get("VerbForm") == "Part") \
            and toks[e].feats.get("Case") in ("Gen", None):
        e += 1  # («опрошенных»: a participle for the people)
    if e == q:
        return None  # a bare number is no one
    if e == k or toks[e].text == "," and e < k - 1 and toks[k - 1].text == ",":
        return f, e  # (a gloss between commas: «…, а именно 53% мужчин и 62% женщин, отметили»)
    return None


def _through(toks: list[Token], j: int, start_pos: int) -> int | None:
    """The index of «через» when token j ends a noun phrase that follows it («через агентство Amaq»), else None."""
    n = j - 1
    while n >= 0 and toks[n].start >= start_pos and n > j - 6 and toks[n].pos in _NP_POS:
        n -= 1
    return n if n >= 0 and toks[n].start >= start_pos and toks[n].text.lower() == "через" else None


def _complement(toks: list[Token], f: int, head: int) -> bool:
    """Whether a prepositional complement of the description headed at `head` opens at token f."""
    low, head_lemma = toks[f].text.lower(), lemma(toks[head].text)
    if low in ("в", "во"):
        return head_lemma in INDEFINITE
    return low in _COMPLEMENT_PREPOSITIONS and head_lemma not in TITLE_HEADS and toks[head].pos != "PRON"


def _participle_before(toks: list[Token], a: int, head: int, start_pos: int) -> int:
    """Where a description starts that opens with a participle's phrase: «Прибывшие на место происшествия
    врачи» (the walk back over the phrase's words stops at the preposition). `a` when there is none."""
    number = toks[head].feats.get("Number")
    p = a - 1
    while p >= 0 and p >= a - 6 and toks[p].start >= start_pos and (toks[p].pos in _NP_POS or toks[p].pos == "ADP"):
        p -= 1
    if p >= 0 and toks[p].start >= start_pos and toks[p].feats.get("VerbForm") == "Part" \
            and toks[p].feats.get("Case") == "Nom" and toks[p].feats.get("Number") == number \
            and any(t.pos == "ADP" for t in toks[p + 1:a]):
        return p
    return a


def _opening_subject(sp: Speakers, j: int, k: int, start_pos: int) -> bool:
    """A noun that opens its sentence before the cue, tagged an accusative it shares its form with: the
    subject («Источник в Минфине назвал …» read as the accusative of an inanimate masculine)."""
    t, verb = sp.tokens[j], sp.tokens[k]
    s = bisect_left(sp.sent_starts, t.start)
    if t.pos != "NOUN" or t.feats.get("Case") != "Acc" or s == len(sp.sent_starts) or sp.sent_starts[s] != t.start:
        return False  # (not an accusative noun that opens its sentence)
    number = t.feats.get("Number")
    if verb.feats.get("Number") not in (None, number) or not is_finite(verb):
        return False
    return any(p.tag.case == "nomn" and p.tag.number == {"Sing": "sing", "Plur": "plur"}.get(number)
               for p in parse_word(t.text.lower()))


def _citing(toks: list[Token], i: int) -> bool:
    """«со ссылкой на …», «ссылаясь на …» at token i: the agent named before it passes on someone else's words
    (QUOTES-GOLD: the outlet that cites is the speaker, «РИА Новости», not «РИА Новости со ссылкой на …»)."""
    w = toks[i].text.lower()
    return w.startswith("ссылаясь") or w in ("со", "с") and i + 1 < len(toks) and toks[i + 1].text.lower() == "ссылкой"


def phrase_genitive(sp: Speakers, k: int, stop: int) -> tuple[int, int] | None:
    """The agent after a source noun: «по словам [мэра города Твери Олега Сомова],»."""
    toks = sp.tokens
    e = k
    depth = 0
    noun_seen = False
    while e < len(toks) and toks[e].start < stop:
        t = toks[e]
        if t.text == "(" and depth == 0:
            # «по словам Олега Сомова (министр транспорта), …»: a bracket after the agent belongs to it (the
            # reported clause starts after it; the speaker's name leaves it out, see `_trimmed`)
            close = next((c for c in range(e + 1, min(e + 30, len(toks))) if toks[c].start < stop
                          and toks[c].text == ")"), None)
            if close is not None and noun_seen:
                e = close + 1
            break
        if glued_dot(toks, e):
            e += 2  # «Страна.ua», «Lenta.ru»: one name, whatever case the tagger gave its halves
            noun_seen = True
            continue
        if depth == 0 and noun_seen and (t.feats.get("Case") == "Nom" and t.pos in ("NOUN", "PRON", "ADJ", "DET")
                                         or _citing(toks, e)):
            break
        if t.pos in ("NOUN", "PROPN"):
            noun_seen = True
        if t.text == "\"" and depth > 0:
            depth -= 1  # a straight mark closes the one it follows
        elif t.text in "«„\"":
            depth += 1
        elif t.text in "»“":
            depth = max(0, depth - 1)
        elif depth == 0 and (_stops(toks, e) or t.text == "," or is_finite(t)
                             or t.pos in ("CCONJ", "SCONJ", "ADV")):
            if t.text.lower() == "и" and noun_seen:
                named = _name_after_and(sp, k, e, stop)
                if named is not None:
                    e = named
            break
        e += 1
    if e == k:
        return None
    # «по предварительным данным»: an adjective alone is no agent, but for a plural one that stands for people
    # («по словам местных», «по словам пострадавших»)
    if not any(t.pos in ("NOUN", "PROPN", "PRON", "X") for t in toks[k:e]) and not (
            e == k + 1 and toks[k].feats.get("Number") == "Plur" and toks[k].feats.get("Case") == "Gen"
            and (toks[k].pos == "ADJ" or toks[k].feats.get("VerbForm") == "Part")):
        return None
    return k, e


def _name_after_and(sp: Speakers, k: int, e: int, stop: int) -> int | None:
    """«по словам члена комитета по обороне [и] безопасности Олега Сомова»: an «и» inside a description of
    no one yet named joins two of its words, when a person's name ends the phrase a few words on; the end of
    that name, or None (two sources joined by «и» stay apart: «по словам Сомова и Петрова»)."""
    toks = sp.tokens
    if any(m[2].type == "PER" for m in sp.mentions_in(toks[k].start, toks[e - 1].end)):
        return None
    for f in range(e + 1, min(e + 5, len(toks))):
        t = toks[f]
        if t.start >= stop or t.text in _STOP_PUNCT or t.text == "," or is_finite(t):
            return None
        for s, en, ent, m in sp.mentions_in(t.start, t.end + 80):
            if ent.type == "PER" and m.kind == "name" and s == t.start and en <= stop:
                g = f
                while g < len(toks) and toks[g].end <= en:
                    g += 1
                return g
    return None
