"""A post or article whose headline is «X: what X said» quotes X (QUOTES-GOLD: a direct quote without marks):
a person named first in X, an organisation X names whole, behind an emoji the post opens with («💬WSJ: …»),
or a person X describes («Мэр Казани: …» is the mayor the body names; «Эксперты: …» stay as described); a headline
«Итоги: …» or «Москва: …» quotes no one. The texts were written for these tests."""
import pytest
from quote_helpers import rule_quotes_of


@pytest.mark.parametrize("text,speaker", [
    pytest.param("💬Reuters: власти Сербии обсуждают продажу крупнейшей нефтяной компании\n\nАгентство пишет об "
                 "этом со ссылкой на свои источники.\n", "Reuters", id="an_organisation_behind_an_emoji"),
    pytest.param("Депутат Госдумы от правящей партии: Россия не будет повышать налоги в следующем году\n\nВ "
                 "интервью РБК депутат Олег Сомов прокомментировал слухи о повышении налогов.\n",
                 "Олег Сомов", id="a_person_described"),
    pytest.param("Эксперты: цены на жильё в следующем году вырастут на десятую часть\n\nАналитик Олег Сомов "
                 "назвал прогноз осторожным.\n", "эксперты", id="a_group_described"),
    pytest.param("Белый дом: США не будут поставлять ракеты союзникам\n\nРешение приняли в пятницу.\n", "Белый дом",
                 id="a_seat_of_power"),
])
def test_a_headline_quotes_its_source(text, speaker):
    first = [q for q in rule_quotes_of(text) if q.kind == "direct"]
    assert [(q.speaker, q.start) for q in first] == [(speaker, text.index(":") + 2)]


@pytest.mark.parametrize("text", [
    pytest.param("Итоги: сборная России заняла третье место в медальном зачёте\n\nКоманда завоевала 12 медалей.\n",
                 id="a_heading_word"),
    pytest.param("Москва: на выходных в городе пройдут ярмарки выходного дня\n\nЯрмарки откроются в субботу.\n",
                 id="a_place"),
])
def test_a_headline_that_quotes_no_one(text):
    assert [q for q in rule_quotes_of(text) if q.kind == "direct"] == []


def test_an_interview_answer_after_a_question():
    text = ("Мэр о новом мосте\n\nКогда откроется новый мост?\n\nОлег Сомов: Мост откроем весной, если позволит "
            "погода.\n\nА как же пробки?\n\nСомов попался в чатах: он ругал коллег.\n")
    assert [(q.speaker, q.text) for q in rule_quotes_of(text) if q.kind == "direct"] == [
        ("Олег Сомов", "Мост откроем весной, если позволит погода")]


def test_one_person_described_is_the_one_the_body_names():
    text = ("Мэр Казани: зимой откроют двенадцать катков\n\n«Катки будут бесплатными для детей», — заявил мэр Казани "
            "Ильсур Метшин.\n")
    assert [q.speaker for q in rule_quotes_of(text) if q.kind == "direct"] == ["Ильсур Метшин", "Ильсур Метшин"]


