"""Constructions found by a blind check on articles svodka had never seen, each in a general form: who the
speaker is when the article says it indirectly, and where a reported clause starts and ends."""
import pytest
from quote_helpers import find, quotes_of, rule_quotes_of


# Who the speaker is, where the article says it indirectly: (article, a fragment of the quote, speaker).
SPEAKERS = [
    pytest.param(
        "Губернатор Иван Петров поздравил спортсменов с победой. «Вашим успехом гордится вся "
        "область», — отмечается в его телеграмме.\n",
        "гордится", "Иван Петров", id="a_document_with_a_possessive_is_by_the_person"),
    pytest.param(
        "Певица Анна Белова выступила в Москве.\nБелова, известная также как основательница фонда "
        "помощи животным, заявила, что готова переехать.\n",
        "готова", "Анна Белова", id="a_participle_phrase_after_the_subject_is_not_the_subject"),
    pytest.param(
        "Певица Анна Белова провела пресс-конференцию во Франции. Знаменитая француженка "
        "рассказала, что готовит новый альбом.\n",
        "альбом", "Анна Белова", id="a_described_person_with_an_adjective_is_the_one_just_named"),
    pytest.param(
        "Федерация хоккея Бразилии выпустила заявление. Федерация заявляет, что вратарь "
        "останется в сборной.\n",
        "вратарь", "Федерация хоккея Бразилии", id="a_bare_organisation_noun_is_the_organisation_named_with_it"),
    pytest.param(
        "Шведский защитник Ларс Нильссон завершил карьеру в 41 год. Нильссон провёл в клубе 20 "
        "сезонов.\n\nНильссон объявил об уходе на пресс-конференции в Стокгольме.\n\n«Приходит день, "
        "когда тело просит отдыха, а сердце всё ещё просит игры», — сказал хоккеист.\n",
        "тело просит", "Ларс Нильссон", id="a_bare_role_noun_in_an_article_about_one_person_is_that_person"),
    pytest.param(
        "Депутат Михаил Лес выступил на форуме экологов. Лес считает, что лесные пожары можно "
        "предотвратить.\n",
        "пожары", "Михаил Лес", id="a_surname_that_is_also_a_common_noun"),
    pytest.param(
        "Президент Олег Сомов выступил на совещании. Сомова в частности обидело, что соседи "
        "«ведут себя надменно».\n",
        "надменно", "Олег Сомов", id="в_частности_is_not_who_feels"),
    pytest.param(
        "Полёт прошёл штатно, сообщает ТАСС со ссылкой на ЦУП.\n\nКроме того, как отмечает "
        "агентство, экипаж доставил на станцию новые приборы.\n",
        "приборы", "ТАСС", id="a_media_noun_points_back_at_the_outlet_just_named"),
    pytest.param(
        "Бывший губернатор Олег Сомов рассказал, что не встречался летом с министром Иваном Котовым. "
        "При этом он признал, что подпись на договоре его.\n",
        "подпись", "Олег Сомов", id="a_subject_pronoun_prefers_the_speaker_to_a_person_named_in_an_object"),
    pytest.param(
        "Ректор Олег Сомов поблагодарил совет за избрание и, получив поддержку коллег, пообещал "
        "вести курс «открытых дверей для молодых учёных».\n",
        "открытых дверей", "Олег Сомов", id="a_gerund_phrase_after_и_keeps_the_first_verbs_subject"),
]


@pytest.mark.parametrize("text, fragment, speaker", SPEAKERS)
def test_speaker(text, fragment, speaker):
    assert find(quotes_of(text), fragment).speaker == speaker


def test_an_addressee_in_quotation_marks_does_not_hide_the_clause():
    q = find(quotes_of("Сотрудник завода рассказал «Вечернему Омску», что зарплату не платят три месяца.\n"),
             "зарплату")
    assert q.kind == "indirect" and q.text == "зарплату не платят три месяца"
    assert q.speaker == "сотрудник завода" and q.speaker_type == "unnamed"


def test_wiki_markup_outside_the_marks_keeps_the_quote():
    text = ("Певица Анна Белова рассказала о своих планах.\n"
            "''«Я больше не дам ни одного концерта в этом городе»'', — заявила Белова.\n")
    q = find(quotes_of(text), "концерта")
    assert q.kind == "direct" and q.text == "Я больше не дам ни одного концерта в этом городе"
    assert q.speaker == "Анна Белова"


