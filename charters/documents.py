"""Reading a charter document (Markdown, or Word converted to Markdown) into its structure.

The rules (docs/file-formats.md, section 7): the first level-1 heading is the title; each level-2
heading starts a section; paragraphs and level-3+ headings under a section before its first list
are the section's introduction; each top-level list item is a pledge, whose bold lead or first
sentence is the commitment and the rest (nested lists included) its detail; text before the
first section is the charter's introduction. Typed numbers at the start of a heading or pledge
are dropped.

Nothing here writes: `document_read` returns what it found, the problems that stop an import
and notes on what it did with anything else, for HR to check before a draft is made.
"""

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

from markdown_it import MarkdownIt

from charters.models import COMMITMENT_MAX_LENGTH, Charter, Section
from charters.numbering import strip_typed_number

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
TOO_LARGE = (
    f"The file is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB; "
    "a charter document is much smaller."
)
MARKDOWN_SUFFIXES = {".md", ".markdown", ".txt"}
SECTION_TITLE_MAX = Section._meta.get_field("title").max_length
TITLE_MAX = Charter._meta.get_field("title").max_length

# A list item's first line: the bullet or number and the spaces after it.
_ITEM_MARKER = re.compile(r"^(\s*(?:[-*+]|\d{1,9}[.)])(?:\s+|$))")
# A bold lead: the item's first paragraph opens with **…** or __…__.
_BOLD_LEAD = re.compile(r"^(\*\*|__)(.+?)\1", re.DOTALL)
# The end of the first sentence: . ! or ? (perhaps closing emphasis or a quote), then a space
# and a capital, digit or opening mark. Common abbreviations do not end a sentence.
_SENTENCE_END = re.compile(r"[.!?][*_”’\"')]*(?=\s+[*_“‘\"'(]*[A-Z0-9])")
_ABBREVIATIONS = ("e.g", "i.e", "etc", "Mr", "Mrs", "Ms", "Dr", "St", "No", "vs", "approx")
_DETAIL_LEAD = re.compile(r"^[\s:;,.–—-]+")


class DocumentError(Exception):
    """The file cannot be read as a charter document at all."""


@dataclass
class ParsedPledge:
    commitment: str
    detail: str = ""


@dataclass
class ParsedSection:
    title: str
    introduction: str = ""
    pledges: list[ParsedPledge] = field(default_factory=list)


@dataclass
class ParsedCharter:
    title: str = ""
    introduction: str = ""
    sections: list[ParsedSection] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # stop the import
    notes: list[str] = field(default_factory=list)  # what was done with text outside the rules
    markdown: str = ""  # the document as Markdown (a .docx after conversion)

    @property
    def pledge_count(self) -> int:
        return sum(len(s.pledges) for s in self.sections)

    @property
    def ok(self) -> bool:
        return not self.problems


def document_read(*, name: str, content: bytes, title: str = "") -> ParsedCharter:
    """A charter document by its file name's suffix: Markdown, or .docx."""
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentError(TOO_LARGE)
    suffix = PurePath(name).suffix.lower()
    if suffix == ".docx":
        return markdown_read(docx_to_markdown(content), title=title, word=True)
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_read(markdown_decode(content), title=title)
    raise DocumentError(
        f"“{PurePath(name).name}” is not a charter document the portal reads: "
        "use a Markdown file (.md) or a Word document (.docx)."
    )


def markdown_decode(content: bytes) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Save it as UTF-8, or upload the Word document instead."
        ) from None
    if "\x00" in text:
        raise DocumentError("The file holds a NUL character, so it is not a text file.")
    return text


# Word's own "Title" style is the charter's title, as a level-1 heading would be.
WORD_STYLES = "p[style-name='Title'] => h1:fresh"


def docx_to_markdown(content: bytes) -> str:
    import io

    import mammoth

    try:
        result = mammoth.convert_to_markdown(io.BytesIO(content), style_map=WORD_STYLES)
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DocumentError(
            f"The file cannot be read as a Word document (.docx): {error}."
        ) from None
    return "\n".join(_tidy_escapes(line) for line in result.value.splitlines())


