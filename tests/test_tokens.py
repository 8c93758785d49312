"""tokens.py answers exactly what razdel's tokenize gives, from a cache of whitespace-free chunks."""
import random

from razdel import tokenize

from svodka.nlp import tokens as T

# characters that exercise every razdel rule: the dash, underscore, float and fraction joins across a space,
# punctuation runs and smileys, other symbols next to letters, «yahoo!», non-breaking and other spaces
ALPHABET = list("аБвzZ19 .,-–—‑−_/\\!?…:;)(=*«»\"'@#%$&+№Δσ😀\n\t\u00a0Kſı") + [
    "yahoo", "Yahoo", "YAHOO!", "ab", "12", ":-)", ";)", "=(((", "--", "**", "..."]


def _razdel(text):
    return [(t.start, t.stop, t.text) for t in tokenize(text)]


def test_same_tokens_as_razdel_on_random_text():
    rng = random.Random(16)
    for i in range(20_000):
        if i % 500 == 0:
            T._cache.clear()  # both a cold and a warm cache
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16)))
        assert T.tokens(text) == _razdel(text), repr(text)
        assert T.razdel_tokens(text) == _razdel(text), repr(text)


def test_context_across_a_space_is_part_of_the_key():
    T._cache.clear()
    # «-б» alone is two tokens; after a word razdel's dash rule joins it («а -б» → «а», «-б»)
    for text in ("-б", "а -б", ". -б", "1 ,5", "1 ,", "5, 1", "x/ 2", "1 /2", "_ a", "a _a"):
        assert T.tokens(text) == _razdel(text), text
    for text in ("а -б", "-б", "1 ,5", "1 ,"):
        assert T.tokens(text) == _razdel(text), text