@pytest.mark.parametrize("text,speaker", [
    pytest.param("«Денег нет, но вы держитесь» — Олег Сомов.\n", "Олег Сомов", id="a_name_after_the_dash"),
    pytest.param("«Мы готовы к любому сценарию», — глава МИД Эстонии Олег Сомов.\n", "Олег Сомов",
                 id="a_title_and_a_name_after_a_comma"),
    pytest.param("Цитата дня:\n\n«Налоги повышать не будем» — министр финансов Олег Сомов о бюджете.\n", "Олег Сомов",
                 id="what_the_words_are_about_after_the_source"),
])
def test_a_quote_signed_after_a_dash_with_no_verb(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


@pytest.mark.parametrize("text", [
    pytest.param("Главный хит лета «Ты моя любовь навсегда» — певица Анна Белова.\n", id="marks_inside_a_sentence"),
    pytest.param("«Новые люди за справедливость» — партия Олега Сомова.\n", id="a_thing_the_name_is_of"),
    pytest.param("«Мы готовы к любому сценарию» — лучший фильм года по версии критиков.\n", id="a_predicate"),
])
def test_a_dash_after_marks_that_signs_no_quote(text):
    assert rule_quotes_of(text) == []


@pytest.mark.parametrize("text,speaker", [
    pytest.param("Министерство предложило наделить инспекторов новыми полномочиями, — «Вестник»\n", "Вестник",
                 id="an_outlet_in_marks"),
    pytest.param("⚡️Сегодня в столице ожидаются гололёд и ветер с порывами до 15 м/с, — МЧС.\n", "МЧС",
                 id="an_abbreviation_after_emoji"),
    pytest.param("**В России ожидается резкий рост цен на курицу**, — эксперты.\n", "эксперты",
                 id="people_after_bold_words"),
    pytest.param("Сегодня ожидаются гололёд и ветер с порывами до 15 м/с, — предупреждает МЧС.\n", "МЧС",
                 id="a_cue_and_its_subject"),
    pytest.param("**Молоко и белый рис могут вызывать обострение акне**, — врач-косметолог.\n", "врач-косметолог",
                 id="a_compound_noun_for_a_person"),
    pytest.param("В области выявили 250 нарушителей среди водителей**, **— управление по вопросам миграции.\n",
                 "управление по вопросам миграции", id="markup_around_the_comma_and_a_complement"),
    pytest.param("Сообщения о сбое в офисах Сбера не соответствуют действительности, — банк.\n", "Сбер",
                 id="a_word_for_the_one_organisation_the_line_names"),
])
def test_a_line_signed_by_its_source(text, speaker):
    quotes = rule_quotes_of(text)
    assert [(q.kind, q.speaker) for q in quotes] == [("direct", speaker)]


@pytest.mark.parametrize("text", [
    pytest.param("Москва — столица России и крупнейший город страны.\n", id="a_definition"),
    pytest.param("Главная новость дня — отставка министра финансов.\n", id="a_predicate_noun"),
    pytest.param("Тепло вернётся в Москву уже на выходных — синоптики прогнозируют потепление до +7.\n",
                 id="a_clause_with_its_own_verb"),
])
def test_a_dash_inside_a_line_signs_nothing(text):
    assert rule_quotes_of(text) == []


def test_a_dash_before_a_list_of_names_signs_nothing():
    text = ("Власти обсуждают слияние крупнейших компаний — «Северной нефти», «Южного газа» и «Западного "
            "угля»\n")
    assert all(q.speaker is None or "нефт" not in q.speaker.lower() for q in rule_quotes_of(text))


def test_one_known_by_a_single_name_is_named_with_the_title():
    text = "Церковь не поддерживает смертную казнь, — Патриарх Кирилл.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["патриарх Кирилл"]
    # and so in every later mention of him, by the title alone or the name alone
    text = "Король Эдвин посетил Канаду. По словам короля, визит был тёплым. Эдвин добавил, что вернётся летом.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["король Эдвин", "король Эдвин"]


@pytest.mark.parametrize("text", [
    pytest.param("Как утверждает источник, активист дружит с теми, кого объявили в розыск — Олегом Сомовым и "
                 "Иваном Беловым.\n", id="names_in_another_case_after_the_dash"),
    pytest.param("В партии заявили, что выборы пройдут честно, — Олег Сомов.\n", id="a_report_of_its_own"),
])
def test_a_dash_at_the_end_of_a_report_signs_nothing(text):
    assert all(q.speaker not in ("Олег Сомов", "Олег Сомов и Иван Белов") for q in rule_quotes_of(text))


def test_a_quote_cut_in_two_by_an_attribution_between_typewriter_dashes():
    text = ("«Правительство решило не отставать от других, - заявил министр Олег Сомов. - Особенно печально, что "
            "оно увеличило финансирование».\n")
    assert [(q.speaker, q.text) for q in rule_quotes_of(text)] == [
        ("Олег Сомов", "Правительство решило не отставать от других"),
        ("Олег Сомов", "Особенно печально, что оно увеличило финансирование")]


def test_a_dialogue_line_typed_with_hyphens():
    text = "Министр прокомментировал ситуацию.\n\n- Мы не допустим роста цен, - заявил Олег Сомов. - Все меры уже приняты.\n"
    assert [(q.speaker, q.text) for q in rule_quotes_of(text)] == [
        ("Олег Сомов", "Мы не допустим роста цен"), ("Олег Сомов", "Все меры уже приняты")]


def test_a_surname_before_a_dash_and_what_it_is_about_is_the_source():
    # the tagger reads «Сомова» here as a genitive; a name opening the headline before its dash is its subject
    text = ("Сомова — о заявлении Макрона: «Париж снова пытается учить других, как жить».\n\nОфициальный "
            "представитель министерства Анна Сомова ответила на слова французского президента.\n")
    assert [q.speaker for q in rule_quotes_of(text)] == ["Анна Сомова"]


@pytest.mark.parametrize("text,speaker", [
    pytest.param("«Это серьёзная провокация против нашей страны», — так Олег Сомов прокомментировал заявление "
                 "британского премьера.\n", "Олег Сомов", id="a_person"),
    pytest.param("«Это серьёзная провокация против нашей страны», — так в МИД России прокомментировали заявление "
                 "британского премьера.\n", "МИД России", id="an_impersonal_plural_with_its_place"),
    pytest.param("«Это серьёзная провокация против нашей страны», — так прокомментировал заявление британского "
                 "премьера Олег Сомов.\n", "Олег Сомов", id="the_subject_after_the_verb"),
])
def test_so_after_a_dash_puts_the_subject_before_the_cue(text, speaker):
    assert [q.speaker for q in rule_quotes_of(text)] == [speaker]


def test_a_heading_before_the_colon_and_the_source_signed_after_the_marks():
    text = "Цитата дня: «Мы никогда не сдадимся», — глава МИД Эстонии Олег Сомов.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["Олег Сомов"]


def test_a_heading_of_a_time_names_no_source():
    text = "Цитата дня: «Мы никогда не сдадимся и не отступим».\n"
    assert all(q.speaker != "день" for q in rule_quotes_of(text))


def test_a_reported_clause_ends_before_the_lines_signature():
    text = ("В Минздраве заявили, что сотрудники должны иметь семьи, — замглавы профильного департамента Олег Сомов\n\n"
            "Он добавил, что это важно для работы.\n")
    first = [q for q in rule_quotes_of(text) if "семьи" in q.text]
    assert [q.text for q in first] == ["сотрудники должны иметь семьи"]


def test_what_the_words_follow_from_signs_the_line():
    text = "Курс обновил исторический максимум, превысив 73 тысячи долларов, — следует из данных биржи Vexor.\n"
    assert [q.speaker for q in rule_quotes_of(text)] == ["Vexor"]
    assert rule_quotes_of("Из этого следует, что закон нужно менять.\n") == []
