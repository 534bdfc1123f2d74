"""The model's own rules on text (builders/model.py): chart categories as text."""

from __future__ import annotations

import pytest

from builders.errors import BriefingError
from builders.loader import load
from tests.conftest import minimal_data

FIGURE = """    figures:
    - id: uitgaven
      kind: bar
      title: Uitgaven
      series:
{series}
"""


def with_series(write_briefing, series: str):
    import yaml

    text = yaml.safe_dump(minimal_data(), allow_unicode=True, sort_keys=False)
    anchor = "    key_messages:\n"
    assert anchor in text
    text = text.replace(anchor, FIGURE.format(series=series) + anchor)
    return write_briefing(text)


def test_a_year_written_with_and_without_quotes_is_one_category_written_twice(write_briefing):
    path = with_series(write_briefing, '        2023: 1.70\n        "2023": 1.65\n'
                                       '        2024: 1.80')
    with pytest.raises(BriefingError) as caught:
        load(path)
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    line = path.read_text().splitlines().index("        2023: 1.70") + 1
    assert str(problem) == (
        f"{path}:{line}:9: error: sessions[0].topics[0].figures[0].series: the category "
        "'2023' is written twice, once with and once without quotes; keep one")


def test_no_and_a_date_are_categories_as_written(write_briefing):
    """YAML 1.1 reads NO as false and 2024-01-01 as a date; both are labels here."""
    path = with_series(write_briefing, "        NO: 2\n        2024-01-01: 3\n"
                                       "        2023: 1.5\n        on: 4")
    loaded = load(path)
    (figure,) = loaded.briefing.topics()[0].figures
    assert figure.series == {"NO": 2.0, "2024-01-01": 3.0, "2023": 1.5, "on": 4.0}


@pytest.mark.parametrize("key, written", [("true", "true"), ("False", "false"),
                                          ("null", "nothing (null)"), ("~", "nothing (null)")])
def test_a_category_that_reads_as_a_boolean_or_null_is_refused(write_briefing, key, written):
    path = with_series(write_briefing, f"        {key}: 1\n        2023: 2")
    with pytest.raises(BriefingError) as caught:
        load(path)
    (problem,) = [p for p in caught.value.problems if p.severity == "error"]
    assert problem.message == ("sessions[0].topics[0].figures[0].series: a category reads as "
                               f"{written}, not as a name; put the name in quotes")


def test_the_models_annotations_are_objects_not_strings():
    """pydantic evaluates string annotations (`from __future__ import annotations`) when
    it makes each class, a cost at every start-up; the model's and theme's are objects."""
    import builders.model
    import builders.theme
    from pydantic import BaseModel

    for module in (builders.model, builders.theme):
        models = [value for value in vars(module).values() if isinstance(value, type)
                  and issubclass(value, BaseModel) and value.__module__ == module.__name__]
        assert len(models) > 5
        for model in models:
            written = {name: annotation for name, annotation in vars(model).get(
                "__annotations__", {}).items() if isinstance(annotation, str)}
            assert written == {}, model
