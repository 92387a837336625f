"""The dictionary picker: the bundled lexicon, an uploaded file, and what a link asks for."""

from __future__ import annotations

import datetime as dt

from kit.apps.dictionary import CategoryPicker
from kit.terms.categories import sentiment_lexicon


def upload(picker: CategoryPicker, name: str, text: str) -> None:
    """Set the FileUpload's value as the browser does (one file, its bytes)."""
    content = text.encode("utf-8")
    picker.upload.value = ({"name": name, "type": "text/csv", "size": len(content),
                            "content": memoryview(content),
                            "last_modified": dt.datetime.now(dt.UTC)},)


def test_choosing_the_bundled_lexicon_selects_its_categories_once():
    picker = CategoryPicker()
    changes = []
    picker.observe(changes.append, names="value")
    picker.source.value = "sentiment"
    assert picker.value == ("sentiment: negative", "sentiment: positive")
    assert len(changes) == 1
    assert picker.chosen() == {f"sentiment: {k}": v for k, v in sentiment_lexicon().items()}
    picker.select.value = ("positive",)
    assert picker.value == ("sentiment: positive",)
    picker.source.value = ""
    assert picker.value == () and picker.chosen() == {}


def test_set_value_reports_unknown_dictionaries_and_categories():
    picker = CategoryPicker()
    assert picker.set_value("sentiment", ["positive", "joy"]) == [
        "no category 'joy' in the dictionary 'sentiment'"]
    assert picker.value == ("sentiment: positive",)
    problems = picker.set_value("mine")
    assert problems == ["the dictionary 'mine', which is not here (upload it again)"]
    assert picker.value == ()


def test_an_uploaded_dictionary_is_offered_and_chosen():
    picker = CategoryPicker()
    upload(picker, "policy.csv", "category,term\nsecurity,nato\neconomy,inflation\n"
                                 "economy,price*\n")
    assert picker.dictionary == "policy"
    assert picker.chosen() == {"policy: security": ["nato"],
                               "policy: economy": ["inflation", "price*"]}
    assert ("policy (uploaded)", "policy") in picker.source.options
    assert picker.note.value == ""


def test_a_bad_upload_names_the_file_and_line_and_keeps_the_choice():
    picker = CategoryPicker()
    picker.source.value = "sentiment"
    upload(picker, "bad.csv", "category,term\neconomy\n")
    assert "bad.csv, line 2: expected &#x27;category,term&#x27;" in picker.note.value
    assert "/tmp" not in picker.note.value  # the user's file name, not our copy's path
    assert picker.dictionary == "sentiment"
