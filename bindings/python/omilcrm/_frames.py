"""Columnar results to pandas, column by column (pandas is imported only when used)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ._core import Table


def to_pandas(table: Table) -> pd.DataFrame:
    """A DataFrame with one column per table column.

    Integers with gaps become pandas' nullable Int64, dates become datetime64 (day precision
    values), timestamps become UTC datetimes, text stays object (str).
    """
    import numpy as np
    import pandas as pd

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
        else:  # text
            col = values
        data[name] = col
    frame = pd.DataFrame(data, copy=False)
    frame.attrs.update(table.metadata)
    return frame