def test_a_document_named_by_a_pronoun_is_by_the_subject_before_it():
    text = "Министерство финансов опубликовало разъяснение. В нём сказано, что налог будет повышен с января.\n"
    q = find(quotes_of(text), "налог")
    assert q.text == "налог будет повышен с января" and q.speaker == "Министерство финансов"


def test_an_impersonal_form_reports_a_named_document_and_nothing_alone():
    q = find(quotes_of("В докладе Счётной палаты отмечается, что расходы выросли вдвое.\n"), "расходы")
    assert q.speaker_type == "organization" and "палата" in q.speaker.lower()
    assert quotes_of("Отмечается, что мастерская расположена в подвале старого дома.\n") == []


def test_sources_of_an_agency_are_the_speaker_not_the_agency():
    q = find(quotes_of("По данным источников ТАСС в силовых ведомствах, задержанный дал показания.\n"), "показания")
    assert q.speaker == "источники ТАСС в силовых ведомствах" and q.speaker_type == "unnamed"


def test_vedomstvo_is_the_state_body_named_before():
    text = "Глава МЧС Олег Сомов провёл совещание. В ведомстве отметили, что паводок пошёл на спад.\n"
    q = find(quotes_of(text), "паводок")
    assert q.speaker == "МЧС" and q.speaker_type == "organization"


def test_a_sure_quote_stays_when_the_rules_and_the_ranker_agree_on_its_speaker():
    text = ("Глава Минздрава Михаил Мурашко провёл совещание. В ведомстве отметили, что число заболевших "
            "снизилось.\n")
    q = find(quotes_of(text), "заболевших")
    assert q.speaker == "Минздрав"


def test_someone_elses_reaction_after_однако_ends_the_clause():
    text = "Во вторник собеседники газеты сообщили, что директор завода уволен, однако министерство это не подтвердило.\n"
    q = find(quotes_of(text), "директор")
    assert q.text == "директор завода уволен"


def test_an_initial_is_not_the_end_of_a_sentence():
    # the rules' punctuation grammar (the model keeps no quote whose speaker it cannot name, and «их» here is
    # the shareholders, whom no entity names)
    text = "Акционеры недовольны. По их мнению, назначение К.Ветрова в правление грозит убытками.\n"
    q = find(rule_quotes_of(text), "назначение")
    assert q.text.endswith("грозит убытками")


def test_an_abbreviation_before_a_name_is_not_the_end_of_a_sentence():
    text = "Режиссёр Олег Сомов сообщил, что премьера пройдёт в театре им. Вахтангова в конце марта.\n"
    q = find(quotes_of(text), "премьера")
    assert q.text.endswith("в конце марта")
    text = "По словам жителей, трубу на ул. Садовой прорвало ещё в понедельник. Аварийщики приехали к вечеру.\n"
    q = find(quotes_of(text), "трубу")
    assert q.text.endswith("в понедельник")


def test_prepositional_that_clauses():
    q = find(quotes_of("Защита настаивала на том, что кражу задумал брат подсудимого.\n"), "кражу")
    assert q.text == "кражу задумал брат подсудимого" and q.speaker == "защита"
    q = find(quotes_of("Адвокат Олег Сомов попросил отсрочки, сославшись на то, что его подзащитный болен.\n"),
             "подзащитный")
    assert q.speaker == "Олег Сомов"


def test_an_accusation_is_not_reported_speech():
    text = "На складе задержан второй охранник. Охранника подозревают в том, что ворота грабителям открыл именно он.\n"
    assert quotes_of(text) == []


def test_a_media_name_in_quotation_marks_or_with_a_dot_after_как_сообщает():
    q = find(quotes_of("Как сообщает «Омск.ру», следователи завершили работу.\n"), "следователи")
    assert q.speaker == "Омск.ру" and q.speaker_type == "organization"
    q = find(quotes_of("Как сообщает Vesti.com, ведомство получит новые полномочия.\n"), "полномочия")
    assert q.speaker == "Vesti.com"


