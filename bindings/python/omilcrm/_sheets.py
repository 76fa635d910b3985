"""Excel workbooks (.xlsx) in and out, through openpyxl (pip install "omilcrm[xlsx]").

A workbook is read into the same CsvDocument a CSV file gives, so every import accepts it; its
row numbers are the sheet's, so problems point at the row Excel shows.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._core import CsvDocument, Table


def _openpyxl():
    try:
        import openpyxl
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError('.xlsx files need openpyxl: pip install "omilcrm[xlsx]"') from e
    return openpyxl


def _cell_text(value: object) -> str:
    """A cell as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "sí" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_bytes(path: str | os.PathLike[str], sheet: int | str = 0) -> bytes:
    """The sheet as UTF-8 CSV bytes, one line per sheet row (cell line breaks become spaces)."""
    openpyxl = _openpyxl()
    book = openpyxl.load_workbook(os.fspath(path), read_only=True, data_only=True)
    try:
        ws = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
        out = io.StringIO()
        w = csv.writer(out, lineterminator="\n")
        for row in ws.iter_rows(values_only=True):
            w.writerow([_cell_text(v).replace("\r\n", " ").replace("\n", " ") for v in row])
        return out.getvalue().encode("utf-8")
    finally:
        book.close()


def read_xlsx(path: str | os.PathLike[str], sheet: int | str = 0) -> CsvDocument:
    """Reads a sheet of an Excel workbook (the first by default) for an import."""
    from ._core import read_csv

    return read_csv(xlsx_bytes(path, sheet), delimiter=",", encoding="utf-8")


def write_xlsx(table: Table | pd.DataFrame, path: str | os.PathLike[str], sheet: str = "omilcrm") -> None:
    """Writes a Table (or DataFrame) to an .xlsx file, one sheet, header in the first row.

    Text stays text (a RUT or a code is never turned into a number), so an export in an
    import's columns reads back the same.
    """
    openpyxl = _openpyxl()
    frame = table if not hasattr(table, "to_pandas") else table.to_pandas()  # type: ignore[union-attr]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([None if _missing(v) else _excel_value(v) for v in row])
    book.save(os.fspath(path))


def _missing(v: object) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(v))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _excel_value(v: object) -> object:
    if hasattr(v, "to_pydatetime"):
        return v.to_pydatetime()  # type: ignore[union-attr]
    if hasattr(v, "item"):
        return v.item()  # numpy scalars
    return v
