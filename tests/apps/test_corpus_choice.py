"""Choosing a dashboard's corpus, and reading uploaded files with one message per failure."""

from __future__ import annotations

import json
import os
import threading

import pytest

from kit.apps import corpus_choice as app_corpus
from kit.apps.cache import default_corpus_entry
from kit.errors import KitError, TranscriptWarning

GOOD = json.dumps([
    {"speaker": "Mr. Price", "text": "We stand with Ukraine. <b>bold</b>"},
    {"speaker": "Question", "text": "What about NATO?"},
]).encode()


def test_read_uploads_reads_good_and_names_each_failure():
    result = app_corpus.read_uploads(
        [("briefing.json", GOOD), ("binary.txt", bytes(range(256)) * 4), ("empty.md", b" \n"),
         ("big.txt", b"MR. X:  hello\n" * 100)],
        max_bytes=1200,
    )
    assert result.read == ["briefing.json"]
    failed = dict(result.failed)
    assert set(failed) == {"binary.txt", "empty.md", "big.txt"}
    assert "binary" in failed["binary.txt"] and "Fix" in failed["binary.txt"]
    assert failed["big.txt"].startswith("the file is 1.4 KB; the limit is 1.2 KB per file")
    assert list(result.corpus.turns.speaker) == ["Mr. Price", "Questioner"]
    assert result.corpus.documents.doc_id.tolist() == ["upload/briefing"]


def _zipped(parts: dict[str, str]) -> bytes:
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return data.getvalue()


def test_uploaded_word_documents_are_read_and_other_archives_named():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    lines = ["MR. LEE:  Hello there.", "MS. RAY:  Good morning."]
    body = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    docx = _zipped({"word/document.xml": f"<w:document {w}><w:body>{body}</w:body>"
                                         "</w:document>"})
    result = app_corpus.read_uploads([("hearing.docx", docx),
                                      ("photos.zip", _zipped({"a.jpg": "x"}))])
    assert result.read == ["hearing.docx"]
    assert list(result.corpus.turns.text) == ["Hello there.", "Good morning."]
    [(name, why)] = result.failed
    assert name == "photos.zip" and "not a Word or OpenDocument text" in why and "Fix" in why
    assert ".docx" in app_corpus.UploadBox(lambda corpus: None).upload.accept.split(",")


def test_upload_messages_are_escaped():
    result = app_corpus.read_uploads([("<img src=x onerror=alert(1)>.txt", b"")])
    message = result.message_html()
    assert "<img" not in message and "&lt;img" in message


def test_same_name_uploads_get_distinct_ids():
    result = app_corpus.read_uploads([("a.json", GOOD), ("a.json", GOOD)])
    assert result.corpus.documents.doc_id.tolist() == ["upload/a", "upload/a-2"]


def test_dashboard_corpus_from_env_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "one.json").write_bytes(GOOD)
    monkeypatch.setenv(app_corpus.CORPUS_ENV, str(tmp_path))
    corpus = app_corpus.dashboard_corpus()
    assert corpus.documents.doc_id.tolist() == ["one"]
    assert app_corpus.corpus_label(corpus).startswith("1 document, 2 turns, 2 speakers")


