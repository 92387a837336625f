"""The dictionary picker: the bundled lexicon, an uploaded file, and what a link asks for."""

from __future__ import annotations

from kit.apps.dictionary import MAX_DICTIONARY_BYTES, CategoryPicker
from kit.terms.categories import sentiment_lexicon


def upload(picker: CategoryPicker, name: str, text: str) -> None:
    """Send one file as the page's picker does: start, its bytes in one chunk, done."""
    content = text.encode("utf-8")
    picker.upload._on_msg(picker.upload, {"event": "start", "n_files": 1, "refused": []}, [])
    picker.upload._on_msg(picker.upload, {"event": "chunk", "index": 0, "name": name,
                                          "size": len(content)}, [content])
    picker.upload._on_msg(picker.upload, {"event": "done", "refused": []}, [])


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


def test_the_upload_takes_one_small_file_and_a_refused_one_is_named():
    picker = CategoryPicker()
    assert (picker.upload.multiple, picker.upload.max_files) == (False, 1)
    assert picker.upload.max_bytes == MAX_DICTIONARY_BYTES
    assert picker.upload.description == "Upload dictionary"  # no "(0)" counter
    picker.source.value = "sentiment"
    # The page refuses a file past the limit before sending it, and says why.
    why = "the file is 9.0 MB; the limit is 5.0 MB per file. " + picker.upload.too_big
    picker.upload._on_msg(picker.upload, {"event": "start", "n_files": 0,
                                          "refused": [["huge.dic", why]]}, [])
    picker.upload._on_msg(picker.upload, {"event": "done", "refused": [["huge.dic", why]]},
                          [])
    assert "huge.dic: the file is 9.0 MB" in picker.note.value
    assert "right file" in picker.note.value
    assert picker.dictionary == "sentiment"
