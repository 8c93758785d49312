"""The compact word vocabulary gives every word the id Slovnet's own vocabulary gives it."""
import random

from slovnet.const import PAD, UNK
from slovnet.vocab import Vocab

from svodka.nlp.vocab import CompactVocab


def _same_ids(items: list[str], asked: list[str]) -> None:
    ref, got = Vocab(items), CompactVocab(items)
    assert (got.unk_id, got.pad_id, len(got)) == (ref.unk_id, ref.pad_id, len(ref))
    assert [got.encode(w) for w in asked] == [ref.encode(w) for w in asked]
    assert [got.decode(i) for i in range(len(items))] == items
    assert got.items == items


def test_every_word_and_every_other_string_gets_slovnets_id():
    rng = random.Random(5)
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя-abc0"
    words = sorted({"".join(rng.choice(letters) for _ in range(rng.randint(1, 9))) for _ in range(3000)})
    rng.shuffle(words)
    items = [PAD, UNK, *words, ""]  # an empty line is a word too
    others = ["".join(rng.choice(letters) for _ in range(rng.randint(0, 10))) for _ in range(3000)]
    _same_ids(items, items + others + ["Москва", "москва ", "<unk>"])


def test_a_word_given_twice_has_its_last_id_as_in_a_dictionary():
    _same_ids([PAD, "мир", UNK, "мир", "дом", "мир"], ["мир", "дом", "сад"])


def test_without_unk_and_pad_they_are_none_and_an_unknown_word_is_none():
    got = CompactVocab(["один", "два"])
    assert got.unk_id is None and got.pad_id is None and got.encode("три") is None and got.encode("два") == 1


def test_the_loaded_taggers_words_are_slovnets_words_with_slovnets_ids(models):
    """The vocabulary the taggers use is compact and answers as the one Slovnet's loader builds from the pack."""
    from slovnet.exec import pack
    from svodka.nlp.pipeline import Models

    encoder = Models.get().morph.infer.encoder
    vocab = encoder.words_vocab
    assert isinstance(vocab, CompactVocab) and len(vocab) > 100_000
    ref = pack.bytes_vocab(_packed_words())
    rng = random.Random(3)
    asked = rng.sample(ref.items, 5000) + ["москва", "путин", "заявил", "абырвалгх", UNK, PAD]
    assert [vocab.encode(w) for w in asked] == [ref.encode(w) for w in asked]
    assert (vocab.unk_id, vocab.pad_id) == (ref.unk_id, ref.pad_id)


def _packed_words() -> bytes:
    """The packed word vocabulary of Natasha's morphology model (inside its wheel), as its loader reads it."""
    from natasha.morph.tagger import NEWS_MORPH
    from slovnet.exec.pack import Pack, vocab_name

    with Pack(NEWS_MORPH) as p:
        return p.read(vocab_name("word"))
