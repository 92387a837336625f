"""Column names of the kit's tables, in one place.

Every table has one grain and plain key columns with a RangeIndex:

- ``documents``: one row per transcript, key ``doc_id``.
- ``turns``: one row per speaker turn, key ``(doc_id, turn_id)``.
- ``phrases``: one row per sentence-like phrase of a turn, key ``(doc_id, turn_id, phrase_id)``.
- ``stage_directions``: one row per stage direction such as ``(Laughter.)``.
- ``speakers``: one row per canonical speaker, key ``speaker``: ``person_id``, ``party``,
  ``role`` and any other attribute the files give.
- ``tokens``: one row per token, key ``(doc_id, turn_id, phrase_id, token_id)``.
"""

from __future__ import annotations

from typing import Final

DOC_ID = "doc_id"
TURN_ID = "turn_id"
PHRASE_ID = "phrase_id"
TOKEN_ID = "token_id"

TITLE = "title"
DATE = "date"
LOCATION = "location"
BYLINE = "byline"
CAPTION = "caption"
URL = "url"
SOURCE = "source"
FORMAT = "format"
HEADER = "header"
TRAILER = "trailer"
N_TURNS = "n_turns"
N_WORDS = "n_words"

SPEAKER = "speaker"
SPEAKER_LABEL = "speaker_label"
ROLE = "role"
TEXT = "text"
START_CHAR = "start_char"
END_CHAR = "end_char"
# Where a turn's speech starts (after its label): text == document[text_start_char:end_char].
TEXT_START_CHAR = "text_start_char"
START_S = "start_s"
END_S = "end_s"
STAGE_DIRECTIONS = "stage_directions"

TERM = "term"
TOKEN = "token"
IS_STOPWORD = "is_stopword"
POSITION = "position"

DOCUMENT_COLUMNS = [
    DOC_ID, TITLE, DATE, LOCATION, BYLINE, CAPTION, URL, SOURCE, FORMAT,
    HEADER, TRAILER, N_TURNS, N_WORDS,
]
TURN_COLUMNS = [
    DOC_ID, TURN_ID, SPEAKER, SPEAKER_LABEL, ROLE, TEXT, N_WORDS, START_CHAR, END_CHAR,
    START_S, END_S, STAGE_DIRECTIONS, DATE, TITLE, TEXT_START_CHAR,
]
#: The dtype of ``date`` columns: microseconds span years 1 to 9999 (nanoseconds stop at
#: 1677 and 2262, before a historical corpus starts), and polars, Arrow and Parquet store
#: microseconds natively.
DATE_DTYPE: Final = "datetime64[us]"
PERSON_ID = "person_id"
PARTY = "party"
SPEAKER_COLUMNS = [SPEAKER, PERSON_ID, PARTY, ROLE]
PHRASE_COLUMNS = [DOC_ID, TURN_ID, PHRASE_ID, SPEAKER, TEXT, N_WORDS, START_CHAR, END_CHAR]
STAGE_DIRECTION_COLUMNS = [DOC_ID, TURN_ID, TEXT, START_CHAR, END_CHAR]

# Roles a turn can have.
ROLE_QUESTION = "question"
ROLE_MODERATOR = "moderator"
ROLE_OPERATOR = "operator"
ROLE_INTERPRETER = "interpreter"
ROLE_OFFICIAL = "official"
# Parliaments, courts and hearings: the presiding officer (Speaker, President, Chair, the
# Chief Justice), a member of the house or committee, and a guest (a witness, a minister who
# is not a member, counsel before a court).
ROLE_CHAIR = "chair"
ROLE_MEMBER = "member"
ROLE_GUEST = "guest"
ROLE_UNKNOWN = "unknown"
ROLES = [
    ROLE_OFFICIAL, ROLE_QUESTION, ROLE_MODERATOR, ROLE_OPERATOR, ROLE_INTERPRETER, ROLE_CHAIR,
    ROLE_MEMBER, ROLE_GUEST, ROLE_UNKNOWN,
]

# The canonical speaker for audience labels (QUESTION, Q, REPORTER, ...).
QUESTIONER = "Questioner"
UNKNOWN_SPEAKER = "Unknown"
