"""The published-shape 3x1 project list the importer tests write: INVENTED rows (clubs such as
"CLUB FICTICIO A", made-up amounts) under real place names, each with the outcome it must have."""
from __future__ import annotations

import csv
import io
from pathlib import Path

HEADER = ["EJERCICIO", "ENTIDAD", "CLAVE MUNICIPIO", "MUNICIPIO", "LOCALIDAD", "NOMBRE DEL PROYECTO",
          "TIPO DE PROYECTO", "APORTACION FEDERAL", "APORTACION ESTATAL", "APORTACION MUNICIPAL",
          "APORTACION DE LOS MIGRANTES", "CLUB DE MIGRANTES", "ESTADO EUA", "BENEFICIARIOS"]
_M = ["1", "1", "1", "1"]  # filler amounts for rows that are rejected before their money matters
# (row, expected): a 5-digit key for loaded rows, or a text the reject reason must contain
ROWS: list[tuple[list[str], str]] = [
    (["2015", "ZACATECAS", "32020", "JEREZ", "CABECERA MUNICIPAL", "PAVIMENTACION DE CALLE", "INFRAESTRUCTURA SOCIAL",
      "250,000.00", "125,000.00", "375,000.00", "250,000.00", "CLUB FICTICIO A", "CA", "1,200"], "32020"),
    (["2014", "JALISCO", "14091", "TEOCALTICHE", "", "CONSTRUCCION DE RED DE AGUA POTABLE", "", "$ 400,000.00",
      "$ 400,000.00", "$ 400,000.00", "$ 400,000.00", "CLUB FICTICIO B", "ILLINOIS", "850"], "14091"),
    (["2012", "GUANAJUATO", "11044", "VILLAGRÁN", "COLONIA 18 DE MARZO", "PAVIMENTACION\nDE CALLE MORELOS", "",
      "1,000,000.00", "770,000.00", "790,000.00", "520,000.00", "CLUB FICTICIO C", "TX", ""], "11044"),
    (["2010", "MICHOACÁN", "", "STA. ANA MAYA", "", "BECAS 3X1", "BECAS", "50,000", "25,000", "25,000", "50,000",
      "", "", ""], "16078"),
    (["2009", "AGUASCALIENTES", "1003", "CALVILLO", "", "CONSTRUCCION DE AULA", "", "100,000", "100,000",
      "100,000", "100,000", "", "", ""], "01003"),
    (["2011", "NUEVO LEON", "", "GRAL. ZUAZUA", "", "REHABILITACION DE PLAZA", "", "150000", "150000", "150000",
      "150000", "", "", ""], "19025"),
    (["2008", "NUEVO LEON", "", "DR. ARROYO", "", "PROYECTO PRODUCTIVO FAMILIAR", "", "125,000", "", "",
      "125,000", "", "", ""], "19014"),
    (["2017", "ZACATECAS", "", "NOCHISTLÁN DE MEJÍA", "", "ELECTRIFICACION", "", "300,000", "150,000", "N/D",
      "300,000", "", "", ""], "32034"),
    (["2014", "JALISCO", "14091", "TEOCALTICHE", "", "CONSTRUCCION DE RED DE AGUA POTABLE", "", "$ 400,000.00",
      "$ 400,000.00", "$ 400,000.00", "$ 400,000.00", "CLUB FICTICIO B", "ILLINOIS", "850"], "duplicate of line"),
    (["2015", "JALISCO", "", "JALOSTOTITLAN", "", "CANCHA", "", "-50,000.00", "50,000", "50,000", "50,000",
      "", "", ""], "negative amount"),
    (["2021", "ZACATECAS", "", "JEREZ", "", "X", "", *_M, "", "", ""], "year 2021 outside"),
    (["1999", "ZACATECAS", "", "PINOS", "", "X", "", *_M, "", "", ""], "year 1999 outside"),
    (["2015", "ZACATECAS", "", "VILLA INVENTADA DEL NORTE", "", "X", "", *_M, "", "", ""], "unknown municipality"),
    (["2015", "ZACATECAS", "32020", "PINOS", "", "X", "", *_M, "", "", ""], "conflict"),
    (["2016", "GUANAJUATO", "", "STA. CRUZ DE JUVENTINO ROSAS", "", "CONSTRUCCION DE DRENAJE", "", "80,000",
      "80,000", "80,000", "80,000", "", "", ""], "11035"),
    (["2013", "ZACATECAS", "", "GRAL. FRANCISCO R. MURGUIA", "", "ALUMBRADO PUBLICO", "", "90,000", "90,000",
      "90,000", "90,000", "", "", ""], "32014"),
    (["2016", "JALISCO", "", "TEOCALTICHE", "", "X", "", "abc", "1", "1", "1", "", "", ""], "unparseable amount"),
    (["", "", "", "TOTAL", "", "", "", "5,000,000.00", "", "", "", "", "", ""], "summary row"),
    (["2015", "ZACATECAS", "23", "JUCHIPILA", "", "REHABILITACION DE CENTRO DE SALUD", "", "200,000", "200,000",
      "200,000", "200,000", "", "", ""], "32023"),
]


def physical_lines(rows: list[list[str]]) -> list[int]:
    """Physical line of each record when written after a one-line header (quoted newlines add lines)."""
    out, line = [], 2
    for row in rows:
        out.append(line)
        line += 1 + sum(cell.count("\n") for cell in row)
    return out


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "cp1252",
              delimiter: str = ",") -> Path:
    """Write a list as the program's spreadsheets export it (CRLF lines, cp1252 unless told)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def check_outcomes(result, rows_and_expected, lines: list[int]) -> None:
    """Every row is accounted for: loaded rows at their key, rejected rows with their reason."""
    projects, rejects = result.tables["projects"], result.rejects
    account = result.accounts[0]
    assert account.rows_read == len(rows_and_expected) == len(projects) + len(rejects)
    assert account.balanced
    loaded = dict(zip(projects["source_row"].astype(int), projects["cvegeo"]))
    reasons = dict(zip(rejects["source_row"].astype(int), rejects["reason"]))
    for (_, expected), line in zip(rows_and_expected, lines):
        if expected.isdigit():
            assert loaded.get(line) == expected, (line, reasons.get(line))
        else:
            assert expected in reasons.get(line, ""), (line, expected, reasons.get(line), loaded.get(line))