def test_a_block_quote_may_hold_the_speakers_own_я_уверен_что():
    text = ("Нападающий Олег Сомов обратился к болельщикам после матча. Сомов написал в своём блоге:\n"
            "Сезон вышел тяжёлым для всех нас, но я уверен, что команда ещё порадует трибуны.\n")
    q = find(quotes_of(text), "тяжёлым")
    assert q.kind == "direct" and q.speaker == "Олег Сомов"
    assert not [x for x in quotes_of(text) if x.kind == "indirect"]


def test_only_the_outermost_report_is_a_quote():
    text = "Соседи заявляют, что семья давно получала угрозы, сообщает газета «Вечерний город».\n"
    qs = [q for q in quotes_of(text) if q.kind == "indirect"]
    assert len(qs) == 1 and qs[0].speaker == "Вечерний город" and qs[0].text.startswith("Соседи заявляют")


def test_an_inanimate_description_is_no_person_named_before():
    text = ("Министр Олег Сомов заявил, что не уйдёт в отставку. Как отмечает британская пресса, министр "
            "всё же был вынужден уйти.\n")
    q = find(quotes_of(text), "вынужден")
    assert q.speaker == "британская пресса" and q.speaker_type == "unnamed"


def test_a_place_is_not_an_institution_that_speaks():
    text = "Машину нашли брошенной в гараже на окраине и считают, что перед угоном с неё сняли номера.\n"
    assert quotes_of(text) == []


def test_a_role_noun_with_a_dependent_person_is_not_that_person():
    text = ("Художник Олег Сомов пропал неделю назад. Сомов жил один на даче. Сомову 64 года.\n\n"
            "По словам соседки художника, она слышала ночью звон стекла.\n")
    q = find(quotes_of(text), "звон")
    assert q.speaker != "Олег Сомов" and q.speaker_type == "unnamed"


def test_a_parenthetical_attribution_inside_the_clause_keeps_the_whole_clause():
    q = find(quotes_of("Скорее всего, пишет газета «Вечерний город», склад подожгли намеренно.\n"), "подожгли")
    assert q.text == "Скорее всего, пишет газета «Вечерний город», склад подожгли намеренно"
    assert q.speaker == "Вечерний город"
    # the clause's boundaries are the rules' (the definition); whether an unnamed court's aside is kept is
    # the learned model's call, near its threshold for this sentence, so the rules' proposal is checked
    q = find(rule_quotes_of("Его завод, как 3 марта 2019 года заявил арбитражный суд, незаконно продали.\n"),
             "продали")
    assert q.text.startswith("Его завод") and "суд" in q.speaker.lower()


@pytest.mark.parametrize("text, clause", [
    # a clause of its own before the source: the report is the clause after it
    ("Выборы станут выбором между миром и войной, по его словам, речь идёт о будущем страны.\n",
     "речь идёт о будущем страны"),
    ("Министр дал интервью в Москве, хотя, по утверждению издания, большую часть года он живёт в Твери.\n",
     "большую часть года он живёт в Твери"),
    ("Она требовала смягчить меру пресечения — по её словам, подсудимая исполняла все требования суда.\n",
     "подсудимая исполняла все требования суда"),
    # the clause it stands in starts after «, но» or at a relative pronoun
    ("Мост откроют в мае, но работы, по словам мэра, завершат к весне.\n",
     "работы, по словам мэра, завершат к весне"),
    ("Адвокат показал записку, которую, по его словам, подсудимая передала ему при встрече.\n",
     "которую, по его словам, подсудимая передала ему при встрече"),
    # one clause around the source (gold rule 9): two verbs of one subject, or no verb after it
    ("Роды прошли в палате госпиталя и, по данным газеты, обошлись в миллион.\n",
     "Роды прошли в палате госпиталя и, по данным газеты, обошлись в миллион"),
    ("Министр попал, по версии журнала, на второе место.\n", "Министр попал, по версии журнала, на второе место"),
])
def test_a_source_inside_a_sentence_reports_the_clause_it_stands_in(text, clause):
    assert [q.text for q in rule_quotes_of(text)] == [clause]


def test_a_parenthetical_source_after_a_connective_reports_what_follows_it():
    text = ("Ранее отдел возглавлял Иван Петров. Кроме того, сообщает «Вечерний город», руководителем отдела "
            "назначен Олег Сомов.\n")
    q = find(rule_quotes_of(text), "назначен")
    assert q.text == "руководителем отдела назначен Олег Сомов" and q.speaker == "Вечерний город"


