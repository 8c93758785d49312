"""Direct and reported speech with their speakers, on short articles written for these tests."""
import pytest

from svodka import analyze
from svodka.ingest import article_from_text

from quote_helpers import find

ARTICLE = (
    "Путин и Токаев обсудили поставки зерна\n\n"
    "11:20 15/03/2024\n\n"
    "Президент России Владимир Путин провёл переговоры с президентом Казахстана Касым-Жомартом Токаевым. "
    "Касым-Жомарт Токаев заявил, что поставки зерна вырастут уже в этом году.\n\n"
    "«Мы договорились о новых маршрутах. Грузы пойдут через Актау», — сказал глава российского государства.\n\n"
    "По словам Токаева, соглашение будет подписано до конца весны.\n\n"
    "«Это важный шаг, — добавил он. — Мы давно к нему шли».\n\n"
    "Источник в правительстве сообщил, что документ уже согласован с министерствами.\n\n"
    "Стороны обсудили строительство элеваторов. Первые объекты появятся в Костанае. Об этом заявил "
    "министр сельского хозяйства Казахстана Айдарбек Сапаров.\n\n"
    "Рост экспорта продолжится и в следующем году, сообщило Министерство сельского хозяйства России.\n\n"
    "В интервью газете «Известия» министр рассказал о планах. Сообщается, что пострадавших нет. "
    "Напомним, что закон был принят в мае.\n"
)


@pytest.fixture(scope="module")
def quotes(models):
    return analyze(article_from_text(ARTICLE, "t1", "test")).quotes




def test_offsets_index_the_article_text(quotes):
    assert quotes
    for q in quotes:
        assert ARTICLE[q.start:q.end] == q.text


def test_dash_attribution_with_a_title_resolves_to_the_person(quotes):
    q = find(quotes, "новых маршрутах")
    assert q.kind == "direct"
    assert q.text == "Мы договорились о новых маршрутах. Грузы пойдут через Актау"
    assert (q.speaker, q.speaker_type, q.cue) == ("Владимир Путин", "person", "сказал")
    assert q.mention.text == "глава российского государства"
    assert q.speaker_entity is not None


def test_reported_clause_after_cue_and_that(quotes):
    q = find(quotes, "поставки зерна вырастут")
    assert q.kind == "indirect"
    assert q.text == "поставки зерна вырастут уже в этом году"
    assert q.speaker == "Касым-Жомарт Токаев" and q.cue == "заявил"


def test_po_slovam_with_a_surname(quotes):
    q = find(quotes, "соглашение будет подписано")
    assert (q.kind, q.cue, q.speaker) == ("indirect", "По словам", "Касым-Жомарт Токаев")
    assert q.text == "соглашение будет подписано до конца весны"


def test_quote_cut_by_its_attribution_is_two_quotes_with_the_pronouns_speaker(quotes):
    first, second = find(quotes, "важный шаг"), find(quotes, "давно к нему")
    assert first.text == "Это важный шаг"
    assert second.text == "Мы давно к нему шли"
    assert first.speaker == second.speaker == "Касым-Жомарт Токаев"
    assert first.cue == "добавил"


def test_unnamed_source_is_kept_as_written(quotes):
    q = find(quotes, "документ уже согласован")
    assert (q.speaker, q.speaker_type) == ("источник в правительстве", "unnamed")


def test_anaphoric_ob_etom_reports_the_sentences_before(quotes):
    q = find(quotes, "элеваторов")
    assert q.kind == "indirect"
    assert q.text == "Стороны обсудили строительство элеваторов. Первые объекты появятся в Костанае"
    assert q.speaker == "Айдарбек Сапаров"


def test_postposed_attribution_by_an_organisation(quotes):
    q = find(quotes, "Рост экспорта")
    assert q.text == "Рост экспорта продолжится и в следующем году"
    assert q.speaker_type == "organization" and "Министерство сельского хозяйства" in q.speaker


def test_media_names_impersonal_cues_and_the_authors_voice_are_not_quotes(quotes):
    for q in quotes:
        assert "Известия" not in q.text
        assert "пострадавших" not in q.text
        assert "закон был принят" not in q.text


def test_colon_and_lost_opening_mark(models):
    text = (
        "Министр финансов Антон Силуанов встретился с журналистами. Силуанов сказал: «Бюджет будет исполнен "
        "полностью, дефицита не будет».\n\n"
        "Налоги повышать не придётся. Все обязательства будут выполнены», — подчеркнул министр.\n"
    )
    qs = analyze(article_from_text(text, "t2", "test")).quotes
    colon = find(qs, "Бюджет")
    assert colon.kind == "direct" and colon.speaker == "Антон Силуанов" and colon.cue == "сказал"
    lost = find(qs, "Налоги")
    assert lost.text == "Налоги повышать не придётся. Все обязательства будут выполнены"
    assert lost.speaker == "Антон Силуанов"


