"""Tables as an analyst meets them: Arrow (pyarrow, polars, DuckDB) through the PyCapsule
interface, pandas with or without pyarrow, rows as dicts, and the previews Jupyter shows."""

import datetime as dt
import gc
import json
import pathlib
import subprocess
import sys
import textwrap

import omilcrm
import pandas as pd
import pytest

D = dt.date
UTC = dt.UTC


@pytest.fixture
def listing(db, office, gestora, park):
    """The interactions listing of Concón: a visit at 15:00 to Delta, a cluster meeting of the
    park (Alfa and Gamma attended, Beta did not), a call without a time whose summary is HTML."""
    a = db.employers.add(rut="76.086.428-5", name="Alfa", cluster=park, joined=D(2024, 1, 1))
    b = db.employers.add(rut="96.512.340-7", name="Beta", cluster=park, joined=D(2024, 1, 1))
    c = db.employers.add(rut="96.511.460-2", name="Gamma", cluster=park, joined=D(2024, 1, 1))
    solo = db.employers.add(office=office, rut="77.123.456-9", name="Delta <b>SpA</b>")
    db.interactions.log(employer=solo, kind="visit", by=gestora, on=D(2026, 11, 2), at="15:00", summary="Visita")
    db.interactions.log_cluster_meeting(cluster=park, by=gestora, on=D(2026, 11, 5), attended=[a, c])
    db.interactions.log(
        employer=solo, kind="phone_call", by=gestora, on=D(2026, 11, 6), summary="<script>alert('x')</script> & más"
    )
    assert b.id
    return db.interactions.table(office)


# ---- Arrow -----------------------------------------------------------------------------------


def test_pyarrow_reads_a_table_with_its_types_and_nulls(db, office, listing):
    pa = pytest.importorskip("pyarrow")
    t = pa.table(listing)
    assert t.num_rows == len(listing) == 5
    types = dict(zip(t.column_names, t.schema.types, strict=True))
    assert types["id"] == pa.int64()
    assert types["uuid"] == pa.large_string()
    assert types["date"] == pa.date32()
    assert types["attended"] == pa.bool_()
    assert types["cluster_id"] == pa.int64()
    assert t.column_names == listing.columns
    rows = t.to_pylist()
    assert [r["date"] for r in rows] == [D(2026, 11, 2)] + [D(2026, 11, 5)] * 3 + [D(2026, 11, 6)]
    assert rows[0]["time"] == "15:00" and rows[4]["time"] is None
    assert [r["attended"] for r in rows[1:4]] == [True, False, True]
    assert [r["cluster"] for r in rows] == [None] + ["Parque Industrial Gulmué"] * 3 + [None]
    assert t.column("cluster").null_count == 2
    assert t.column("time").null_count == 4
    assert t.column("employer").null_count == 0
    assert rows[4]["summary"] == "<script>alert('x')</script> & más"

    employers = pa.table(db.employers.table(office))
    types = dict(zip(employers.column_names, employers.schema.types, strict=True))
    assert types["created_at"] == pa.timestamp("us", tz="UTC")
    assert types["latitude"] == pa.float64()
    assert employers.column("latitude").null_count == 4
    assert employers.column("created_at")[0].as_py().tzinfo is not None


def test_the_table_metadata_travels_as_the_schema_metadata(db, office, gestora):
    pa = pytest.importorskip("pyarrow")
    report = db.data_rights.report(office, D(2026, 10, 1), D(2026, 11, 23))
    assert report.metadata == {"from": "2026-10-01", "to": "2026-11-23"}
    schema = pa.table(report).schema
    assert {k.decode(): v.decode() for k, v in schema.metadata.items()} == report.metadata
    assert report.to_pandas().attrs == report.metadata


def test_the_arrow_data_outlives_the_table_and_capsules_release_what_nobody_read(listing):
    pa = pytest.importorskip("pyarrow")
    first = listing[0]
    t = pa.table(listing)
    del listing
    gc.collect()
    assert t.slice(0, 1).to_pylist()[0]["uuid"] == first["uuid"]  # the shared buffers are alive

    # Capsules made and dropped unread release their structs (ASan checks the C++ side).
    table = pa.table(t)
    assert table.num_rows == 5