# Mammoth escapes every punctuation mark Markdown might read; inside a line most of those
# escapes change nothing, and HR would see them when editing the draft. A number and dot that
# start a line keep theirs, or the line would become a numbered list.
_LINE_START_NUMBER = re.compile(r"^\s*\d+\\\.")
_NEEDLESS_ESCAPE = re.compile(r"(?<=\S)\\([.!()+#-])")


def _tidy_escapes(line: str) -> str:
    start = _LINE_START_NUMBER.match(line)
    head = start.group(0) if start else ""
    return head + _NEEDLESS_ESCAPE.sub(r"\1", line[len(head) :])


def _inline_text(token) -> str:
    """The plain words of an inline token (escapes and emphasis markers removed)."""
    return "".join(
        child.content for child in token.children or () if child.type in ("text", "code_inline")
    ).strip()


def _first_sentence_end(text: str) -> int | None:
    for match in _SENTENCE_END.finditer(text):
        before = text[: match.start()]
        if before.endswith(_ABBREVIATIONS) or before.rstrip("*_").endswith(_ABBREVIATIONS):
            continue
        return match.end()
    return None


def _balanced(text: str) -> bool:
    return text.count("**") % 2 == 0 and text.count("__") % 2 == 0


_LEADING_WHITESPACE = re.compile(r"^[ \t]+", re.MULTILINE)


