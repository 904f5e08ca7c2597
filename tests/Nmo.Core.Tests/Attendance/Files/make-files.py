#!/usr/bin/env python3
"""Makes the attendance test files with a real spreadsheet program (LibreOffice Calc, headless).

The lists are written as flat OpenDocument spreadsheets (.fods, plain XML) and converted by LibreOffice
into what providers upload: .xlsx, .xls and CSV (Windows-1251 and UTF-8, ';'). The outputs are checked in,
so the tests need no LibreOffice. Rerun after a change: python3 make-files.py  (needs soffice on PATH;
Debian: apt-get install libreoffice-calc-nogui).
"""
import os, shutil, subprocess, tempfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
TITLE = "Список участников конференции «Актуальные вопросы кардиологии», 20-21 ноября 2026 г."
HEADER = ["№", "Фамилия", "Имя", "Отчество", "E-mail", "Специальность", "СНИЛС", "Время присутствия, мин"]
PEOPLE = [
    ("Иванов", "Иван", "Иванович", "Терапия"), ("Петрова", "Анна", "Сергеевна", "Кардиология"),
    ("Сидоров", "Пётр", "Ильич", "Кардиология"), ("Кузнецова", "Мария", "Олеговна", "Неврология"),
    ("Смирнов", "Алексей", "Петрович", "Терапия"), ("Попова", "Елена", "Викторовна", "Педиатрия"),
    ("Васильев", "Дмитрий", "Андреевич", "Хирургия"), ("Соколова", "Ольга", "Игоревна", "Кардиология"),
    ("Михайлов", "Сергей", "Николаевич", "Терапия"), ("Новикова", "Татьяна", "Павловна", "Эндокринология"),
    ("Фёдоров", "Андрей", "Юрьевич", "Кардиология"), ("Морозова", "Наталья", "Ивановна", "Терапия"),
    ("Волков", "Игорь", "Степанович", "Неврология"), ("Алексеева", "Юлия", "Романовна", "Кардиология"),
    ("Лебедев", "Роман", "Олегович", "Анестезиология"),
]
EMAILS = ["ivanov", "petrova", "sidorov", "kuznetsova", "smirnov", "popova", "vasiliev", "sokolova",
          "mikhailov", "novikova", "fedorov", "morozova", "volkov", "alekseeva", "lebedev"]


def snils(n):
    """An 11-digit СНИЛС with a valid control number, from a 9-digit body."""
    body = f"{n:09d}"
    s = sum(int(d) * (9 - i) for i, d in enumerate(body))
    c = s if s < 100 else 0 if s in (100, 101) else s % 101
    return body + f"{0 if c == 100 else c:02d}"


def cell(value, kind="string", style=None, link=None):
    attrs = f' table:style-name="{style}"' if style else ""
    if kind == "float":
        return f'<table:table-cell office:value-type="float" office:value="{value}"{attrs}><text:p>{value}</text:p></table:table-cell>'
    if kind == "time":
        return f'<table:table-cell office:value-type="time" office:time-value="{value}"{attrs}/>'
    text = escape(value)
    if link:
        text = f'<text:a xlink:type="simple" xlink:href="{escape(link)}">{text}</text:a>'
    return f'<table:table-cell office:value-type="string"{attrs}><text:p>{text}</text:p></table:table-cell>'


def row(cells):
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


def attendees(links=False):
    rows = []
    for i, ((last, first, middle, specialty), mail) in enumerate(zip(PEOPLE, EMAILS), start=1):
        address = f"{mail}@clinic.example"
        if links:
            # Half show the address, half a name: either way the hyperlink holds the address.
            shown = address if i % 2 else f"{last} {first[0]}."
            email = cell(shown, link=f"mailto:{address}")
        else:
            email = cell(address)
        # СНИЛС typed as a number; the first starts with 0, which only its number format (11 digits) shows. Minutes as numbers,
        # the third as a duration 1:30 (a time cell).
        minutes = cell("PT01H30M00S", "time", "ce1") if i == 3 else cell(str(60 + i * 5), "float")
        rows.append(row([cell(str(i), "float"), cell(last), cell(first), cell(middle), email, cell(specialty),
                         cell(str(int(snils(100000000 + 1000000 * i + 123 if i > 1 else 12345678))), "float", "ce2" if i == 1 else None), minutes]))
    return rows


def table(name, rows):
    return f'<table:table table:name="{escape(name)}">' + "".join(rows) + "</table:table>"


def titled_sheet(links=False):
    title = ('<table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="8">'
             f"<text:p>{escape(TITLE)}</text:p></table:table-cell>"
             '<table:covered-table-cell table:number-columns-repeated="7"/></table:table-row>')
    empty = '<table:table-row><table:table-cell table:number-columns-repeated="8"/></table:table-row>'
    return [title, empty, row([cell(h) for h in HEADER])] + attendees(links)


def document(tables):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2"
 office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:time-style style:name="N1" number:truncate-on-overflow="false"><number:hours/><number:text>:</number:text><number:minutes number:style="long"/></number:time-style>
 <style:style style:name="ce1" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N1"/>
 <number:number-style style:name="N2"><number:number number:decimal-places="0" number:min-integer-digits="11"/></number:number-style>
 <style:style style:name="ce2" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2"/>
</office:automatic-styles>
<office:body><office:spreadsheet>{"".join(tables)}</office:spreadsheet></office:body></office:document>
"""


def convert(fods, target, filter_name, out_name):
    with tempfile.TemporaryDirectory() as tmp:
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        subprocess.run(["soffice", profile, "--headless", "--convert-to", f"{target}:{filter_name}", "--outdir", tmp, fods],
                       check=True, stdout=subprocess.DEVNULL)
        produced = os.path.join(tmp, os.path.splitext(os.path.basename(fods))[0] + "." + target)
        shutil.move(produced, os.path.join(HERE, out_name))


def main():
    with tempfile.TemporaryDirectory() as src:
        def write(name, tables):
            path = os.path.join(src, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(document(tables))
            return path

        single = write("titled.fods", [table("Участники", titled_sheet())])
        # CSV as Calc writes it: ';' (59), '"' (34), then the character set: 34 = Windows-1251, 76 = UTF-8.
        convert(single, "csv", "Text - txt - csv (StarCalc):59,34,34,1", "titled-1251.csv")
        convert(single, "csv", "Text - txt - csv (StarCalc):59,34,76,1", "titled-utf8.csv")

        book = write("titled-book.fods", [
            table("Инструкция", [row([cell("Заполните лист «Участники». Адреса — как в личном кабинете.")])]),
            table("Участники", titled_sheet()),
            table("Пустой", []),
        ])
        convert(book, "xlsx", "Calc Office Open XML", "titled.xlsx")
        convert(book, "xls", "MS Excel 97", "titled.xls")

        links = write("hyperlinks.fods", [table("Участники", titled_sheet(links=True))])
        convert(links, "xlsx", "Calc Office Open XML", "hyperlinks.xlsx")
        convert(links, "xls", "MS Excel 97", "hyperlinks.xls")


if __name__ == "__main__":
    main()
