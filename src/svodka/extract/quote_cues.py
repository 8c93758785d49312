"""Speech cues from the lexicon at an article's tokens: where one starts, how long it is, and the cues a
clause or paragraph holds."""
from __future__ import annotations

import re
from functools import lru_cache

from ..nlp.pipeline import Token
from ..nlp.words import lemmas
from .lexicon import Lexicon
from .speakers import Speakers, closing_mark, is_finite

# Tokens after a cue within which the rules look for its «, что»: circumstances stand between («признал в суде во
# время слушания одной из апелляций, что»). (The model's own «что» candidates, which any verb proposes, look
# 8 tokens: quotemodel.candidates.THAT_WINDOW; not widened this time.)
THAT_REACH = 12


# Desire verbs: a cue only with a «чтобы» clause right after them («хотят, чтобы мост отремонтировали…»).
DESIRE = frozenset("хотеть желать".split())


@lru_cache(maxsize=10_000)
def cue_forms(word: str) -> frozenset[str]:
    """The lemmas a cue may start with at this word: its own, and for a reflexive form the lemma without
    «-ся»/«-сь», since the reflexive passive of a cue is a cue («говорится в отчете комиссии»)."""
    forms = lemmas(word)
    return forms | {f[:-2] for f in forms if f.endswith(("ся", "сь"))}


# Nouns for what was said that a demonstrative points back with, before a verb that is no cue of its own:
# «Такой прогноз озвучил X», «С таким заявлением выступил X», «Эти данные привёл X», «Такую оценку дал X».
# The speech is in the verb's object (a light verb: сделать, дать, озвучить, выступить с), so the verb reports
# what the sentences before said, as «Об этом заявил X» does.
SPOKEN_NOUN = re.compile(r"(?:заявлени|мнени|предупреждени|сведени|предположени|обещани|сообщени)(?:е|я|ю|ем|и|ям|ями)|"
                         r"(?:информаци|верси)(?:я|и|ю|ей)|комментари(?:й|я|ю|ем|и)|"
                         r"(?:прогноз|вывод|призыв)(?:|а|у|ом|ы|ами)|оценк(?:а|и|у|ой)|цифр(?:ы|ами)|данн(?:ые|ыми)|"
                         r"слова(?:ми)?")
# The verbs that make such an object said (lemmas): «Эту информацию проверяют в полиции» reports no one's words
LIGHT_VERBS = frozenset("""сделать делать дать давать озвучить озвучивать выступить выступать привести приводить
обнародовать распространить распространять опубликовать публиковать представить представлять выразить выражать
высказать высказывать произнести повторить повторять разделять разделить придерживаться""".split())
_POINTING = re.compile(r"(?:^|\s)(?:с\s)?(?:так(?:ое|ой|ую|ие|им|ими|ого|ая)|эт(?:о|от|у|и|им|ими|а)|"
                       r"подобн(?:ое|ый|ую|ые|ым|ыми))(?:\sже)?$")


# Cues that say what someone is accused of with «в том, что», not what anyone said.
ACCUSING = frozenset(("подозревать",))


def first_person(toks: list[Token], k: int) -> bool:
    """The cue at token k speaks in the first or second person: its own form («Напомним, что», «считаю, что»), or
    «я» / «мы» (or «вы», «ты»: the author's address to the reader, «А вы не верили, что …») or a verb of that
    person governing it a few words before («мы не можем утверждать, что»)."""
    if toks[k].feats.get("Person") in ("1", "2"):
        return True
    for t in reversed(toks[max(0, k - 4):k]):
        if not t.text[:1].isalpha():
            return False
        if t.text.lower() in ("я", "мы", "вы", "ты") or t.feats.get("Person") in ("1", "2") \
                and t.pos in ("VERB", "AUX"):
            return True
    return False


