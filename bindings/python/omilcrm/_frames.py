"""Tables into pandas, pyarrow and polars. None of them is a requirement of the package: each is
imported only when its conversion is called, and a missing one raises an ImportError that names
the extra to install (`pip install "omilcrm[pandas]"`, `[arrow]`, `[polars]` or `[all]`).

pyarrow and polars read a Table through Arrow's PyCapsule interface (`Table.__arrow_c_stream__`):
the numbers and text stay in the Table's own memory. pandas goes through pyarrow when it is
installed, and through numpy arrays built column by column when it is not.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from ._core import Table

_EXTRAS = {"pandas": "pandas", "pyarrow": "arrow", "polars": "polars"}


def _require(module: str, method: str) -> ModuleType:
    """The module, or an ImportError saying which extra brings it."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        extra = _EXTRAS[module]
        raise ImportError(
            f"Table.{method}() needs {module}, which is not installed: "
            f'pip install "omilcrm[{extra}]" (or "omilcrm[all]" for pandas, pyarrow and polars)'
        ) from e


def _optional(module: str) -> ModuleType | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def to_arrow(table: Table) -> pa.Table:
    """A pyarrow.Table of the same columns, sharing the Table's numbers and text.

    int64, float64, large_string, bool, date32, timestamp[us, tz=UTC]; the Table's metadata is
    the schema's metadata.
    """
    pa = _require("pyarrow", "to_arrow")
    return pa.RecordBatchReader.from_stream(table).read_all()


def to_polars(table: Table) -> pl.DataFrame:
    """A polars DataFrame of the same columns, read through Arrow's C stream (no pyarrow)."""
    pl = _require("polars", "to_polars")
    return pl.DataFrame(table)


def to_pandas(table: Table) -> pd.DataFrame:
    """A DataFrame with one column per table column.

    Integers with gaps become pandas' nullable Int64 (booleans with gaps: boolean), dates
    datetime64[s], timestamps UTC datetime64[us]; text is pandas' default string type (str in
    pandas 3, object before), a null cell missing (NaN or None), never ''. The Table's metadata
    is DataFrame.attrs. Through Arrow when pyarrow is installed, through numpy otherwise.
    """
    pd = _require("pandas", "to_pandas")
    pa = _optional("pyarrow")
    frame = _arrow_frame(table, pd, pa) if pa is not None else _numpy_frame(table, pd)
    frame.attrs.update(table.metadata)
    return frame


def _arrow_frame(table: Table, pd: Any, pa: Any) -> pd.DataFrame:
    """pyarrow's to_pandas, with the dtypes of the numpy path: a column of ints or booleans with
    nulls becomes Int64 or boolean (pyarrow would make them float64 and object), dates
    datetime64[s]."""
    data = pa.RecordBatchReader.from_stream(table).read_all()
    nullable = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    special = [i for i, f in enumerate(data.schema) if f.type in nullable and data.column(i).null_count > 0]
    plain = data.drop_columns([data.column_names[i] for i in special]) if special else data
    frame = plain.to_pandas(date_as_object=False, split_blocks=True)
    for f in plain.schema:
        if pa.types.is_date(f.type):
            frame[f.name] = frame[f.name].astype("datetime64[s]")
    for i in special:
        col = data.column(i)
        frame.insert(i, data.column_names[i], col.to_pandas(types_mapper=nullable.get))
    return frame


def _numpy_frame(table: Table, pd: Any) -> pd.DataFrame:
    """Without pyarrow: numpy arrays column by column (text as one Python string per distinct
    value, None for a null)."""
    import numpy as np

    data = {}
    for name, kind, values, mask in table._arrays():
        if kind == "int":
            col = pd.array(values, dtype="Int64") if mask is not None else values
            if mask is not None:
                col[mask] = pd.NA
        elif kind == "bool":
            col = values.astype(bool)
            if mask is not None:
                col = pd.array(col, dtype="boolean")
                col[mask] = pd.NA
        elif kind == "date":
            col = values.astype("datetime64[D]").astype("datetime64[s]")
            if mask is not None:
                col[mask] = np.datetime64("NaT")
        elif kind == "timestamp":
            col = pd.to_datetime(values.astype("datetime64[us]"), utc=True)
            if mask is not None:
                col = col.where(~mask)
        elif kind == "real":
            col = values
            if mask is not None:
                col = values.copy()
                col[mask] = np.nan
        else:  # text: None where null
            col = values
        data[name] = col
    return pd.DataFrame(data, copy=False)
