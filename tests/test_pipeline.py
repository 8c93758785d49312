"""The batched Slovnet pipeline gives what Natasha's own objects give, on short texts written for these tests."""
import pytest
from razdel import tokenize

from svodka.nlp.chunks import ner_chunks, piece_words
from svodka.nlp.pipeline import _segment, parse_many

TEXTS = [
    "Министр Иван Петров приехал в Казань. Он встретился с мэром города.",
    # sentence ends and starts where razdel's float, dash and fraction joins could reach across
    "В прошлом году их было 5. 3 из них вернулись домой. Потом пришли ещё 2,5 тысячи.",
    "Он сказал: «Нет». -Да, конечно. Вышло что-то странное -то ли дождь.",
    "Итог 1/2. /3 места заняли. Пост_ _скриптум.",
    "Заголовок без точки\nВторой абзац. Ещё предложение!Без пробела.",
    "",
    "   ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_piece_words_are_razdels_tokens_of_the_piece(text):
    sents = _segment(text)
    for a, b, first, last in ner_chunks(text, sents):
        words, offsets = piece_words(text, sents, a, b, first, last)
        subs = list(tokenize(text[a:b]))
        assert words == [s.text for s in subs]
        assert offsets == [(s.start, s.stop) for s in subs]


def test_parse_many_matches_natashas_taggers(models):
    """Sentences tokenised one by one and tagged by Natasha's morph tagger, paragraphs read by its NER."""
    from natasha import Segmenter
    seg = Segmenter()
    texts = [t for t in TEXTS if t.strip()]
    for text, parsed in zip(texts, parse_many(texts, models)):
        want_tokens, want_spans = [], []
        for s in seg.sentenize(text):
            toks = list(seg.tokenize(s.text))
            markup = models.morph([t.text for t in toks])
            want_tokens += [(s.start + t.start, s.start + t.stop, t.text, m.pos, m.feats)
                            for t, m in zip(toks, markup.tokens)]
        for a, b, _, _ in ner_chunks(text, parsed.sents):
            want_spans += [(a + sp.start, a + sp.stop, sp.type) for sp in models.ner(text[a:b]).spans]
        assert [(t.start, t.end, t.text, t.pos, t.feats) for t in parsed.tokens] == want_tokens
        assert [(s.start, s.end, s.type) for s in parsed.spans] == want_spans


def _close_with_same_tags(got, want):
    """Floats of the network summed in another order: equal to a few units of the last place of their size,
    and the same best tag for every word (the tags are what the analysis reads)."""
    import numpy as np
    assert got.dtype == want.dtype and got.shape == want.shape
    assert np.abs(got - want).max() <= 1e-5 * max(1.0, np.abs(want).max())
    assert np.array_equal(got.argmax(-1), want.argmax(-1))


def test_forward_gives_slovnets_outputs(models):
    from svodka.nlp.forward import Forward
    texts = [t for t in TEXTS if t.strip()]
    sents = [[t.text for t in s.tokens] for p in parse_many(texts, models) for s in p.sents]
    for tagger in (models.morph_tagger, models.ner_tagger):
        enc = tagger.encoded
        x = tagger.encoder.input([enc.item(w) for w in sents])  # one batch of unequal lengths: padding inside
        want = tagger.model(x.word_id, x.shape_id, x.pad_mask)
        _close_with_same_tags(Forward(tagger.model)(x.word_id, x.shape_id, x.pad_mask), want)


def test_first_layer_table_is_the_convolution_of_each_word():
    """The first layer's products gathered per position equal the convolution Slovnet computes over
    whole windows, also where a word repeats in the batch and at the edges of sequences of unequal length."""
    import numpy as np

    from svodka.nlp.pipeline import Models
    tagger = Models.get().morph_tagger
    enc = tagger.encoded
    sents = [["Мэр", "открыл", "мост", "."], ["Мост", "открыл", "мэр", "Олег", "Сомов", ",", "мост", "."], ["Да"]]
    x = tagger.encoder.input([enc.item(w) for w in sents])
    model, forward = tagger.model, tagger.forward
    emb = model.emb(x.word_id, x.shape_id)  # (batch, length, channels) as Slovnet embeds
    conv = model.encoder.layers[0].conv
    want = conv(emb.swapaxes(1, 2)).swapaxes(1, 2) - conv.bias.array  # Slovnet's first convolution
    keys, products = forward.first_table(x.word_id, x.shape_id)
    assert len(keys) < x.word_id.size  # repeated pairs (the pad word, «открыл», «.») share one row
    at = np.searchsorted(keys, x.word_id.astype(np.int64) * forward.n_shapes + x.shape_id)
    got = products[1][at]  # the centre offset alone: the same word's own products
    got[:, 1:] += products[0][at[:, :-1]]
    got[:, :-1] += products[2][at[:, 1:]]
    assert np.allclose(got, want, rtol=0, atol=1e-4)


def test_morph_tags_in_row_blocks_are_slovnets_argmax(models, monkeypatch):
    import numpy as np

    from svodka.nlp import forward
    texts = [t for t in TEXTS if t.strip()]
    sents = [[t.text for t in s.tokens] for p in parse_many(texts, models) for s in p.sents]
    tagger = models.morph_tagger
    x = tagger.encoder.input([tagger.encoded.item(w) for w in sents])
    want = tagger.model.head.decode(tagger.model(x.word_id, x.shape_id, x.pad_mask))
    monkeypatch.setattr(forward, "HEAD_ROWS", 7)  # blocks that cut sentences and the padding
    assert np.array_equal(tagger.forward.tags(x.word_id, x.shape_id, x.pad_mask), want)


@pytest.mark.parametrize("block_rows", [300, 437, 700, 2048])
def test_packed_batches_give_slovnets_outputs(models, monkeypatch, block_rows):
    """Sequences laid end to end (in several blocks) give each batch the head outputs Slovnet's padded batch
    gives, and its tags."""
    from svodka.nlp import forward
    monkeypatch.setattr(forward, "BLOCK_ROWS", block_rows)
    texts = [t for t in TEXTS if t.strip()]
    sents = [[t.text for t in s.tokens] for p in parse_many(texts, models) for s in p.sents]
    sents = [s * k for k in range(1, 9) for s in sents]  # unequal lengths, several blocks
    for tagger in (models.morph_tagger, models.ner_tagger):
        items = [tagger.encoded.item(w) for w in sents]
        batches = [items[k:k + 32] for k in range(0, len(items), 32)] + [items[:2]]
        got = tagger.forward.batches(batches, tagger.encoder.words_vocab.pad_id, tagger.encoder.shapes_vocab.pad_id)
        for batch, rows in zip(batches, got):
            assert [len(r) for r in rows] == [len(w) for w, _ in batch]
            x = tagger.encoder.input(batch)
            want = tagger.model(x.word_id, x.shape_id, x.pad_mask)
            h = tagger.forward.padded(rows)
            _close_with_same_tags(tagger.forward.head(h.reshape(-1, h.shape[-1])).reshape(want.shape), want)


def test_sentences_without_words_are_punctuation_and_never_tagged():
    """A run of marks or emoji is not fed to the networks (on a text made of them that was most of the time);
    its tokens are punctuation and it holds no name; the texts beside it are tagged as they are alone."""
    from svodka.nlp.pipeline import parse, parse_many
    news = "Мэр Верхнедольска Олег Сомов открыл мост. «Мы успели», — сказал Сомов."
    marks, emoji, news_p = parse_many(["«« »» " * 50, "🔥🔥🔥 👍", news])
    for p in (marks, emoji):
        assert p.sents and all(t.pos == "PUNCT" for s in p.sents for t in s.tokens) and not p.spans
    alone = parse(news)
    assert [(t.text, t.pos, t.feats) for t in news_p.tokens] == [(t.text, t.pos, t.feats) for t in alone.tokens]
    assert [(x.start, x.end, x.type) for x in news_p.spans] == [(x.start, x.end, x.type) for x in alone.spans]
    assert any(x.text == "Олег Сомов" for x in alone.spans)


def test_a_mark_dense_sentence_is_tagged_by_its_words(models):
    from svodka.nlp.pipeline import parse_many

    text = '«„“"»” слово " «а» ' * 30 + "Мэр Верхнедольска Олег Сомов открыл мост.\n"
    parsed = parse_many([text], models)[0]
    toks = parsed.tokens
    marks = [t for t in toks if not any(ch.isalnum() for ch in t.text)]
    words = [t for t in toks if any(ch.isalnum() for ch in t.text)]
    assert marks and all(t.pos == "PUNCT" for t in marks)
    assert all(t.pos not in (None, "", "PUNCT") for t in words if t.text == "слово")
    # the ordinary sentence after the marks keeps its name
    assert any(s.type == "PER" and "Сомов" in s.text for s in parsed.spans)


def test_crf_marginals_match_enumerating_every_tag_path():
    """Slovnet's CRF marginals (read by the learned NER layer) equal the sum over all tag paths, with padded
    words left out of each sequence."""
    import itertools

    import numpy as np

    from svodka.nlp.taggers import crf_marginals
    rng = np.random.default_rng(3)
    batch, length, tags = 3, 5, 4
    e = (rng.normal(size=(batch, length, tags)) * 3).astype(np.float32)
    t = (rng.normal(size=(tags, tags)) * 3).astype(np.float32)
    mask = np.ones((batch, length), bool)
    mask[1, 3:] = False
    mask[2, 1:] = False
    got = crf_marginals(e, t, mask)
    for b in range(batch):
        n = int(mask[b].sum())
        probs, z = np.zeros((n, tags)), 0.0
        for path in itertools.product(range(tags), repeat=n):
            w = np.exp(sum(float(e[b, i, path[i]]) for i in range(n)) +
                       sum(float(t[path[i], path[i + 1]]) for i in range(n - 1)))
            z += w
            for i in range(n):
                probs[i, path[i]] += w
        assert np.allclose(got[b, :n], probs / z, atol=1e-5)


def test_viterbi_gives_slovnets_crf_tags():
    """The batch Viterbi decoder gives the tags of slovnet's `CRF.decode` on random batches of unequal lengths,
    ties included (rounded scores)."""
    import numpy as np
    from slovnet.exec.model import CRF

    from svodka.nlp.taggers import viterbi
    rng = np.random.default_rng(5)
    crf = CRF.__new__(CRF)
    for trial in range(60):
        batch, length, tags = int(rng.integers(1, 12)), int(rng.integers(1, 40)), 8
        e = rng.normal(size=(batch, length, tags)).astype(np.float32)
        t = rng.normal(size=(tags, tags)).astype(np.float32)
        if trial % 2:
            e, t = np.round(e), np.round(t)
        lengths = rng.integers(1, length + 1, size=batch)
        mask = np.arange(length)[None, :] < lengths[:, None]
        crf.transitions = type("Weight", (), {"array": t})()
        want, got = crf.decode(e, mask), viterbi(crf, e, mask)
        assert len(got) == len(want) and all(np.array_equal(a, b) for a, b in zip(got, want))


def test_parse_carries_the_taggers_type_probabilities(models):
    """Each token the NER tagger read has its CRF marginals (O, B/I of PER, LOC, ORG), and they agree with
    the decoded spans on an unambiguous sentence."""
    import numpy as np
    parsed = parse_many(["Вчера Олег Карпов прилетел в Омск."], models)[0]
    probs = parsed.ner_probs
    assert probs.shape == (len(parsed.tokens), 7)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)
    by_word = {t.text: row for t, row in zip(parsed.tokens, probs)}
    assert by_word["Олег"][1] > 0.5 and by_word["Карпов"][2] > 0.5  # B-PER, I-PER
    assert by_word["Омск"][3] > 0.5 and by_word["прилетел"][0] > 0.9  # B-LOC, O


