"""The one reader behind every import (common/csvfiles.py): shapes, encodings and streaming."""

import io

import pytest

from common.csvfiles import read_table
from common.csvrows import CsvImportError


def _problems(data, required=("a",), **options) -> list[str]:
    with pytest.raises(CsvImportError) as caught:
        read_table(data, required=list(required), **options)
    return [str(p) for p in caught.value.problems]


class CountingReads(io.BytesIO):
    """A file that remembers how much each read asked for."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.asked: list[int | None] = []

    def read(self, size=-1):
        self.asked.append(size)
        return super().read(size)


def test_the_file_is_read_in_chunks_never_whole():
    data = b"a,b\n" + b"".join(b"%d,%s\n" % (i, b"x" * 100) for i in range(40_000))
    source = CountingReads(data)
    table = read_table(source, required=["a"])
    assert len(table.rows) == 40_000 and table.rows[-1].line == 40_001
    assert len(data) > 4 * 1024 * 1024
    assert all(size is not None and 0 < size <= 1024 * 1024 for size in source.asked)


def test_only_the_columns_an_import_uses_are_kept():
    table = read_table(
        b"a,notes,b\n1,a long note,2\n", required=["a"], columns=["a", "b", "not_there"]
    )
    assert table.rows[0].values == {"a": "1", "b": "2"}
    assert table.header == ["a", "notes", "b"]


def test_lines_after_a_multi_line_record_and_blank_lines_keep_their_numbers():
    table = read_table(b'a,b\n1,"two\nlines"\n\n3,x\r\n4,"y\r\nz"\r\n5,w\n', required=["a"])
    assert [(r.line, r.get("a")) for r in table.rows] == [(2, "1"), (5, "3"), (6, "4"), (8, "5")]
    assert table.rows[0].get("b") == "two\nlines"


def test_a_control_character_inside_a_multi_line_value_is_reported_at_its_own_line():
    assert _problems(b'a,b\n1,"first\nsecond\x07"\n') == [
        "line 3, column b: contains a control character (U+0007), in column 2 (B)"
    ]


def test_a_control_character_in_the_header_names_its_position():
    assert _problems(b"a,b\x00\n1,2\n") == [
        "line 1: column 2 (B) contains a control character (U+0000)"
    ]


def test_tabs_and_line_breaks_inside_values_are_not_control_characters():
    table = read_table(b'a,b\n1,"tab\there\r\nand on"\n', required=["a"])
    assert table.rows[0].get("b") == "tab\there\r\nand on"


def test_empty_columns_at_the_end_of_excels_rows_are_ignored():
    table = read_table(b"a,b,,,\r\n1,2,,,\r\n,,,,\r\n", required=["a", "b"])
    assert table.header == ["a", "b"] and len(table.rows) == 1


def test_an_unnamed_column_may_appear_more_than_once_but_a_named_one_not():
    assert read_table(b"a,,b,\n1,x,2,y\n", required=["a"]).rows[0].values == {"a": "1", "b": "2"}
    assert _problems(b"a, B ,b\n1,2,3\n") == [
        "line 1, column b: is named more than once: columns 2 (B) and 3 (C); keep one"
    ]


def test_a_row_of_more_than_200_columns_is_refused():
    wide = b"1" + b",x" * 250
    assert _problems(b"a\n" + wide + b"\n") == ["line 2: the row has 251 columns; at most 200"]


def test_text_after_a_closing_quote_is_refused():
    assert _problems(b'a,b\n1,"quoted" then more\n') == [
        "line 2: a closing quote is followed by other text in the same value "
        '(write a quote inside a quoted value as "")'
    ]


def test_an_unclosed_quote_in_a_long_file_is_named_where_it_starts():
    data = b'a,b\n1,"never closed\n' + b"2,plenty of rows\n" * 20_000
    assert _problems(data) == [
        "line 2: unclosed quote starting on line 2: the quoted value runs on for more than "
        "131072 characters"
    ]


def test_an_overlong_value_on_one_line_is_refused():
    assert _problems(b"a,b\n1," + b"x" * 200_000 + b"\n") == [
        "line 2: a value is longer than 131072 characters"
    ]


def test_a_bom_then_bytes_that_are_not_utf8_are_refused_at_their_line():
    assert _problems(b"\xef\xbb\xbfa,b\n1,ok\n2,caf\xe9\n") == [
        "line 3: the file starts with a UTF-8 byte-order mark but is not UTF-8 text here"
    ]


def test_utf8_with_and_without_bom_and_windows_1252_read_the_same_text():
    text = "a,b\n1,Zoë “quoted” – £5\n"
    for data, read_as in [
        (text.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8"),
        (text.encode("cp1252"), "Windows-1252"),
    ]:
        table = read_table(data, required=["a"])
        assert (table.rows[0].get("b"), table.read_as) == ("Zoë “quoted” – £5", read_as)
    assert read_table(text, required=["a"]).rows[0].get("b") == "Zoë “quoted” – £5"


def test_a_file_of_nothing_or_a_header_below_line_one_is_refused():
    assert _problems(b"") == ["line 1: the file is empty"]
    assert _problems(b"\n\n") == ["line 1: the file is empty"]
    assert _problems(b"\na\n1\n") == ["line 1: the first line must be the header row"]


def test_the_size_limit_comes_from_the_setting(settings):
    settings.IMPORT_MAX_BYTES = 2 * 1024 * 1024
    assert read_table(b"a\n" + b"1\n" * 1000, required=["a"]).rows
    big = b"a\n" + b"1\n" * (1024 * 1024 + 1)
    assert _problems(big) == [
        "the file is 2.0 MB; files up to 2 MB can be imported (split it into smaller files)"
    ]


def test_a_line_of_a_million_cells_is_refused_before_it_is_split():
    assert _problems(b"a,b\n1,2\n" + b"," * 2_000_000 + b"\n") == [
        "line 3: the line is longer than 1,000,000 characters"
    ]
