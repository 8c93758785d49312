"""A source described by a generic noun for the organisation the article just named is written with its name
(«пресс-служба ведомства» after «Роспотребнадзор …» is «пресс-служба Роспотребнадзора»), preferring the
organisation the sentence before was about to one named there in passing; an outlet's unnamed sources stay as
described («источники издания»). The texts were written for these tests."""
from quote_helpers import speakers_of


def test_a_state_body_is_the_subject_named_before_not_the_last_named(models):
    assert speakers_of("Роспотребнадзор отправил запрос в Минздрав Турции. Как сообщили в пресс-службе ведомства, "
                     "ответ ещё не получен.") == ["пресс-служба Роспотребнадзора"]


def test_an_airline_named_before_gives_its_press_service_a_name(models):
    assert speakers_of("Аэрофлот отменил рейсы в Сочи. В пресс-службе авиакомпании сообщили, что пассажирам "
                     "вернут деньги.") == ["пресс-служба Аэрофлота"]


def test_an_outlets_sources_stay_as_described(models):
    assert speakers_of("Об отставке написала The Washington Post. Как рассказали источники издания, решение "
                     "принято в пятницу.") == ["источники издания"]


def test_a_country_named_before_is_the_country_of_its_representative(models):
    assert speakers_of("Катар выслал дипломатов. Представитель этой страны заявил, что решение "
                     "окончательное.") == ["представитель Катара"]