def test_capsules_follow_the_pycapsule_interface(listing):
    pa = pytest.importorskip("pyarrow")
    stream = listing.__arrow_c_stream__()
    assert type(stream).__name__ == "PyCapsule"
    assert "arrow_array_stream" in repr(stream)
    assert "arrow_schema" in repr(listing.__arrow_c_schema__())
    del stream  # never read: its destructor releases the stream
    schema = pa.schema(listing)  # via __arrow_c_schema__
    assert schema.names == listing.columns
    # No __arrow_c_array__: a Table is a table, not an array (polars.from_arrow would make an
    # array into a Series of structs).
    assert not hasattr(listing, "__arrow_c_array__")

    # A consumer may ask for utf8 instead of large_utf8; the rest stays as it is.
    wanted = pa.schema([(f.name, pa.string() if f.type == pa.large_string() else f.type) for f in schema])
    reader = pa.RecordBatchReader._import_from_c_capsule(listing.__arrow_c_stream__(wanted.__arrow_c_schema__()))
    got = reader.read_all()
    assert got.schema.field("summary").type == pa.string()
    assert got.column("summary").to_pylist() == pa.table(listing).column("summary").to_pylist()
    assert pa.table(listing, schema=wanted).schema == wanted


def test_polars_reads_a_table_with_its_types_and_nulls(listing):
    pl = pytest.importorskip("polars")
    # polars.from_arrow makes any Arrow object but pyarrow's own into a Series (of structs, here,
    # as for a nanoarrow stream); unnest gives the frame.
    series = pl.from_arrow(listing)
    assert isinstance(series, pl.Series) and series.dtype == pl.Struct
    for df in (pl.DataFrame(listing), series.struct.unnest(), listing.to_polars()):
        assert df.height == 5
        assert df.columns == listing.columns
        assert df.schema["id"] == pl.Int64
        assert df.schema["uuid"] == pl.String
        assert df.schema["date"] == pl.Date
        assert df.schema["attended"] == pl.Boolean
        assert df["cluster"].null_count() == 2
        assert df["time"].to_list() == ["15:00", None, None, None, None]
        assert df["date"].to_list()[0] == D(2026, 11, 2)
        assert df["cluster_id"].null_count() == 2


def test_polars_reads_timestamps_with_their_zone(db, office, gestora):
    pl = pytest.importorskip("polars")
    db.employers.add(office=office, rut="76.086.428-5", name="Acme")
    df = db.employers.table(office).to_polars()
    assert df.schema["created_at"] == pl.Datetime("us", "UTC")
    assert df.schema["latitude"] == pl.Float64
    assert df["latitude"].to_list() == [None]


def test_duckdb_queries_a_table_held_in_a_local_variable(listing):
    duckdb = pytest.importorskip("duckdb")
    t = listing  # noqa: F841 - DuckDB finds the variable by its name
    assert duckdb.sql("SELECT count(*), count(cluster), count(time) FROM t").fetchall() == [(5, 3, 1)]
    kinds = duckdb.sql("SELECT kind, count(*) AS n FROM t GROUP BY kind ORDER BY kind").fetchall()
    assert kinds == [("cluster_meeting", 3), ("phone_call", 1), ("visit", 1)]
    rel = duckdb.sql("SELECT id, date, attended, summary FROM t ORDER BY date, employer_id")
    assert [str(x) for x in rel.types] == ["BIGINT", "DATE", "BOOLEAN", "VARCHAR"]
    assert rel.fetchall()[-1][1:] == (D(2026, 11, 6), True, "<script>alert('x')</script> & más")


# ---- pandas ----------------------------------------------------------------------------------


def test_null_text_becomes_missing_in_pandas_not_an_empty_string(listing):
    """A regression test: to_pandas used to give '' for a null text cell."""
    df = listing.to_pandas()
    assert df["cluster"].isna().tolist() == [True, False, False, False, True]
    assert df["time"].isna().tolist() == [False, True, True, True, True]
    assert df.loc[0, "time"] == "15:00"
    assert df["summary"].isna().sum() == 0  # an empty summary (the meeting's) stays ''
    assert df.loc[1, "summary"] == ""


def test_to_pandas_without_pyarrow_gives_the_same_frame(listing):
    pytest.importorskip("pyarrow")
    from omilcrm import _frames

    through_arrow = listing.to_pandas()
    through_numpy = _frames._numpy_frame(listing, pd)
    through_numpy.attrs.update(listing.metadata)
    pd.testing.assert_frame_equal(through_arrow, through_numpy)
    assert through_numpy["cluster"].isna().sum() == 2
    dtypes = {k: str(v) for k, v in through_arrow.dtypes.items()}
    assert dtypes["id"] == "int64"
    assert dtypes["cluster_id"] == "Int64"  # nullable integers stay integers
    assert dtypes["attended"] == "bool"
    assert dtypes["date"] == "datetime64[s]"


