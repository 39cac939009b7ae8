#!/usr/bin/env python3
"""Writes the hostile workbooks of tests/corpus/workbook/ (standard library only).

Each file is a small .xlsx or .ods (both are zip archives) that once made
`leadplan import` panic, take gigabytes or hide behind the wrong message:
cells far beyond a planner's sheet, merged regions over a whole sheet, zip
bombs, sizes that lie, XML entity declarations and ODS repeat counts. The
files are deterministic (fixed dates, fixed order), so rerunning this script
reproduces them byte for byte:

    python3 scripts/make-hostile-workbooks.py tests/corpus/workbook
"""

import os
import struct
import sys
import zipfile

DATE = (2024, 1, 1, 0, 0, 0)
MB = 1 << 20

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="tasks" sheetId="1" r:id="rId1"/></sheets></workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""

SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"""

STRINGS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>id</t></si></sst>"""

LAUGHS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


def member(zf, name, data, stored=False):
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    zf.writestr(info, data, compresslevel=9)


def streamed(zf, name, head, chunk, times, tail):
    """A member written in pieces: `head`, `chunk` x `times`, `tail`."""
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info._compresslevel = 9  # level 9 for a streamed member (no public setter)
    with zf.open(info, "w", force_zip64=True) as w:
        w.write(head.encode())
        block = (chunk * 4096).encode()
        for _ in range(times // 4096):
            w.write(block)
        w.write((chunk * (times % 4096)).encode())
        w.write(tail.encode())


def xlsx(path, sheet=None, strings=STRINGS, big=None):
    """An xlsx of one sheet `tasks`; `big` streams a huge member instead."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.compresslevel = 9
        member(zf, "[Content_Types].xml", CONTENT_TYPES)
        member(zf, "_rels/.rels", RELS)
        member(zf, "xl/workbook.xml", WORKBOOK)
        member(zf, "xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if big is not None:
            big(zf)
        if sheet is not None:
            member(zf, "xl/worksheets/sheet1.xml", sheet)
        if strings is not None:
            member(zf, "xl/sharedStrings.xml", strings)


def sheet(data, after=""):
    return f"{SHEET_HEAD}<sheetData>{data}</sheetData>{after}</worksheet>"


def cell(ref, value=1):
    return f'<c r="{ref}"><v>{value}</v></c>'


def ods_content(rows):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="tasks">'
        f"{rows}</table:table></office:spreadsheet></office:body></office:document-content>"
    )


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"""


def ods(path, content):
    with zipfile.ZipFile(path, "w") as zf:
        member(zf, "mimetype", "application/vnd.oasis.opendocument.spreadsheet", stored=True)
        member(zf, "META-INF/manifest.xml", MANIFEST)
        member(zf, "content.xml", content)


def row(cells, repeat=None):
    rep = f' table:number-rows-repeated="{repeat}"' if repeat else ""
    return f"<table:table-row{rep}>{cells}</table:table-row>"


def text_cell(text, repeat=None):
    rep = f' table:number-columns-repeated="{repeat}"' if repeat else ""
    return f'<table:table-cell office:value-type="string"{rep}><text:p>{text}</text:p></table:table-cell>'


def number_cell(value, repeat=None):
    rep = f' table:number-columns-repeated="{repeat}"' if repeat else ""
    return f'<table:table-cell office:value-type="float" office:value="{value}"{rep}/>'


def empty_cells(n):
    return f'<table:table-cell table:number-columns-repeated="{n}"/>'


def lie_about_size(path, name, declared):
    """Rewrites the uncompressed size of `name` (local header and central
    directory) to `declared`: a zip whose sizes lie."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    data = bytearray(open(path, "rb").read())
    struct.pack_into("<I", data, info.header_offset + 22, declared)
    at = data.find(b"PK\x01\x02")
    while at != -1:
        n = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + n] == name.encode():
            struct.pack_into("<I", data, at + 24, declared)
        at = data.find(b"PK\x01\x02", at + 4)
    open(path, "wb").write(bytes(data))


def main(out):
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)

    # Cells far beyond a planner's sheet.
    xlsx(p("row-4294967295.xlsx"), sheet(f'<row r="1">{cell("A1")}</row><row r="4294967295">{cell("A4294967295")}</row>'))
    xlsx(p("far-corner-xfd1048576.xlsx"), sheet(f'<row r="1">{cell("A1")}</row><row r="1048576">{cell("XFD1048576")}</row>'))
    xlsx(p("a1-and-az1000000.xlsx"), sheet(f'<row r="1">{cell("A1")}</row><row r="1000000">{cell("AZ1000000")}</row>'))
    xlsx(p("merged-a20-xfd1048576.xlsx"), sheet(f'<row r="1">{cell("A1")}</row>', '<mergeCells count="1"><mergeCell ref="A20:XFD1048576"/></mergeCells>'))
    xlsx(p("dimension-whole-sheet.xlsx"), f'{SHEET_HEAD}<dimension ref="A1:XFD1048576"/><sheetData><row r="1">{cell("A1")}</row></sheetData></worksheet>')
    xlsx(p("shared-formula-index.xlsx"), sheet('<row r="1"><c r="A1"><f t="shared" si="4000000000" ref="A1:A2">1+1</f><v>2</v></c></row>'))

    # A genuine large sheet: 1,048,576 rows (highly compressible), and 110,000
    # distinct rows (ordinary compression, past the row limit).
    xlsx(p("million-rows.xlsx"), big=lambda zf: streamed(zf, "xl/worksheets/sheet1.xml", SHEET_HEAD + "<sheetData>", "<row><c><v>1</v></c></row>", 1048576, "</sheetData></worksheet>"))
    rows = "".join(f'<row r="{i}"><c r="A{i}" t="s"><v>0</v></c></row>' for i in range(1, 110001))
    xlsx(p("rows-110000.xlsx"), sheet(rows))

    # Zip bombs: shared strings and a sheet inflating to 256 MB each.
    xlsx(p("bomb-shared-strings.xlsx"), strings=None, big=lambda zf: streamed(zf, "xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', "<si><t>a</t></si>", 256 * MB // 17, "</sst>"))
    xlsx(p("bomb-sheet.xlsx"), big=lambda zf: streamed(zf, "xl/worksheets/sheet1.xml", SHEET_HEAD + "<sheetData><row>", "<c><v>1</v></c>", 256 * MB // 16, "</row></sheetData></worksheet>"))
    # A sheet of 64 MB that declares 1 KB.
    xlsx(p("lying-sizes.xlsx"), sheet("<row>" + "<c><v>1</v></c>" * (4 * MB) + "</row>"))
    lie_about_size(p("lying-sizes.xlsx"), "xl/worksheets/sheet1.xml", 1024)

    # XML entity expansion (billion laughs).
    xlsx(p("billion-laughs.xlsx"), sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'), strings=LAUGHS + '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>')
    ods(p("billion-laughs.ods"), LAUGHS + ods_content(row(text_cell("&lol9;"))).split("\n", 1)[1])

    # ODS repeat counts: 2,000,000,000 spaces; a value repeated over 99,000 x
    # 1,000 cells; one value at the last cell of a 1,048,576 x 16,384 sheet.
    ods(p("ods-text-s-2000000000.ods"), ods_content(row(text_cell('a<text:s text:c="2000000000"/>b'))))
    ods(p("ods-repeated-values.ods"), ods_content(row(number_cell(1, 1000), 99000)))
    ods(p("ods-far-corner.ods"), ods_content(row(text_cell("id")) + row(empty_cells(16384), 1048574) + row(empty_cells(16383) + number_cell(1))))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/corpus/workbook")