class _Reader:
    def __init__(self, text: str, word: bool):
        # Tabs that indent (nested lists) become spaces, so indentation can be measured.
        text = _LEADING_WHITESPACE.sub(lambda m: m.group(0).expandtabs(4), text)
        self.lines = text.splitlines()
        self.word = word
        self.parser = MarkdownIt("commonmark")
        self.tokens = self.parser.parse(text)
        self.result = ParsedCharter(markdown=text)
        self.intro_parts: list[str] = []
        self.section: ParsedSection | None = None
        self.section_intro: list[str] = []

    # --- where things are, for messages ---

    def where(self, token) -> str:
        if self.word:
            words = " ".join(self.source(token).split())
            snippet = words[:50] + ("…" if len(words) > 50 else "")
            return f"at “{snippet}”"
        return f"line {token.map[0] + 1}" if token.map else "in the document"

    def source(self, token) -> str:
        start, end = token.map
        return "\n".join(self.lines[start:end]).strip()

    # --- the walk over top-level blocks ---

    def read(self) -> ParsedCharter:
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            close = self._close_of(index)
            if token.level == 0 and token.map is not None:
                self.block(index, close)
            index = close + 1
        self._end_section()
        self.result.introduction = "\n\n".join(self.intro_parts)
        return self.result

    def _close_of(self, index: int) -> int:
        """The index of the token that closes the block opened at `index`."""
        if self.tokens[index].nesting != 1:
            return index
        depth = 0
        for j in range(index, len(self.tokens)):
            depth += self.tokens[j].nesting
            if depth == 0:
                return j
        return len(self.tokens) - 1

    def block(self, start: int, end: int) -> None:
        token = self.tokens[start]
        if token.type == "heading_open":
            self.heading(token, self.tokens[start + 1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            self.pledge_list(start, end)
        else:
            self.text(token)

    def heading(self, token, inline) -> None:
        level = int(token.tag[1])
        words = _inline_text(inline)
        if level == 1 and not self.result.title and self.section is None:
            self.result.title = strip_typed_number(words)
        elif level == 2:
            self._end_section()
            self.section = ParsedSection(title=strip_typed_number(words))
            if not self.section.title:
                self.result.problems.append(f"{self.where(token)}: a section heading is empty.")
            elif len(self.section.title) > SECTION_TITLE_MAX:
                self.result.problems.append(
                    f"{self.where(token)}: the section title “{self.section.title[:60]}…” is "
                    f"longer than {SECTION_TITLE_MAX} characters."
                )
        else:
            if level == 1:
                self.result.notes.append(
                    f"{self.where(token)}: a second level-1 heading “{words}” was kept as a "
                    "heading in the introduction (only the first is the title)."
                )
            self.text(token)

    def text(self, token) -> None:
        """A paragraph, a level-3+ heading or anything else that is not a list."""
        source = self.source(token)
        if self.section is None:
            self.intro_parts.append(source)
        elif not self.section.pledges:
            self.section_intro.append(source)
        else:
            number = f"{len(self.result.sections) + 1}.{len(self.section.pledges)}"
            last = self.section.pledges[-1]
            last.detail = f"{last.detail}\n\n{source}".strip()
            self.result.notes.append(
                f"{self.where(token)}: text after the pledges of “{self.section.title}” was added "
                f"to the detail of pledge {number}."
            )

    def pledge_list(self, start: int, end: int) -> None:
        if self.section is None:
            self.intro_parts.append(self.source(self.tokens[start]))
            self.result.notes.append(
                f"{self.where(self.tokens[start])}: a list before the first section (level-2 "
                "heading) was kept in the charter's introduction, not read as pledges."
            )
            return
        for index in range(start + 1, end):
            token = self.tokens[index]
            if token.type == "list_item_open" and token.level == 1:
                self.pledge(index)

    def pledge(self, start: int) -> None:
        item = self.tokens[start]
        item_lines = self.lines[item.map[0] : item.map[1]]
        marker = _ITEM_MARKER.match(item_lines[0])
        indent = len(marker.group(1)) if marker else 0
        content = [item_lines[0][indent:]] + [
            line[min(indent, len(line) - len(line.lstrip(" "))) :] for line in item_lines[1:]
        ]
        first = self.tokens[start + 1]
        if first.type != "paragraph_open":
            self.result.problems.append(
                f"{self.where(item)}: a list item does not start with a sentence to read as the "
                "pledge's commitment."
            )
            return
        para_lines = first.map[1] - item.map[0]
        lead = " ".join(line.strip() for line in content[:para_lines])
        rest = "\n".join(content[para_lines:]).strip("\n")
        commitment, more = self._split_commitment(strip_typed_number(lead))
        detail = "\n\n".join(part for part in (more, _dedent(rest)) if part)
        if not commitment:
            self.result.problems.append(f"{self.where(item)}: a pledge has no commitment.")
            return
        if len(commitment) > COMMITMENT_MAX_LENGTH:
            self.result.problems.append(
                f"{self.where(item)}: the commitment “{commitment[:60]}…” is "
                f"{len(commitment)} characters long (at most {COMMITMENT_MAX_LENGTH}): end its "
                "first sentence sooner, or put the commitment in bold."
            )
        self.section.pledges.append(ParsedPledge(commitment=commitment, detail=detail))

    def _split_commitment(self, lead: str) -> tuple[str, str]:
        # The lead is parsed again once any typed number is gone, so "1.1 **We will…**" has
        # a bold lead too.
        children = [
            c
            for c in self.parser.parseInline(lead)[0].children or ()
            if not (c.type == "text" and not c.content.strip())
        ]
        bold = _BOLD_LEAD.match(lead)
        if bold and children and children[0].type == "strong_open":
            commitment = strip_typed_number(bold.group(2).strip())
            return commitment, _DETAIL_LEAD.sub("", lead[bold.end() :]).strip()
        end = _first_sentence_end(lead)
        if end is None or not _balanced(lead[:end]):
            return lead.strip(), ""
        return lead[:end].strip(), lead[end:].strip()

    def _end_section(self) -> None:
        if self.section is None:
            return
        self.section.introduction = "\n\n".join(self.section_intro)
        if not self.section.pledges:
            self.result.notes.append(
                f"The section “{self.section.title}” has no pledges (no list under its heading)."
            )
        self.result.sections.append(self.section)
        self.section, self.section_intro = None, []


def _dedent(text: str) -> str:
    lines = text.splitlines()
    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(widths, default=0)
    return "\n".join(line[cut:] for line in lines).strip()


def markdown_read(text: str, *, title: str = "", word: bool = False) -> ParsedCharter:
    """The structure of a charter written in Markdown; `title` wins over the document's own."""
    result = _Reader(text, word).read()
    if title.strip():
        result.title = title.strip()
    if len(result.title) > TITLE_MAX:
        result.problems.insert(0, f"The title is longer than {TITLE_MAX} characters.")
    if not result.title:
        result.problems.insert(
            0, "The document has no title: start it with a level-1 heading, or give a title."
        )
    if not result.sections:
        result.problems.append(
            "No sections were found: each section starts with a level-2 heading "
            "(“## …” in Markdown, “Heading 2” in Word)."
        )
    elif not result.pledge_count:
        result.problems.append(
            "No pledges were found: each pledge is an item of a list under a section heading."
        )
    return result