def test_a_folder_is_read_once_then_loaded_from_the_cache_until_it_changes(tmp_path,
                                                                          monkeypatch):
    import pandas as pd

    import kit.read.read

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "transcripts"
    folder.mkdir()
    (folder / "one.json").write_bytes(GOOD)
    (folder / "bad.json").write_bytes(b"{not json")
    with pytest.warns(TranscriptWarning, match="bad.json"):
        first = app_corpus.dashboard_corpus(folder)
    entries = list((tmp_path / "cache" / "turnkit" / "corpora").glob("*/*"))
    assert len(entries) == 1

    def no_reading(*args, **kwargs):
        raise AssertionError("read again instead of loading the cache")

    monkeypatch.setattr(kit.read.read, "read_transcripts", no_reading)
    # In the same process, the same tables while the folder is unchanged (warned again).
    with pytest.warns(TranscriptWarning, match="bad.json"):
        assert app_corpus.dashboard_corpus(folder) is first
    app_corpus._LAST_FOLDER.clear()  # as in a new process
    with pytest.warns(TranscriptWarning, match="bad.json"):  # told again, from the cache
        cached = app_corpus.dashboard_corpus(folder)
    assert cached is not first
    for name in ("documents", "turns", "phrases", "tokens", "skipped"):
        pd.testing.assert_frame_equal(getattr(cached, name), getattr(first, name))
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (folder / "bad.json").unlink()  # the folder changed: read again, old entry dropped
    again = app_corpus.dashboard_corpus(folder)
    assert len(again.skipped) == 0 and again.documents.doc_id.tolist() == ["one"]
    kept = list(app_corpus._LAST_FOLDER.values())
    assert len(kept) == 1 and kept[0] is again  # one folder kept, the newest
    newer = list((tmp_path / "cache" / "turnkit" / "corpora").glob("*/*"))
    assert len(newer) == 1 and newer != entries


def test_dashboard_corpus_missing_path_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv(app_corpus.CORPUS_ENV, str(tmp_path / "nope"))
    with pytest.raises(KitError, match="unset it for the bundled corpus"):
        app_corpus.dashboard_corpus()


