"""The roles knowledge file: titles matched in any inflected form, holders picked by date, user files."""
from datetime import date, datetime

import pytest

from svodka.link.roles import Roles, RolesFileError, default_roles


@pytest.mark.parametrize("phrase,on,holder", [
    ("президенту России", date(2023, 11, 8), "Владимир Путин"),
    ("главы российского государства", date(2010, 1, 1), "Дмитрий Медведев"),
    ("российский лидер", datetime(2005, 6, 1, 12, 0), "Владимир Путин"),
    ("президентом Казахстана", date(2021, 8, 21), "Касым-Жомарт Токаев"),
    ("президента Казахстана", date(2015, 1, 1), "Нурсултан Назарбаев"),
    ("генсека ООН", date(2020, 5, 5), "Антониу Гутерриш"),
    ("канцлера Германии", date(2019, 1, 1), "Ангела Меркель"),
    ("белорусского лидера", date(2024, 1, 1), "Александр Лукашенко"),
])
def test_holder_on_a_date(phrase, on, holder):
    assert default_roles().holder(phrase, on) == holder


def test_unknown_title_and_date_before_every_term():
    roles = default_roles()
    assert roles.holder("главный садовник Омска", date(2020, 1, 1)) is None
    assert roles.holder("президент Казахстана", date(1980, 1, 1)) is None


def test_every_starter_role_has_dated_holders_without_overlap():
    for role in default_roles().roles:
        assert role.holders, role.title
        spans = sorted((h.start, h.end or date.max) for h in role.holders if h.start)
        for (a0, a1), (b0, _) in zip(spans, spans[1:]):
            assert a1 <= b0, f"{role.title}: terms overlap"


def test_user_file_adds_and_overrides(tmp_path):
    extra = tmp_path / "my.toml"
    extra.write_text(
        '[[role]]\ntitle = "мэр Омска"\naliases = ["глава Омска"]\n'
        'holders = [{ name = "Сергей Шелест", from = "2022-01-01" }]\n'
        '[[person]]\nname = "Сергей Шелест"\naliases = ["С. Шелест"]\n', encoding="utf-8")
    roles = Roles.load([extra])
    assert roles.holder("главе Омска", date(2023, 3, 3)) == "Сергей Шелест"
    assert roles.canonical_person("С. Шелест") == "Сергей Шелест"
    assert roles.holder("президент России", date(2023, 3, 3)) == "Владимир Путин"  # the starter file stays


def test_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[role]]\ntitle = "мэр Омска"\nholders = [{ name = "Х", from = "вчера" }]\n', encoding="utf-8")
    with pytest.raises(RolesFileError, match="bad.toml"):
        Roles.load([bad])
    with pytest.raises(RolesFileError, match="missing.toml"):
        Roles.load([tmp_path / "missing.toml"])


def test_a_title_is_found_by_the_other_names_of_its_country(tmp_path):
    f = tmp_path / "roles.toml"
    f.write_text('[[role]]\ntitle = "министр спорта России"\nholders = [{ name = "Олег Сомов", from = "2020-01-01" }]\n'
                 '[[role]]\ntitle = "посол Соединенных Штатов"\nholders = [{ name = "Анна Белова", from = "2020-01-01" }]\n',
                 encoding="utf-8")
    roles = Roles.load([f], builtin=False)
    day = date(2024, 1, 1)
    assert roles.holder("министра спорта РФ", day) == "Олег Сомов"
    assert roles.holder("министру спорта Российской Федерации", day) == "Олег Сомов"
    assert roles.holder("послом США", day) == "Анна Белова"
    assert roles.holder("министра спорта Белоруссии", day) is None


def test_an_alias_written_with_a_country_wins_over_a_variant_of_another_role(tmp_path):
    f = tmp_path / "roles.toml"
    f.write_text('[[role]]\ntitle = "глава России"\nholders = [{ name = "Олег Сомов", from = "2020-01-01" }]\n'
                 '[[role]]\ntitle = "глава РФ"\nholders = [{ name = "Анна Белова", from = "2020-01-01" }]\n',
                 encoding="utf-8")
    roles = Roles.load([f], builtin=False)
    assert roles.holder("главы РФ", date(2024, 1, 1)) == "Анна Белова"
    assert roles.holder("главы Российской Федерации", date(2024, 1, 1)) == "Олег Сомов"