def test_a_split_direct_quote_is_no_parenthetical():
    text = "«Это требует сил», говорит Олег Сомов, «поэтому я лучше продолжу работу в клубе».\n"
    qs = quotes_of(text)
    assert {q.kind for q in qs} == {"direct"} and len(qs) == 2


def test_об_этом_opening_a_paragraph_reports_the_paragraph_before():
    text = ("Губернатор ушёл в отставку\n"
            "Губернатор Тверской области Олег Сомов подал в отставку по собственному желанию.\n"
            "Об этом сообщил пресс-секретарь губернатора Иван Котов.\n")
    q = find(quotes_of(text), "отставку по")
    assert q.text.startswith("Губернатор Тверской") and q.speaker == "Иван Котов"
    # the headline is no antecedent
    assert quotes_of("Губернатор подал в отставку.\nОб этом сообщил пресс-секретарь Иван Котов.\n") == []


def test_a_postposed_attribution_before_a_colon():
    text = ("Авария в Твери\n"
            "В субботу в Твери ранен один из руководителей стройки Олег Сомов, сообщил источник «Вечернего города»:\n\n"
            "Работы на площадке остановлены.\n")
    q = find(quotes_of(text), "ранен")
    assert q.kind == "indirect" and q.speaker == "источник «Вечернего города»"


def test_по_сведениям_names_a_source():
    q = find(quotes_of("По сведениям СМИ, певец скончался в своём доме.\n"), "певец")
    assert q.speaker == "СМИ"


def test_a_request_introduces_a_block_quote_and_a_gerund_phrase_is_skipped():
    text = ("Защитник Олег Сомов, ссылаясь на то, что подсудимый раскаялся, попросил о снисхождении:\n"
            "Мой подзащитный полностью признал вину и сотрудничал со следствием.\n")
    q = find(quotes_of(text), "признал вину")
    assert q.kind == "direct" and q.speaker == "Олег Сомов"


def test_a_second_clause_with_its_own_subject_is_still_what_was_said():
    q = find(quotes_of("Защита настаивала, что кражу задумал брат подсудимого, а подсудимый только стоял у двери.\n"),
             "кражу")
    assert q.text.endswith("стоял у двери")


def test_a_shared_subject_after_the_first_verb():
    q = find(quotes_of("Сегодня по телевидению выступил Валерий Котов и рассказал, что он давно развёлся.\n"), "развёлся")
    assert q.speaker == "Валерий Котов"


def test_как_сообщается_has_no_agent_in_its_clause():
    text = "Как сообщается ночью при облаве Олег Сомов хотел уйти через крышу, но его машину остановили.\n"
    assert quotes_of(text) == []


def test_an_inanimate_source_noun_is_not_the_previous_speaker():
    text = ("Министр Олег Сомов заявил, что не нарушал правил.\n\n"
            "Также пресса упоминает о том, что министр отдыхал на казённой даче.\n")
    q = find(quotes_of(text), "отдыхал")
    assert q.speaker == "пресса" and q.speaker_type == "unnamed"


def test_an_office_of_a_person_is_the_office():
    text = ("Президент Олег Сомов подписал указ. Перенос выборов, по мнению администрации президента, мог бы "
            "вызвать протесты.\n")
    q = find(quotes_of(text), "протесты")
    assert q.speaker == "администрация президента" and q.speaker_type == "organization"


def test_a_parenthetical_inside_a_postposed_report_goes_to_the_outer_source():
    text = "Многие беженцы, напомнил Олег Сомов, бежали от войны и нищеты, пишет BBC.\n"
    qs = [q for q in quotes_of(text) if q.kind == "indirect"]
    assert len(qs) == 1 and qs[0].speaker == "BBC"


def test_a_title_before_a_name_is_no_person_of_its_own():
    text = ("Патриарх Московский Кирилл выступил с обращением. Многие беженцы, напомнил Патриарх, бежали от войны. "
            "Он напомнил собравшимся, что вера велит принимать чужестранцев.\n")
    for q in quotes_of(text):
        assert q.speaker == "Кирилл", q
    assert {e.name for e in analyze_text(text).entities if e.type == "PER"} == {"Кирилл"}


def test_a_media_descriptor_before_a_name_the_ner_missed():
    q = find(quotes_of("Как пишет журнал Der Wochenblick, переговоры зашли в тупик.\n"), "тупик")
    assert q.speaker == "Der Wochenblick" and q.speaker_type == "organization"


