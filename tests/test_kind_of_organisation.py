"""A word for the kind of an organisation before its name («компания», «телеграм-канал», «концерн») is no part
of the source: the name alone is, as for a newspaper or an agency. A description of a part of it stays whole
(«пресс-служба Роскомнадзора»). The texts were written for these tests."""
from quote_helpers import quotes_of


def _speakers(text):
    return [q.speaker for q in quotes_of(text)]


def test_a_company_and_a_channel_are_named_without_their_kind(models):
    assert _speakers("Компания Apple сообщила, что новый телефон выйдет осенью.") == ["Apple"]
    assert _speakers("Немецкий концерн Bayer заявил, что намерен подать апелляцию.") == ["Bayer"]
    assert _speakers("Как сообщил телеграм-канал Baza, пожар потушен к утру.") == ["Baza"]


def test_a_part_of_an_organisation_keeps_its_description(models):
    assert _speakers("Пресс-служба Роскомнадзора сообщила, что сайт заблокирован.") == ["пресс-служба Роскомнадзора"]
