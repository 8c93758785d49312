"""A quote is kept with its speaker: the joint threshold on quote score × speaker score, the older two-threshold
rule for model files written before it, and the joint threshold kept in the model file. Stub scorers stand in
for the boosters so that the decision itself is what is tested; the texts are invented."""
from dataclasses import replace

from svodka.quotemodel.decode import decode
from svodka.quotemodel.model import QuoteModel
from svodka.quotemodel.train import analyse_gold

TEXT = "Мэр Верхнедольска Олег Сомов заявил, что мост через Сонь откроют к осени.\n"


class Stub(QuoteModel):
    def __init__(self, quote: float, speaker: float, joint: float | None, threshold: float = 0.3):
        super().__init__(None, None, {}, threshold=threshold, min_speaker=0.2, joint=joint)
        self.q, self.s = quote, speaker

    def quote_scores(self, rows):
        return [self.q] * len(rows)

    def speaker_scores(self, rows):
        return [self.s] * len(rows)


def _featurized(text=TEXT):
    (_, fz, _view), = list(analyse_gold([{"id": "t", "text": text}]))
    return fz


def _kept(model, text=TEXT):
    return [q.text for q in decode(_featurized(text), model)]


def test_a_less_sure_quote_with_a_clear_speaker_is_kept_by_the_joint_threshold():
    assert any("мост через Сонь" in t for t in _kept(Stub(0.35, 0.9, joint=0.2)))  # 0.315 ≥ 0.2


def test_below_the_quote_floor_no_speaker_keeps_a_candidate():
    assert _kept(Stub(0.25, 1.0, joint=0.2)) == []  # the floor is 0.3


def test_a_likely_quote_with_no_plausible_speaker_is_dropped():
    assert _kept(Stub(0.9, 0.1, joint=0.2)) == []  # 0.09 < 0.2


def test_without_a_joint_threshold_the_quote_threshold_decides_as_before():
    assert _kept(Stub(0.35, 0.9, joint=None, threshold=0.5)) == []  # below the quote threshold 0.5
    assert any("мост через Сонь" in t for t in _kept(Stub(0.9, 0.1, joint=None, threshold=0.5)))  # a rule's quote stays


def test_the_joint_threshold_is_kept_in_the_model_file_and_an_old_file_has_none():
    from svodka.quotemodel.model import default_model
    shipped = default_model()
    assert shipped.joint is not None
    again = QuoteModel.from_bytes(shipped.to_bytes(), "(test)")
    assert again.joint == shipped.joint
    old = QuoteModel.from_bytes(replace(shipped, joint=None).to_bytes(), "(test)")
    assert old.joint is None and old.threshold == shipped.threshold


def test_a_cue_with_its_own_object_does_not_report_the_clause_before_it():
    fz = _featurized("Перед этим две фракции, а также ряд депутатов, заявили о выходе из коалиции «Южный путь».\n")
    assert not [c for c in fz.cands if c.origin == "postposed"]
    fz = _featurized("Мост через Сонь откроют к осени, заявил мэр Верхнедольска Олег Сомов.\n")
    assert [c for c in fz.cands if c.origin == "postposed" or c.origin == "rule"]


LIST_POST = ("Глава Верхнедольска Олег Сомов на встрече с жителями. Главное:\n"
             "— Мост через Сонь откроют к осени, подрядчик уже выбран\n"
             "— Тарифы на проезд в следующем году не вырастут\n"
             "— Новую школу на Заречной улице достроят весной\n")


class ItemStub(Stub):
    """Scores the list items of LIST_POST one by one as given (others 0), every speaker alike."""

    def __init__(self, fz, item_scores, speaker=0.9):
        super().__init__(0.0, speaker, joint=0.2)
        self.fz, self.items = fz, item_scores

    def quote_scores(self, rows):
        items = iter(self.items)
        return [next(items) if c.origin == "listline" else 0.0 for c in self.fz.cands]


def test_the_items_of_one_list_are_kept_or_dropped_together():
    fz = _featurized(LIST_POST)
    assert sum(c.origin == "listline" for c in fz.cands) == 3
    # alone, the second item (0.2) would fall below the floor: with its list (mean 0.5) it stays
    kept = decode(fz, ItemStub(fz, [0.7, 0.2, 0.6]))
    assert [q.text.split()[0] for q in kept] == ["Мост", "Тарифы", "Новую"]
    # and a list the model doubts as a whole loses its one likely-looking item too (mean 0.2)
    assert decode(fz, ItemStub(fz, [0.45, 0.1, 0.05])) == []


class NobodyStub(Stub):
    """Every candidate a likely quote; the last speaker candidate (nobody) scored `nobody`, the others 0.1."""

    def __init__(self, nobody):
        super().__init__(0.9, 0.1, joint=0.2)
        self.nobody = nobody

    def speaker_scores(self, rows):
        return [0.1] * (len(rows) - 1) + [self.nobody]


EXCERPT = ("«Пять лет я собирал метеостанцию из старых деталей, и вот что из этого вышло».\n\n"
           "[Метеостанция на балконе своими руками](https://example.org/articles/1)\n")


def test_nobody_is_a_speaker_candidate_of_every_quote():
    from svodka.quotemodel.candidates import NOBODY
    from svodka.quotemodel.decode import speaker_rows
    fz = _featurized(EXCERPT)
    assert fz.cands
    for c in fz.cands:
        cands, rows = speaker_rows(fz.doc, c)
        assert cands[-1] is NOBODY and len(rows) == len(cands)


def test_a_quote_whose_best_speaker_is_nobody_is_kept_without_a_speaker():
    kept = decode(_featurized(EXCERPT), NobodyStub(0.8))
    assert kept and all(q.speaker is None and q.speaker_entity is None for q in kept)
    assert decode(_featurized(EXCERPT), NobodyStub(0.15)) == []  # 0.9 × 0.15 < 0.2: no plausible reading