def analyze_text(text):
    from svodka import analyze
    from svodka.ingest import article_from_text
    return analyze(article_from_text(text, "t", "test"))


def test_words_quoted_by_an_agency_are_the_speakers():
    text = ("Командир корабля Павел Сомов рассказал о полёте. «Главное преимущество короткой схемы в том, что "
            "экипаж меньше устаёт», — эти слова командира корабля «Восток-7» Павла Сомова, произнесённые перед "
            "стартом, цитирует в среду ТАСС.\n")
    q = find(quotes_of(text), "экипаж")
    assert q.kind == "direct" and q.speaker == "Павел Сомов"
    assert not [x for x in quotes_of(text) if x.kind == "indirect"]


def test_a_colon_before_two_blank_lines_lost_its_quote():
    text = ("Певица Анна Белова написала о свадьбе в своём блоге:\n\n\n"
            "Торжество прошло на загородной даче, и, по данным газеты «Вечерний город», обошлось в миллион рублей.\n")
    assert not [q for q in quotes_of(text) if q.kind == "direct"]


def test_a_name_in_quotation_marks_is_no_mixed_quote():
    text = "США призвали власти Египта не запрещать «Братьев-мусульман».\n"
    assert quotes_of(text) == []


def test_a_postposed_source_is_the_outer_report_of_a_по_информации_clause():
    text = "По информации делегатов съезда, решение приняли без голосования, сообщает РБК.\n"
    qs = [q for q in quotes_of(text) if q.kind == "indirect"]
    assert len(qs) == 1 and qs[0].speaker == "РБК"


def test_об_этом_with_a_postposed_verb_is_anaphoric():
    text = ("Задержание в Омске\n"
            "Полиция задержала главу общины Ахмеда Сомова. Об этом в среду, 5 июня, сообщили "
            "местные СМИ.\n")
    q = find(quotes_of(text), "задержала")
    assert q.text.startswith("Полиция задержала") and "СМИ" in q.speaker


def test_a_possessive_before_a_role_noun_is_whose_it_is():
    text = "Министр Олег Сомов ушёл в отставку. Его пресс-секретарь сообщил, что министр уедет за границу.\n"
    q = find(quotes_of(text), "уедет")
    assert q.speaker == "пресс-секретарь Олега Сомова" and q.speaker_type == "unnamed"


def test_a_newspaper_in_straight_quotes():
    q = find(quotes_of('Так, газета "Вечерний город" писала, что на переносе сроков настаивали подрядчики.\n'),
             "настаивали")
    assert q.speaker == "Вечерний город"
    q = find(quotes_of('По данным "Вечернего города", основным кандидатом считается Олег Сомов.\n'), "кандидатом")
    assert q.speaker_type == "organization" and "Вечерн" in q.speaker


def test_a_phrase_in_quotation_marks_that_holds_a_place_is_still_a_fragment():
    q = find(quotes_of("Губернатор Олег Сомов называл себя «самым суровым губернатором Сибири».\n"), "губернатором")
    assert q.kind == "indirect" and q.speaker == "Олег Сомов"


def test_this_information_points_back_like_об_этом():
    text = ("Выстрел у мэрии\n"
            "Мэр Твери Олег Сомов получил тяжёлое ранение. Неизвестный выстрелил ему в спину. Эти данные "
            "подтвердила представитель мэрии Анна Котова.\n")
    q = find(quotes_of(text), "ранение")
    assert q.speaker == "Анна Котова" and "выстрелил" in q.text


def test_an_anaphoric_cue_after_a_sentence_with_its_own_speech_verb_has_nothing_to_report():
    text = ("Развод\n"
            "Бывший мэр Олег Сомов сообщил о продаже своей яхты. Об этом он рассказал журналу «Огонёк».\n")
    assert quotes_of(text) == []


def test_a_description_with_как_and_a_quoted_fragment():
    q = find(quotes_of("Анна Белова описала новую студию как «тесную, но очень уютную и тихую».\n"),
             "уютную")
    assert q.kind == "indirect" and q.speaker == "Анна Белова"