def test_a_colon_ending_a_paragraph_gives_the_next_paragraphs_quote_its_speaker(models):
    text = ("Вечером на проспекте Мира автобус въехал в остановку.\n\n"
            "Начальник городской ГИБДД Олег Карпов сказал журналистам:\n\n"
            "«Водитель потерял сознание за рулём. Погибших нет, трое пострадавших в больнице».\n\n"
            "«Движение по проспекту уже восстановлено», — добавил Карпов.\n")
    qs = analyze(article_from_text(text, "t2c", "test")).quotes
    colon = find(qs, "Водитель потерял")
    assert colon.kind == "direct" and colon.speaker == "Олег Карпов" and colon.cue == "сказал"
    assert colon.text == "Водитель потерял сознание за рулём. Погибших нет, трое пострадавших в больнице"
    assert find(qs, "Движение по").speaker == "Олег Карпов"


def test_mixed_quote_is_one_indirect_quote(models):
    text = "Мэр Казани Ильсур Метшин заявил, что новый мост станет «главной стройкой десятилетия» для города.\n"
    qs = analyze(article_from_text(text, "t3", "test")).quotes
    assert [(q.kind, q.text) for q in qs] == [
        ("indirect", "новый мост станет «главной стройкой десятилетия» для города")]


def test_user_lexicon_adds_a_cue(models, tmp_path, monkeypatch):
    from svodka.extract.lexicon import ENV_VAR, Lexicon
    from svodka.extract.quotes import extract_quotes
    from svodka.extract.entities import group_entities
    from svodka.nlp.pipeline import parse

    text = "Депутат Олег Смирнов съязвил, что законопроект написан за один вечер.\n"
    parsed = parse(text, models)
    ents = group_entities(parsed)
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert extract_quotes(parsed, ents, lexicon=Lexicon.load()) == []
    extra = tmp_path / "cues.txt"
    extra.write_text("# my cues\n[verb]\nсъязвить\n", encoding="utf-8")
    qs = extract_quotes(parsed, ents, lexicon=Lexicon.load([extra]))
    assert [(q.text, q.speaker, q.cue) for q in qs] == [
        ("законопроект написан за один вечер", "Олег Смирнов", "съязвил")]
    # and back: what a lexicon's cue words are is remembered per lexicon, never across them
    assert extract_quotes(parsed, ents, lexicon=Lexicon.load()) == []


def test_lexicon_errors_name_file_and_line(tmp_path):
    from svodka.extract.lexicon import Lexicon, LexiconError
    bad = tmp_path / "bad.txt"
    bad.write_text("[verb]\nсказать\n[nonsense]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.txt:3"):
        Lexicon.load([bad])


SECOND = (
    "В Самаре открылся новый мост\n\n"
    "Как сообщил мэр Самары Иван Лапин, движение по мосту откроется в пятницу.\n\n"
    "В заявлении Министерства транспорта говорится, что стоимость работ составила 12 млрд рублей.\n\n"
    "«Мы закончили на полгода раньше срока», сказал Лапин. Строители, по его словам, работали в три смены.\n\n"
    "Губернатор Самарской области Дмитрий Азаров похвалил строителей, которые, по его словам, "
    "«сделали почти невозможное».\n"
)


@pytest.fixture(scope="module")
def second(models):
    return analyze(article_from_text(SECOND, "t4", "test")).quotes


def test_kak_soobshchil_x(second):
    q = find(second, "движение по мосту")
    assert (q.kind, q.cue, q.speaker) == ("indirect", "Как сообщил", "Иван Лапин")
    assert q.text == "движение по мосту откроется в пятницу"


def test_a_documents_content_goes_to_its_author(second):
    q = find(second, "стоимость работ")
    assert q.speaker_type == "organization" and q.speaker.startswith("Министерство транспорта")


def test_comma_attribution_after_a_sentence_quote_and_a_parenthetical_source(second):
    q = find(second, "полгода раньше")
    assert (q.kind, q.speaker, q.cue) == ("direct", "Иван Лапин", "сказал")
    inner = find(second, "три смены")
    # the attribution sits inside the clause: the whole clause is the span (gold rule 9)
    assert inner.kind == "indirect" and inner.text.startswith("Строители") and inner.speaker == "Иван Лапин"


def test_dash_introduced_speech(models):
    text = ("Лавров провел переговоры в Анкаре\n\n"
            "— Мы готовы продолжать переговоры в любом формате, — заявил министр иностранных дел России "
            "Сергей Лавров. — Но условия должны быть честными.\n")
    qs = analyze(article_from_text(text, "t5", "test")).quotes
    assert [(q.kind, q.text, q.speaker) for q in qs] == [
        ("direct", "Мы готовы продолжать переговоры в любом формате", "Сергей Лавров"),
        ("direct", "Но условия должны быть честными", "Сергей Лавров")]


def test_noun_cue_media_descriptor_and_a_bare_noun_after_a_named_speaker(models):
    text = ("Умер известный дирижер\n\n"
            "Министерство культуры опубликовало заявление о том, что церемония прощания пройдет в субботу. "
            "Радиостанция «Эхо» добавляет: «Он работал до последнего дня».\n\n"
            "Музыкант Иван Серов рассказал, что дирижер был его учителем. Скрипач добавил, что многие "
            "ученики приедут на прощание.\n")
    qs = analyze(article_from_text(text, "t6", "test")).quotes
    assert find(qs, "церемония прощания").speaker == "Министерство культуры"
    echo = find(qs, "до последнего дня")
    assert (echo.kind, echo.speaker, echo.speaker_type) == ("direct", "Эхо", "organization")
    assert find(qs, "многие ученики").speaker == "Иван Серов"