def test_the_probabilities_are_left_out_unless_the_learned_layer_reads_them(models):
    """Only the learned NER layer reads the CRF marginals, so an analysis without it does not compute them;
    the spans and tags are the same either way."""
    from svodka.analyze import analyze
    from svodka.knowledge import Knowledge
    from svodka.model import Article

    text = "Вчера Олег Карпов прилетел в Омск. «Мост откроют в мае», — сказал Карпов."
    with_probs, without = parse_many([text], models)[0], parse_many([text], models, ner_probs=False)[0]
    assert with_probs.ner_probs is not None and without.ner_probs is None
    assert [(s.start, s.end, s.type) for s in without.spans] == [(s.start, s.end, s.type) for s in with_probs.spans]
    assert [(t.pos, t.feats) for t in without.tokens] == [(t.pos, t.feats) for t in with_probs.tokens]
    article = Article(id="a", text=text)
    plain, layered = analyze(article), analyze(article, knowledge=Knowledge(learned_ner=True))
    assert {e.name for e in plain.entities} >= {"Олег Карпов", "Омск"}
    assert [q.speaker for q in plain.quotes] == [q.speaker for q in layered.quotes] == ["Олег Карпов"]


def test_a_sentence_the_segmenter_left_whole_is_tagged_in_runs(models):
    """A megabyte of «…», — сказал он. with a lower-case word after each stop is one sentence to razdel: the
    taggers read it in runs of TAGGER_WORDS words, every word is tagged and every name is found, also
    those past the first run (the offsets of each run are its own piece's)."""
    import numpy as np

    from svodka.nlp.pipeline import TAGGER_WORDS, _runs

    # runs cover the words end to end; with no punctuation in reach they are cut at TAGGER_WORDS
    bare = ["слово"] * (2 * TAGGER_WORDS + 7)
    assert _runs(bare) == [(0, TAGGER_WORDS), (TAGGER_WORDS, 2 * TAGGER_WORDS), (2 * TAGGER_WORDS, len(bare))]
    assert _runs(bare[:TAGGER_WORDS]) == [(0, TAGGER_WORDS)]
    unit = "назвал «решение» ошибкой, — сказал Иван Петров. "
    text = unit * (3 * TAGGER_WORDS // 9 + 5)
    parsed = parse_many([text], models, ner_probs=True)[0]
    assert len(parsed.sents) < 5 and max(len(s.tokens) for s in parsed.sents) > 2 * TAGGER_WORDS
    assert all(t.pos for t in parsed.tokens)
    assert all(t.pos == "VERB" for t in parsed.tokens if t.text in ("назвал", "сказал"))
    names = [s for s in parsed.spans if s.type == "PER"]
    assert len(names) == text.count("Иван Петров")  # runs are cut after punctuation, never inside the name
    assert all(parsed.text[s.start:s.end] == s.text == "Иван Петров" for s in names)
    assert names[-1].start > len(text) * 0.9
    assert not np.isnan(parsed.ner_probs[-3]).any()


def test_token_lemmas_are_computed_once_for_a_parse_and_follow_its_sentences(models):
    """Every token's lemma, asked by the NER repair and the quote candidates, is computed once and kept through
    `dataclasses.replace` of the spans; a parse with other sentences gets its own."""
    from dataclasses import replace

    from svodka.nlp.words import lemma, token_lemmas
    a = parse_many(["Мэр Верхнедольска Олег Сомов открыл мосты."], models)[0]
    b = parse_many(["Губернаторы подписали указы."], models)[0]
    got = token_lemmas(a)
    assert got == [lemma(t.text) for t in a.tokens] and "мост" in got
    assert token_lemmas(replace(a, spans=[])) is got
    other = replace(a, sents=b.sents)
    assert token_lemmas(other) == [lemma(t.text) for t in b.tokens] and "губернатор" in token_lemmas(other)


def test_a_call_with_more_distinct_words_than_one_table_holds_gives_the_same_tags(models, monkeypatch):
    """The first-layer table is bounded (a long document gets one per group of blocks); the tags do not depend
    on where the groups fall."""
    from svodka.nlp import forward
    texts = [t for t in TEXTS if t.strip()]
    sents = [[t.text for t in s.tokens] for p in parse_many(texts, models) for s in p.sents]
    tagger = models.morph_tagger
    want = tagger(sents)
    monkeypatch.setattr(forward, "TABLE_KEYS", 40)
    monkeypatch.setattr(forward, "BLOCK_ROWS", 30)
    assert tagger(sents) == want


def test_the_taggers_share_one_vocabulary_of_words(models):
    """The NER and morphology packs carry the same words: loaded once, the same object in both, and slovnet's
    own loader is back in place afterwards."""
    from slovnet.exec import pack
    from svodka.nlp.pipeline import Models

    m = Models.get()
    ner, morph = m.ner.infer.encoder, m.morph.infer.encoder
    assert ner.words_vocab is morph.words_vocab and ner.shapes_vocab is morph.shapes_vocab
    assert len(ner.words_vocab.items) > 100_000 and ner.words_vocab.encode("москва") != ner.words_vocab.unk_id
    assert pack.bytes_vocab.__qualname__ == "bytes_vocab"


def test_a_blank_line_ends_a_sentence_a_headline_left_open(models):
    text = ("Жителя Бостона задержали по делу о мошенничестве\n\nВласти США арестовали 30-летнего жителя Бостона. "
            "Власти считают, что он готовил аферу\nи нашёл сообщников.")
    parsed = parse_many([text], models)[0]
    firsts = [s.tokens[0].text for s in parsed.sents]
    assert firsts == ["Жителя", "Власти", "Власти"]  # a single line break does not cut
    body = parsed.sents[1].tokens[0]
    assert body.pos == "NOUN" and body.feats.get("Number") == "Plur"