def test_a_quoted_name_inside_an_object_is_not_the_subject():
    text = ("Перед этим две фракции, а также ряд депутатов, заявили о выходе из коалиции «Европейский выбор», что "
            "позволит распустить парламент.\n")
    for q in quotes_of(text):
        assert q.speaker != "Европейский выбор", q
    q = find(quotes_of("«Мы не уйдём», — сказал в интервью газете «Коммерсант» Олег Сомов.\n"), "уйдём")
    assert q.speaker == "Олег Сомов"


def test_об_этом_opening_a_paragraph_after_a_sentence_with_its_own_verb():
    text = ("Отставка\n"
            "Отставку Олега Сомова также подтвердили источники в правительстве.\n"
            "Так помощник министра прокомментировал это по радио.\n")
    assert [q for q in quotes_of(text) if "Отставку" in q.text] == []


def test_согласно_a_source_but_not_a_document():
    q = find(quotes_of("Согласно СМИ, фигуристка может переехать в Канаду уже осенью.\n"), "Канаду")
    assert q.speaker == "СМИ"
    q = find(quotes_of("Согласно данным газеты «Вечерний город», мост закроют на ремонт.\n"), "мост")
    assert q.speaker == "Вечерний город"
    assert quotes_of("Согласно указу, выборы пройдут в марте.\n") == []
    assert quotes_of("Согласно закону о полиции, задержанный имеет право на звонок.\n") == []


def test_a_phrase_that_opens_with_a_preposition_is_no_source():
    from quote_helpers import speaker_candidate_names
    names = speaker_candidate_names("Согласно закону о полиции, задержанный имеет право на звонок.\n", "задержанный")
    assert not any(n.startswith("о ") for n in names), names


def test_a_block_quote_runs_over_paragraphs_in_the_first_person():
    text = ("Нападающий Олег Сомов написал на своей странице в сети:\n"
            "Мне было трудно решиться, но последние недели всё расставили по местам.\n"
            "Я благодарен всем, кто меня поддерживал все эти годы.\n"
            "Клуб пока не прокомментировал его уход.\n")
    q = find(quotes_of(text), "трудно решиться")
    assert q.kind == "direct" and q.speaker == "Олег Сомов"
    assert q.text.endswith("все эти годы") and "Клуб" not in q.text


def test_a_line_that_introduces_another_quote_is_no_block_quote():
    text = ("Клуб «Вымпел» объявил об отставке главного тренера:\n\n"
            "В заявлении на официальном сайте клуба говорится:\n"
            "Мы благодарим Олега Сомова за годы работы и желаем ему удачи.\n")
    assert not [q for q in quotes_of(text) if q.text.startswith("В заявлении")]


def test_a_paragraph_of_quotation_goes_on_from_the_report_before_it():
    text = ("Режиссёр Олег Сомов сказал, что его последним фильмом так и останется «Зимняя дорога».\n\n"
            "«Многое изменилось: хорошие фильмы проваливаются в прокате, а зрители выбирают сериалы».\n")
    q = find(quotes_of(text), "Многое изменилось")
    assert q.kind == "direct" and q.speaker == "Олег Сомов" and q.cue is None


# Inputs a review found to go wrong in the first version of these rules.
def test_a_phrase_of_words_at_the_very_end_of_the_text():
    for text in ("«Мы победим», — эти слова Сомова", "«Мы победим», — цитирует слова Сомова"):
        quotes_of(text)  # no IndexError


def test_a_reflexive_speech_verb_after_как_has_its_agent():
    q = find(quotes_of("Как признался Олег Сомов, он очень устал за сезон.\n"), "устал")
    assert q.speaker == "Олег Сомов"


def test_a_single_capital_before_a_full_stop_may_end_a_sentence():
    q = find(quotes_of("Олег Сомов заявил, что стройка идёт в секторе Б. Потом он уехал в Москву.\n"), "стройка")
    assert "Потом" not in q.text


def test_в_нём_with_no_subject_before_is_no_quote():
    assert quotes_of("Вчера был опубликован новый доклад. В нём сказано, что цены вырастут.\n") == []


def test_a_possessive_of_a_company_leaves_the_role():
    text = "Завод «Вымпел» закрылся. Его директор заявил, что рабочим выплатят компенсацию.\n"
    q = find(quotes_of(text), "компенсацию")
    assert q.speaker == "директор"


