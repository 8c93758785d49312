"""«по словам X …, …» where the source phrase holds an «и»: inside a description of someone named at its end
(«члена комитета по обороне и безопасности Олега Сомова») the name is the source; two sources joined by «и»
(«по словам Олега Сомова и Ивана Петрова») are both outside the reported clause, which starts after the comma
that closes the attribution. The texts were written for these tests."""
from svodka.analyze import analyze
from svodka.model import Article


def _quotes(text):
    return [(q.speaker, q.text) for q in analyze(Article(id="t", text=text)).quotes]


def test_a_name_after_and_inside_a_description_is_the_source():
    assert _quotes("По словам члена комитета Совфеда по обороне и безопасности Олега Сомова, премия "
                   "налагает на организацию ответственность.") == [
        ("Олег Сомов", "премия налагает на организацию ответственность")]


def test_a_second_source_after_and_stays_out_of_the_reported_clause():
    for text in ("По словам Олега Сомова и Ивана Петрова, премия налагает на организацию ответственность.",
                 "По словам министра обороны и его заместителя, премия налагает на организацию ответственность."):
        quotes = _quotes(text)
        assert [q[1] for q in quotes] == ["премия налагает на организацию ответственность"], text

