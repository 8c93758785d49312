"""Speaker phrases and cues on short invented news articles: titles glued to names, «один из …» sources,
gerund cues, desire cues with «чтобы», adjective+noun organisations and anaphoric «об этом»."""
import pytest

from quote_helpers import find, quotes_of, rule_quotes_of


def test_hyphenated_profession_before_a_name_is_a_title(models):
    text = ("Скончался известный юморист\n\n"
            "Писатель-сатирик Олег Вершинин узнал о смерти друга из новостей. "
            "«Я до сих пор не могу в это поверить», — говорит он.\n\n"
            "Врач-кардиолог Анна Седова сказала: «Он до последнего выходил на сцену».\n")
    qs = quotes_of(text, "s1")
    assert find(qs, "не могу в это поверить").speaker == "Олег Вершинин"
    assert find(qs, "на сцену").speaker == "Анна Седова"


def test_one_of_a_group_is_normalised_and_an_apposed_name_is_the_speaker(models):
    text = ("В Твери прошли пикеты\n\n"
            "По словам одного из организаторов акции, закон нарушает права граждан.\n\n"
            "По словам одного из участников митинга, фермера Павла Сидорова, поправки противоречат "
            "конституции. Один из участников, Иван Петров, сказал, что акции продолжатся.\n")
    qs = quotes_of(text, "s2")
    bare = find(qs, "права граждан")
    assert (bare.speaker, bare.speaker_type) == ("один из организаторов акции", "unnamed")
    named = find(qs, "противоречат")
    assert (named.text, named.speaker) == ("поправки противоречат конституции", "Павел Сидоров")
    assert find(qs, "акции продолжатся").speaker == "Иван Петров"


def test_gerund_cues_take_the_subject_of_the_main_verb(models):
    text = ("Партия выбрала лидера\n\n"
            "Депутат Олег Сомов проголосовал против, посчитав, что кандидат недостаточно опытен.\n\n"
            "Свой голос отозвал и депутат Игорь Лапин, сочтя, что его цель достигнута и также выразив "
            "поддержку коллеге.\n\n"
            "Только в пятницу вопрос был решён, и Анна Петрова согласилась баллотироваться, хотя до этого "
            "долго отказывалась от участия в выборах, считая, что время для этого неподходящее.\n")
    qs = quotes_of(text, "s3")
    assert (find(qs, "недостаточно опытен").speaker, find(qs, "недостаточно опытен").cue) == ("Олег Сомов", "посчитав")
    lapin = find(qs, "цель достигнута")
    assert (lapin.text, lapin.speaker) == ("его цель достигнута", "Игорь Лапин")
    assert find(qs, "неподходящее").speaker == "Анна Петрова"


@pytest.mark.xfail(strict=True, reason="known error of the learned model: it rejects the rules' «хотят, чтобы» "
                   "candidate (desire verbs with «чтобы» are rare in the gold); strict, so a model that gets it "
                   "right makes this test fail until the mark is removed")
def test_desire_verb_with_chtoby_is_a_cue_and_without_it_is_not(models):
    text = ("Жители требуют расследования\n\n"
            "Представители местной общины, в которой живёт рыбак, хотят, чтобы власти города "
            "отремонтировали мост через реку. Мэр города хочет уехать в отпуск и рассказать об этом "
            "журналистам.\n")
    qs = quotes_of(text, "s4")
    assert len(qs) == 1, [(q.kind, q.text) for q in qs]
    q = qs[0]
    assert (q.text, q.speaker, q.speaker_type, q.cue) == (
        "власти города отремонтировали мост через реку", "представители местной общины",
        "unnamed", "хотят")


def test_adjective_and_noun_organisation_keeps_its_adjective_and_a_later_bare_noun_is_it(models):
    text = ("В Лондоне нашли взрывчатку\n\n"
            "Британская полиция сообщила, что обнаружила склад взрывчатки в пригороде Лондона.\n\n"
            "Жители соседних домов были эвакуированы.\n\n"
            "Полиция сообщила, что к поискам сообщников привлечены кинологи.\n")
    # the rules' attribution (what they propose to the model): the retrained model of 2026-12-05 prefers the
    # bare «полиция» for the second quote, a known miss of the learned ranker on this invented text
    qs = rule_quotes_of(text, "s5")
    first = find(qs, "склад взрывчатки")
    assert (first.speaker, first.speaker_type) == ("британская полиция", "organization")
    later = find(qs, "привлечены кинологи")
    assert (later.speaker, later.speaker_type) == ("британская полиция", "organization")


def test_anaphoric_cue_coordinated_with_a_verb_of_its_own_sentence_reports_no_earlier_sentence(models):
    own = ("Министр ушла в отставку\n\n"
           "Министр культуры Анна Иванова провела последнее заседание коллегии. Иванова подала в отставку "
           "и сообщила об этом журналистам.\n")
    assert quotes_of(own, "s6") == []
    fronted = ("Министр ушла в отставку\n\n"
               "Министр культуры Анна Иванова провела последнее заседание коллегии и подала в отставку. "
               "Об этом сообщила пресс-служба министерства.\n")
    q = find(quotes_of(fronted, "s7"), "заседание коллегии")
    assert (q.kind, q.speaker, q.cue) == ("indirect", "пресс-служба министерства", "сообщила")