def test_to_pandas_keeps_every_type(db, office, gestora):
    db.employers.add(office=office, rut="76.086.428-5", name="Acme", latitude=-32.9, longitude=-71.5)
    db.employers.add(office=office, rut="96.512.340-7", name="Beta")
    df = db.employers.table(office).to_pandas()
    assert str(df["created_at"].dtype) == "datetime64[us, UTC]"
    assert df["latitude"].isna().tolist() == [False, True]
    assert df["latitude"].dtype == "float64"
    staff = db.staff.table(office).to_pandas()
    assert staff.loc[0, "started"] == pd.Timestamp("2022-04-01")
    assert pd.isna(staff.loc[0, "left"])
    assert str(staff["left"].dtype) == "datetime64[s]"


def test_to_arrow_shares_the_columns(listing):
    pa = pytest.importorskip("pyarrow")
    t = listing.to_arrow()
    assert isinstance(t, pa.Table)
    assert t.equals(pa.table(listing))


# ---- Rows ------------------------------------------------------------------------------------


def test_a_table_is_a_read_only_sequence_of_rows(listing):
    assert len(listing) == 5
    first, last = listing[0], listing[-1]
    assert first["kind"] == "visit" and first["time"] == "15:00" and first["cluster"] is None
    assert first["date"] == D(2026, 11, 2) and first["attended"] is True
    assert last == listing[4] and last["kind"] == "phone_call"
    assert listing[1:3] == [listing[1], listing[2]]
    assert listing[::-2] == [listing[4], listing[2], listing[0]]
    assert listing[10:] == []
    for bad in (5, -6):
        with pytest.raises(IndexError, match="out of range"):
            listing[bad]
    with pytest.raises(TypeError, match="row numbers or slices"):
        listing["kind"]
    numpy = pytest.importorskip("numpy")
    assert listing[numpy.int64(1)] == listing[1]

    rows = list(listing)
    assert rows == listing.to_dicts() == listing[:]
    assert [r["employer"] for r in rows] == ["Delta <b>SpA</b>", "Alfa", "Beta", "Gamma", "Delta <b>SpA</b>"]
    assert list(rows[0]) == listing.columns
    assert json.loads(json.dumps(rows, default=str))[0]["date"] == "2026-11-02"
    assert list(listing.types.items())[:3] == [("id", "int"), ("uuid", "text"), ("date", "date")]


def test_rows_hold_python_values(db, office, gestora):
    db.employers.add(office=office, rut="76.086.428-5", name="Acme", latitude=-32.9, longitude=-71.5)
    row = db.employers.table(office)[0]
    assert isinstance(row["id"], int)
    assert row["latitude"] == -32.9
    assert row["created_at"].utcoffset() == dt.timedelta(0)
    assert row["created_at"].tzinfo == UTC
    assert row["commune"] == "Concón" and row["trade_name"] == ""


# ---- Previews --------------------------------------------------------------------------------


def test_the_html_preview_escapes_cells_and_shows_the_shape_and_types(listing):
    html = listing._repr_html_()
    assert "<script" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; más" in html
    assert "Delta &lt;b&gt;SpA&lt;/b&gt;" in html
    assert "5 rows x 17 columns" in html
    assert "<th>date<br><small" in html and ">date</small>" in html and ">bool</small>" in html
    assert html.count("<tr>") == 1 + 5  # the header and every row


def test_the_previews_of_a_long_table_are_capped(db, office, gestora):
    rows = [{"office": office, "rut": str(omilcrm.Rut.from_body(70000000 + i)), "name": "x" * 200} for i in range(40)]
    db.employers.add_many(rows)
    t = db.employers.table(office)
    html = t._repr_html_()
    assert "40 rows x" in html
    assert html.count("<tr>") == 1 + 5 + 1 + 5  # head, the elided rows, tail
    assert "x" * 80 + "…" in html and "x" * 81 not in html
    text = repr(t)
    assert text.splitlines()[0] == f"<Table 40 rows x {len(t.columns)} columns>"
    lines = text.splitlines()
    assert len(lines) == 1 + 2 + 3 + 1 + 2  # header, names and types, head, elision, tail
    assert all(len(line) <= 130 for line in lines)
    assert "more" in lines[1]


def test_repr_of_an_empty_table(db, office):
    t = db.employers.table(office)
    assert repr(t).splitlines()[0] == f"<Table 0 rows x {len(t.columns)} columns>"
    assert "0 rows" in t._repr_html_()
    assert list(t) == [] and t.to_dicts() == []


