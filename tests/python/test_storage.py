import datetime as dt
import sqlite3

import omilcrm
import pytest


def test_file_round_trip_and_pathlib(
    tmp_path,
):
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(path, today=dt.date(2026, 11, 23))
    office = db.offices.add(name="OMIL Concón", commune="05103")
    del db
    again = omilcrm.open(str(path))
    assert again.offices.get(office.id).name == "OMIL Concón"
    assert again.schema_version == omilcrm.Database.latest_schema_version
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "STRICT" in con.execute("SELECT sql FROM sqlite_schema WHERE name='employer'").fetchone()[0]


def test_newer_file_is_refused_untouched(tmp_path):
    path = tmp_path / "future.omilcrm"
    omilcrm.open(path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = DELETE")
    con.execute("PRAGMA user_version = 999")
    con.close()
    before = path.read_bytes()
    with pytest.raises(omilcrm.StorageError, match="newer"):
        omilcrm.open(path)
    assert path.read_bytes() == before


def test_foreign_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(omilcrm.StorageError, match="not an omilcrm database"):
        omilcrm.open(path)


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(omilcrm.StorageError, match="does not exist"):
        omilcrm.open(tmp_path / "nope" / "x.omilcrm")


def test_transaction_rolls_back_on_error(db, office, gestora):
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.employers.add(office=office, rut="76.086.428-5", name="A")
            db.employers.add(office=office, rut="96.512.340-7", name="B")
            raise RuntimeError("something went wrong")
    assert db.employers.count(office) == 0
    with db.transaction():
        db.employers.add(office=office, rut="76.086.428-5", name="A")
        with db.transaction():
            db.employers.add(office=office, rut="96.512.340-7", name="B")
    assert db.employers.count(office) == 2


def test_failed_validation_inside_transaction_rolls_back_everything(db, office, gestora):
    with pytest.raises(omilcrm.ValidationError):
        with db.transaction():
            db.employers.add(office=office, rut="76.086.428-5", name="A")
            db.employers.add(office=office, rut="bad", name="B")
    assert db.employers.count(office) == 0


def test_records_keep_the_database_alive():
    employers = omilcrm.open(":memory:").employers
    with pytest.raises(omilcrm.NotFound):
        employers.get(1)


def test_close_and_context_manager(tmp_path):
    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
    assert not db.is_open
    with pytest.raises(omilcrm.StorageError, match="closed"):
        db.offices.list()
    for listing in (db.interactions.table, db.cadence.due_table, db.requests.table):
        with pytest.raises(omilcrm.StorageError, match="closed"):
            listing(office=office)
    assert omilcrm.open(path).offices.get(office).name == "OMIL Concón"


def test_validation_error_carries_field_value_and_reason():
    with pytest.raises(omilcrm.ValidationError) as info:
        omilcrm.Rut("76.086.428-4")
    assert (info.value.field, info.value.value, info.value.reason) == ("rut", "76.086.428-4", "check digit should be 5")


def test_fortnightly_rhythm_needs_an_anchor():
    with pytest.raises(omilcrm.ValidationError) as info:
        omilcrm.Recurrence.weekly("tue", interval=2)
    assert info.value.field == "anchor"
    r = omilcrm.Recurrence.weekly("tue", interval=2, anchor=dt.date(2026, 1, 5))
    assert r.anchor == dt.date(2026, 1, 6)
    assert r.occurrences(dt.date(2026, 1, 1), dt.date(2026, 2, 1)) == [dt.date(2026, 1, 6), dt.date(2026, 1, 20)]
