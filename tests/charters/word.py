"""Build a Word document (.docx) with python-docx from a Markdown charter, for the import tests.

Headings become Word's "Heading N" styles, list items get real Word numbering (w:numPr with a
level, as Word itself writes nested lists), and bold and italic become run formatting.
"""

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from markdown_it import MarkdownIt

ORDERED_NUM_ID, BULLET_NUM_ID = 901, 902


def _abstract_num(abstract_id: int, ordered: bool) -> str:
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>'
        f'<w:numFmt w:val="{"decimal" if ordered else "bullet"}"/>'
        f'<w:lvlText w:val="{f"%{level + 1}." if ordered else "•"}"/>'
        f'<w:pPr><w:ind w:left="{720 * (level + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for level in range(4)
    )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )


def _add_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for abstract_id, ordered in ((901, True), (902, False)):
        first_num.addprevious(parse_xml(_abstract_num(abstract_id, ordered)))
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{abstract_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
            )
        )


def _number(paragraph, num_id: int, level: int) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
            f'<w:numId w:val="{num_id}"/></w:numPr>'
        )
    )


def _runs(paragraph, inline) -> None:
    bold = italic = False
    for child in inline.children or ():
        if child.type == "strong_open":
            bold = True
        elif child.type == "strong_close":
            bold = False
        elif child.type == "em_open":
            italic = True
        elif child.type == "em_close":
            italic = False
        elif child.type in ("text", "code_inline", "softbreak"):
            run = paragraph.add_run(" " if child.type == "softbreak" else child.content)
            run.bold, run.italic = bold or None, italic or None


def markdown_to_docx(text: str) -> bytes:
    document = docx.Document()
    _add_numbering(document)
    tokens = MarkdownIt("commonmark").parse(text)
    lists: list[bool] = []  # open lists, innermost last: True when numbered
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token.type == "ordered_list_open")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            heading = document.add_heading("", level=int(token.tag[1]))
            _runs(heading, tokens[index + 1])
        elif token.type == "paragraph_open":
            paragraph = document.add_paragraph()
            if lists:
                num_id = ORDERED_NUM_ID if lists[-1] else BULLET_NUM_ID
                _number(paragraph, num_id, len(lists) - 1)
            _runs(paragraph, tokens[index + 1])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