def test_vedomstvo_is_no_news_agency_or_company():
    for text in ("Об этом сообщает ТАСС. В ведомстве отметили, что проверка продолжится.\n",
                 "«Роснефть» увеличила добычу. В ведомстве отметили, что проверка продолжится.\n"):
        # the rules propose the clause with «ведомство» unresolved, never the agency or the company
        q = find(rule_quotes_of(text), "проверка")
        assert q.speaker not in ("ТАСС", "Роснефть")
        # the learned model keeps it, or drops it for want of a plausible speaker; it never gives it to them
        assert all(q.speaker not in ("ТАСС", "Роснефть") for q in quotes_of(text) if "проверка" in q.text)


def test_несмотря_на_то_что_is_no_report():
    text = "Олег Сомов сообщил о своём решении в понедельник, несмотря на то, что врачи запретили ему работать.\n"
    assert quotes_of(text) == []


def test_an_impersonal_cue_takes_no_subject_from_another_clause():
    text = ("Выставка Олега Сомова откроется в мае, адрес пока держат в тайне, также сказано, что на открытие пустят "
            "только по приглашениям.\n")
    assert quotes_of(text) == []


def test_a_site_names_who_publishes():
    text = ("Назначение\n"
            "Олег Сомов назначен послом в Перу. Об этом в понедельник сообщается на сайте Кремля.\n")
    q = find(quotes_of(text), "назначен")
    assert q.speaker == "Кремль" and q.speaker_type == "organization"


def test_который_after_a_noun_is_that_noun():
    text = ("Норвежский инженер Ларс Сомов приговорён к 12 годам тюрьмы. Сомов был задержан в 2015 году.\n"
            "Норвежский инженер, который признался в том, что продавал чертежи, получил максимальный срок.\n")
    assert find(quotes_of(text), "чертежи").speaker == "Ларс Сомов"


def test_an_outlet_told_is_not_who_told_it():
    q = find(quotes_of("Концерт перенесут на осень, сообщила ТАСС его ассистентка в театре Анна Котова.\n"),
             "Концерт")
    assert q.speaker == "Анна Котова"
    q = find(quotes_of("Задержанный дал показания, рассказал ТАСС источник в полиции.\n"), "показания")
    assert q.speaker == "источник в полиции"


@pytest.mark.parametrize("text", [
    "«Бюджет примут вовремя», — сказал член комитета по обороне Иван Сомов.\n",
    "«Бюджет примут вовремя», — сказал сотрудник посольства в Москве Иван Сомов.\n",
])
def test_a_name_in_the_nominative_after_a_described_sources_prepositional_phrase_is_its_name(text):
    # «член», «сотрудник» are heads of unnamed sources whose prepositional phrase may end in someone else's name
    # («источник в администрации Олега Сомова»): the nominative says the name is the apposition
    assert find(rule_quotes_of(text), "Бюджет").speaker == "Иван Сомов"
    assert find(quotes_of(text), "Бюджет").speaker == "Иван Сомов"


def test_a_colon_cue_with_no_subject_goes_on_with_the_speaker_before():
    text = "«Мы готовы к диалогу», — подчеркнула министр Анна Сомова. И добавила: «Уступок не будет».\n"
    assert find(rule_quotes_of(text), "Уступок").speaker == "Анна Сомова"
    assert find(quotes_of(text), "Уступок").speaker == "Анна Сомова"
    # the author's own «Напомним:» is nobody's quote
    text = "Министр Анна Сомова выступила на форуме. Напомним: «Уступок не будет» — лозунг партии.\n"
    assert not [q for q in quotes_of(text) if "Уступок" in q.text]


def test_a_bullet_is_no_part_of_a_list_items_quote():
    text = ("Министр Анна Сомова рассказала о планах ведомства:\n\n• Зарплаты врачей вырастут;\n"
            "• Новые больницы откроют к весне.\n")
    first = find(rule_quotes_of(text), "Зарплаты")
    assert first.text.startswith("Зарплаты") and first.speaker == "Анна Сомова"
    assert [q.text[:8] for q in quotes_of(text)] == ["Зарплаты", "Новые бо"]


def test_criticism_with_a_quoted_fragment_is_a_mixed_quote():
    q = find(quotes_of("Имам Олег Сомов осуждал решение властей «отдать город чужакам».\n"), "чужакам")
    assert q.kind == "indirect" and q.speaker == "Олег Сомов"