def test_query_string_from_environment(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("QUERY_STRING", "q=war&speaker=A")
    assert app_corpus.query_string() == "q=war&speaker=A"
    monkeypatch.delenv("QUERY_STRING")
    assert app_corpus.query_string() == ""


def _preheated_env(monkeypatch, port: int, kernel_id: str) -> None:
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.setenv("VOILA_SERVER_URL", "/base/")
    monkeypatch.setenv("VOILA_KERNEL_ID", kernel_id)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("VOILA_WS_BASE_URL", raising=False)
    monkeypatch.setenv("SCRIPT_NAME", "")  # restored after the test, whatever the kernel sets


def test_query_string_waits_for_voilas_request_in_a_preheated_kernel(monkeypatch):
    # Voila's side of the protocol: a websocket at <server url>voila/query/<kernel id> that
    # sends the request's variables as one JSON message.
    from websockets.sync.server import serve

    paths = []

    def handler(ws):
        paths.append(ws.request.path)
        ws.send(json.dumps({"QUERY_STRING": "q=war&speaker=A", "SCRIPT_NAME": "/base/"}))

    with serve(handler, "127.0.0.1", 0) as server:
        port = server.socket.getsockname()[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        _preheated_env(monkeypatch, port, "k-123")
        assert app_corpus.query_string() == "q=war&speaker=A"
        server.shutdown()
    assert paths == ["/base/voila/query/k-123"]
    assert os.environ["SCRIPT_NAME"] == "/base/"


def test_query_string_without_voila_warns_and_opens_unfiltered(monkeypatch):
    from kit.serve.cli import free_port

    _preheated_env(monkeypatch, free_port(), "k-1")
    with pytest.warns(RuntimeWarning, match="opens without the link's filters"):
        assert app_corpus.query_string() == ""


def test_upload_box_hands_corpus_over():
    got = []
    box = app_corpus.UploadBox(got.append)
    box._on_upload({"new": ({"name": "b.json", "content": memoryview(GOOD)},
                            {"name": "c.txt", "content": memoryview(b"")})})
    assert len(got) == 1 and len(got[0].turns) == 2
    assert "c.txt" in box.message.value and "Read 1 file" in box.message.value


@pytest.mark.slow
def test_default_corpus_cache_round_trips_every_table(tmp_path, monkeypatch):
    import pandas as pd

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(app_corpus, "_DEFAULT", None)
    stale = tmp_path / "turnkit" / "default-corpus" / "0123456789abcdef"
    stale.mkdir(parents=True)
    (stale / "tokens.feather").write_bytes(b"from an older version")
    fresh = app_corpus.default_corpus()
    # One entry: the new one; the older version's entry is gone.
    assert [p.name for p in stale.parent.iterdir()] == [default_corpus_entry().name]
    monkeypatch.setattr(app_corpus, "_DEFAULT", None)
    cached = app_corpus.default_corpus()
    assert cached is not fresh and "tokens" in cached.__dict__
    for name in ("documents", "turns", "phrases", "stage_directions"):
        pd.testing.assert_frame_equal(getattr(cached, name), getattr(fresh, name))
    # Tokens (2M rows) column by column: assert_frame_equal takes 75 s on their categoricals.
    got, want = cached.tokens, fresh.tokens
    assert list(got.columns) == list(want.columns) and len(got) == len(want)
    for column in want.columns:
        assert got[column].dtype == want[column].dtype, column
        if isinstance(want[column].dtype, pd.CategoricalDtype):
            assert (got[column].array.codes == want[column].array.codes).all(), column
        else:
            assert (got[column].to_numpy() == want[column].to_numpy()).all(), column
    assert fresh.documents.doc_id.iloc[-1] == "nato-foreign-ministerial-2022-03-04"
    # Each cached column is one chunk, though the texts read were several: pyarrow's take on
    # a chunked column concatenates all its chunks first, on every call.
    assert fresh.turns["text"].array._pa_array.num_chunks > 1
    for name in ("documents", "turns", "phrases", "tokens"):
        for column, values in getattr(cached, name).items():
            chunks = getattr(values.array, "_pa_array", None)
            assert chunks is None or chunks.num_chunks == 1, (name, column)
    # A dashboard kernel on the cached corpus: its explorer answers a keyword without the
    # reading stack (polars, lxml, yaml: 0.3 s and 20 MB of polars alone) or scipy.
    import subprocess
    import sys

    code = ("import os, sys; os.environ['TURNKIT_PLOTLY_ESM'] = 'voila/labextensions/x.js'\n"
            "from kit.apps import Explorer, dashboard_corpus\n"
            "app = Explorer(dashboard_corpus())\n"
            "app.keyword.text.value = 'war, \"health care\"'\n"
            "assert app.view.n_rows > 0 and not app.messages, app.messages\n"
            "print(sorted(m for m in ('polars', 'lxml', 'yaml', 'scipy', 'nbformat')"
            " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)}, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_upload_limits_name_each_refused_file_and_why():
    files = [(f"f{i}.json", GOOD) for i in range(4)]
    result = app_corpus.read_uploads(files, max_files=2, refused=[("huge.txt", "too big")])
    assert result.read == ["f0.json", "f1.json"]
    failed = dict(result.failed)
    assert failed["huge.txt"] == "too big"  # the page's refusals are listed first
    assert failed["f2.json"].startswith("not read: at most 2 files per upload")
    assert "f3.json" in failed
    result = app_corpus.read_uploads(files[:3], max_total=2 * len(GOOD))
    assert result.read == ["f0.json", "f1.json"]
    assert dict(result.failed)["f2.json"].startswith("not read: the upload would pass")


def test_file_picker_assembles_chunks_and_passes_refusals_on():
    from kit.apps.upload import FilePicker

    got = []
    picker = FilePicker(lambda files, refused: got.append((files, refused)), max_files=2)
    picker._on_msg(picker, {"event": "start", "n_files": 1, "refused": [["big.txt", "why"]]},
                   [])
    half = len(GOOD) // 2
    for part in (GOOD[:half], GOOD[half:]):
        picker._on_msg(picker, {"event": "chunk", "index": 0, "name": "a.json",
                                "size": len(GOOD)}, [memoryview(part)])
    picker._on_msg(picker, {"event": "chunk", "index": 7, "name": "x", "size": 3}, [b"abc"])
    picker._on_msg(picker, {"event": "done"}, [])
    assert got == [([("a.json", GOOD)], [("big.txt", "why")])]


def test_an_untitled_upload_is_titled_by_its_file_name():
    result = app_corpus.read_uploads([("my talk.json", GOOD)])
    docs = result.corpus.documents
    assert docs.doc_id.tolist() == ["upload/my talk"]
    assert docs.title.tolist() == ["my talk.json"]