# ---- Optional dependencies -------------------------------------------------------------------

WITHOUT_PANDAS = """
import importlib.util
import sys

assert importlib.util.find_spec("pandas") is None, "pandas is importable"

import datetime as dt
import omilcrm

db = omilcrm.open(":memory:", today=dt.date(2026, 11, 23))
office = db.offices.add(name="OMIL Concón", commune="concon")
by = db.staff.add(office=office, name="Ana", role="territorial_manager", started=dt.date(2022, 4, 1))
e = db.employers.add(office=office, rut="76.086.428-5", name="Acme")
db.interactions.log(employer=e, kind="visit", by=by, on=dt.date(2026, 11, 2), at="15:00")
db.interactions.log(employer=e, kind="phone_call", by=by, on=dt.date(2026, 11, 3))
t = db.interactions.table(office)

import pyarrow, polars, duckdb
assert pyarrow.table(t).column("time").to_pylist() == ["15:00", None]
assert polars.from_arrow(t).struct.unnest()["time"].to_list() == ["15:00", None]
assert polars.DataFrame(t).height == 2 and t.to_polars().height == 2
assert duckdb.sql("SELECT count(time) FROM t").fetchall() == [(1,)]
assert t.to_arrow().num_rows == 2
try:
    t.to_pandas()
except ImportError as err:
    print("ImportError:", err)
else:
    raise SystemExit("to_pandas() worked without pandas")
"""


def _site_without_pandas(where: pathlib.Path) -> pathlib.Path:
    """A site directory holding only the omilcrm package and pyarrow, polars and duckdb with
    what they require (links into this environment): an interpreter started with -S and it on
    PYTHONPATH has no pandas at all, as an analyst's environment without the extra."""
    import importlib.metadata as md
    import re

    site = where / "site"
    site.mkdir()
    seen: set[str] = set()
    todo = ["pyarrow", "polars", "duckdb"]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen or key == "pandas":
            continue
        seen.add(key)
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        for top in {str(f).split("/")[0] for f in dist.files or [] if not str(f).startswith("..")}:
            if not (site / top).exists():
                (site / top).symlink_to(pathlib.Path(str(dist.locate_file(top))))
        for req in dist.requires or []:
            if "extra ==" not in req:
                todo.append(re.match(r"[A-Za-z0-9_.-]+", req).group(0))
    (site / "omilcrm").symlink_to(pathlib.Path(omilcrm.__file__).parent)
    return site


def test_pyarrow_polars_and_duckdb_read_a_table_without_pandas(tmp_path):
    for name in ("pyarrow", "polars", "duckdb"):
        pytest.importorskip(name)
    script = tmp_path / "no_pandas.py"
    script.write_text(textwrap.dedent(WITHOUT_PANDAS))
    env = {"PYTHONPATH": str(_site_without_pandas(tmp_path)), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-S", str(script)], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "ImportError: Table.to_pandas() needs pandas" in out.stdout
    assert 'pip install "omilcrm[pandas]"' in out.stdout


def test_importing_the_package_imports_no_dataframe_library():
    code = "import sys, omilcrm; print(sorted(m for m in ('pandas', 'pyarrow', 'polars', 'numpy') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_mypy_strict_sees_what_the_conversions_return(tmp_path):
    pytest.importorskip("mypy")
    script = tmp_path / "analysis.py"
    script.write_text(
        textwrap.dedent(
            """
            import datetime
            from typing import Any

            import omilcrm
            import pandas as pd

            db = omilcrm.open(":memory:", today=datetime.date(2026, 11, 23))
            office = db.offices.add(name="OMIL Concón", commune="concon")
            t: omilcrm.Table = db.employers.table(office)
            df: pd.DataFrame = t.to_pandas()
            rows: list[dict[str, Any]] = t.to_dicts()
            first: dict[str, Any] = t[0]
            some: list[dict[str, Any]] = t[1:3]
            n: int = len(t)
            capsule = t.__arrow_c_stream__()
            html: str = t._repr_html_()
            arrow = t.to_arrow()
            frame = t.to_polars()
            """
        )
    )
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_the_extras_are_declared():
    text = (pathlib.Path(__file__).resolve().parents[2] / "pyproject.toml").read_text()
    assert "dependencies = []" in text
    for extra in ("pandas = [", "arrow = [", "polars = [", "all = ["):
        assert extra in text
