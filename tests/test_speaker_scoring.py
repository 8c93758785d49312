"""The speaker booster's early-stopped scoring (quotemodel/model.py, `_settled`): what decoding reads of each
quote's candidates, the best one and its score, is the booster's own full prediction; the rest may stop early.
On the speaker rows of invented articles."""
from __future__ import annotations

import numpy as np
import pytest

from svodka.quotemodel.decode import speaker_rows
from svodka.quotemodel.model import default_model
from svodka.quotemodel.train import analyse_gold

TEXTS = [
    "Глава Минтранса Олег Сомов заявил, что мост через Обь откроют в декабре. По словам министра, подрядчик "
    "работает в три смены. Эксперт Ольга Титова считает, что сроки реальны.\n",
    "Мэр Тулы Анна Белова встретилась с жителями. «Дворы отремонтируем летом», — сказала она. В мэрии "
    "добавили, что деньги уже выделены. Депутат Игорь Лавров уверен, что ремонта хватит на десять лет.\n",
    "В Самаре открылся парк. Как сообщили в пресс-службе администрации, вход будет бесплатным. Директор "
    "парка Мария Ляхова рассказала, что летом там пройдут концерты, а Пётр Зуев, её заместитель, пояснил, что "
    "билеты не понадобятся.\n",
]


@pytest.fixture(scope="module")
def groups(models):
    """Each quote candidate's speaker rows, for every candidate with any."""
    out = []
    for _, fz, _ in analyse_gold([{"id": f"t{i}", "text": t} for i, t in enumerate(TEXTS)]):
        for q in fz.cands:
            _, rows = speaker_rows(fz.doc, q)
            if rows:
                out.append(rows)
    return out


def test_each_quotes_best_speaker_and_score_are_the_full_predictions(groups):
    model = default_model()
    rows = [r for g in groups for r in g]
    got = model.speaker_scores(rows, [len(g) for g in groups])
    full = model.speaker_booster.predict(np.asarray(rows, dtype=np.float64), num_threads=1).tolist()
    at = 0
    for g in groups:
        mine, theirs = got[at:at + len(g)], full[at:at + len(g)]
        assert max(mine) == max(theirs)
        assert mine.index(max(mine)) == theirs.index(max(theirs))
        at += len(g)
    # and the others did stop early: that is what it is for
    assert sum(a != b for a, b in zip(got, full)) > len(rows) // 4


def test_one_quotes_rows_scored_alone_or_among_others_decide_alike(groups):
    model = default_model()
    together = model.speaker_scores([r for g in groups for r in g], [len(g) for g in groups])
    at = 0
    for g in groups:
        alone = model.speaker_scores(g)
        assert alone == together[at:at + len(g)]
        at += len(g)


def test_groups_that_do_not_cover_the_rows_are_refused(groups):
    rows = [r for g in groups[:2] for r in g]
    with pytest.raises(ValueError, match="speaker rows"):
        default_model().speaker_scores(rows, [len(groups[0])])