class Cues:
    """The lexicon's cues at the article's tokens."""

    def __init__(self, sp: Speakers, lexicon: Lexicon) -> None:
        self.sp, self.lex = sp, lexicon
        self.text, self.tokens = sp.text, sp.tokens
        self._cue_cache: dict[int, int] = {}

    def cue_len(self, k: int, section: str = "verb") -> int:
        """Number of tokens of a lexicon entry starting at token k (0 when none)."""
        key = k if section == "verb" else -k - 1
        if key in self._cue_cache:
            return self._cue_cache[key]
        toks = self.tokens
        n = 0
        t = toks[k]
        if t.text[:1].isalpha():
            for e in self.lex.starting(section, t.text, cue_forms):
                size = len(e)
                if size == 1:
                    if section != "verb" or t.pos in ("VERB", "AUX", "ADJ", "NOUN", "X"):
                        n = max(n, 1)
                elif k + size <= len(toks) and all(e[m] in lemmas(toks[k + m].text) for m in range(1, size)):
                    n = max(n, size)
        if n and section == "verb" and lemmas(t.text) & DESIRE and not self._before_chtoby(k + n):
            n = 0  # «хотят, чтобы…» is reported wish (rule 14); «хотят уехать» is not speech
        if not n and section == "verb" and self.light_verb(k):
            n = 1
        self._cue_cache[key] = n
        return n

    def light_verb(self, k: int) -> bool:
        """A finite verb right after a demonstrative and a noun for what was said that is its object, not its
        subject (SPOKEN_NOUN): «Такой прогноз озвучил X», not «Такое заявление прозвучало»."""
        toks = self.tokens
        if k < 2 or not is_finite(toks[k]) or not SPOKEN_NOUN.fullmatch(toks[k - 1].text.lower()) \
                or lemmas(toks[k].text).isdisjoint(LIGHT_VERBS):
            return False
        if not _POINTING.search(" ".join(t.text.lower() for t in toks[max(0, k - 3):k - 1])):
            return False
        noun, verb = toks[k - 1].feats, toks[k].feats
        if noun.get("Case") in ("Acc", "Ins") or noun.get("Case") == "Gen" and "придерживаться" in lemmas(toks[k].text):
            return True  # «Такой прогноз озвучил», «с таким заявлением выступил», «такого мнения придерживается»
        if noun.get("Case") == "Nom":
            return False  # «Такое заявление прозвучало»
        # no case read: a verb that agrees with the noun may have it for its subject
        if noun.get("Number") != verb.get("Number"):
            return True
        return verb.get("Number") == "Sing" and None not in (verb.get("Gender"), noun.get("Gender")) \
            and verb.get("Gender") != noun.get("Gender")

    def _before_chtoby(self, k: int) -> bool:
        toks = self.tokens
        if k < len(toks) and toks[k].text.lower() == "бы":
            k += 1  # «хотел бы, чтобы…»
        if k < len(toks) and toks[k].text == ",":
            k += 1
        return k < len(toks) and toks[k].text.lower() == "чтобы"

    def cue_within(self, k: int, stop: int, max_tokens: int = 3) -> tuple[int, int] | None:
        for m in range(k, min(k + max_tokens, len(self.tokens))):
            t = self.tokens[m]
            if t.start >= stop or t.text in ".!?;:«»\"":
                return None
            n = self.cue_len(m)
            if n:
                return m, n
            if is_finite(t) and m > k and not (t.pos == "AUX" and m + 1 < len(self.tokens)
                                                and self.tokens[m + 1].feats.get("VerbForm") == "Part"):
                return None
        return None

    def impersonal(self, verb: Token) -> bool:
        """«сообщается», «говорится», «сказано»: a passive form, or a -ся form that is a cue only through its
        verb without -ся; unlike «признался», it has no one in the nominative who speaks."""
        if verb.feats.get("Voice") == "Pass" and verb.pos in ("VERB", "AUX"):
            return True
        return verb.text.lower().endswith(("ся", "сь")) and not any(
            self.lex.has("verb", (lem,)) for lem in lemmas(verb.text) if lem.endswith(("ся", "сь")))

    def has_reported_cue(self, a: int, b: int) -> bool:
        """A paragraph that reports someone's speech itself is narrative, not a block quote; a cue in the
        first person («я уверен, что», «считаю, что») is the quoted speaker's own voice and does not count."""
        toks = self.tokens
        k = self.sp.tok_index(a)
        end = min(b, a + 200)
        while k < len(toks) and toks[k].start < end:
            n = self.cue_len(k)
            if n and self.that_clause(k + n, b) is not None and not first_person(toks, k):
                return True
            k += 1
        return False

    def that_clause(self, k: int, stop: int) -> int | None:
        """Token index of the first word after «, что» / «, чтобы» / «о том, что» following a cue at most a
        few words away («сообщила СМИ, что», «заявил в понедельник, что»), or None."""
        toks = self.tokens
        m, end = k, min(k + THAT_REACH, len(toks))
        while m < end:
            t = toks[m]
            if t.text in "«\"„":
                # a media or organisation name in quotation marks as the addressee («рассказал „Фонтанке“, что»)
                close = closing_mark(toks, m + 1, 5)
                if close is not None and close + 1 < len(toks) and toks[close + 1].text == ",":
                    end = min(end + close - m, len(toks))
                    m = close + 1
                    continue
            if t.start >= stop or t.text in ".!?;:«»\"" or (is_finite(t) and m > k):
                return None
            form = t.feats.get("VerbForm")
            if form == "Inf" or form in ("Part", "Conv") and m > k and toks[m - 1].text == ",":
                # «состояние продолжало ухудшаться, что потребовало …», «сообщили сотрудники, обнаружившие, что
                # …», «отказался комментировать ситуацию, заявив, что …»: the clause belongs to the verb in
                # between, which is a cue of its own if it is one
                return None
            low = t.text.lower()
            if low in ("что", "чтобы") and m > k and toks[m - 1].text == ",":
                return m + 1
            if low in ("что", "чтобы") and m == k:
                return m + 1
            # «о том, что», «на том, что» (настаивал), «на то, что» (сослался), «в том, что» (уверен); but
            # «его подозревают в том, что» says what someone is accused of, not what anyone said (gold rule 16),
            # and «несмотря на то, что» is a concession
            if low in ("о", "об", "на", "в", "к") and m + 3 < len(toks) \
                    and toks[m + 1].text.lower() in ("том", "то", "тому") \
                    and toks[m + 2].text == "," and toks[m + 3].text.lower() in ("что", "чтобы"):
                if low == "в" and k > 0 and lemmas(toks[k - 1].text) & ACCUSING \
                        or m > 0 and toks[m - 1].text.lower() == "несмотря":
                    return None
                return m + 4
            if low == "тем" and m + 2 < len(toks) and toks[m + 1].text == "," \
                    and toks[m + 2].text.lower() == "что":
                return m + 3
            m += 1
        return None

    def speech_verb_in(self, a: int, b: int) -> bool:
        """A finite speech verb of the lexicon between character positions a and b."""
        k = self.sp.tok_index(a)
        while k < len(self.tokens) and self.tokens[k].start < b:
            if is_finite(self.tokens[k]) and self.cue_len(k):
                return True
            k += 1
        return False
