"""A word for the kind of an organisation before its name («компания», «телеграм-канал», «концерн») is no part
of the source: the name alone is, as for a newspaper or an agency. A description of a part of it stays whole
(«пресс-служба Роскомнадзора»). The texts were written for these tests."""
from quote_helpers import speakers_of


def test_a_company_and_a_channel_are_named_without_their_kind(models):
    assert speakers_of("Компания Apple сообщила, что новый телефон выйдет осенью.") == ["Apple"]
    assert speakers_of("Немецкий концерн Bayer заявил, что намерен подать апелляцию.") == ["Bayer"]
    assert speakers_of("Как сообщил телеграм-канал Baza, пожар потушен к утру.") == ["Baza"]


def test_a_part_of_an_organisation_keeps_its_description(models):
    assert speakers_of("Пресс-служба Роскомнадзора сообщила, что сайт заблокирован.") == ["пресс-служба Роскомнадзора"]
