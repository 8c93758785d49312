"""«…, — сообщили в пресс-службе X»: the place an impersonal plural cue names is its source, so the press
service (in the nominative) is among the speaker candidates; a singular cue's «в интервью» is not. The texts
were written for these tests."""
from quote_helpers import speaker_candidate_names as _speaker_names


def test_the_place_after_a_plural_cue_is_a_speaker_candidate():
    names = _speaker_names("Более двух тысяч жалоб на задержки рейсов поступило за неделю, — сообщили в пресс-службе "
                           "городского управления транспорта.", "жалоб")
    assert "пресс-служба городского управления транспорта" in names


def test_the_place_before_a_plural_cue_is_a_speaker_candidate():
    names = _speaker_names("В комплексе городского хозяйства рассказали, что тюльпаны расцветут к маю.",
                           "тюльпаны")
    assert "комплекс городского хозяйства" in names


def test_adjectives_may_stand_between_the_preposition_and_the_place():
    names = _speaker_names("На складе у вокзала горят перекрытия второго этажа, сообщили в экстренных службах.",
                           "перекрытия")
    assert "экстренные службы" in names
    names = _speaker_names("В городском транспортном департаменте рассказали, что тариф не вырастет.", "тариф")
    assert "городской транспортный департамент" in names


def test_a_singular_cue_keeps_its_interview_out():
    names = _speaker_names("Мэр Олег Сомов сказал в интервью, что мост откроют к осени.", "мост откроют")
    assert "интервью" not in names


def test_a_title_and_a_name_after_a_dash_are_a_source_as_written():
    # both words are mentions of one person (a title and a name); the gold writes them together
    names = _speaker_names("Церковь не поддерживает смертную казнь, — Патриарх Кирилл.", "Церковь")
    assert "патриарх кирилл" in [n.lower() for n in names]
