import contextlib
import datetime as dt
import os
import sqlite3

import omilcrm
import pytest
from conftest import old_office_file

LATEST = omilcrm.Database.latest_schema_version
SIDECARS = ("-wal", "-shm", "-journal")


def test_file_round_trip_and_pathlib(tmp_path):
    path = tmp_path / "concon.omilcrm"
    db = omilcrm.open(path, create=True, today=dt.date(2026, 11, 23))
    office = db.offices.add(name="OMIL Concón", commune="05103")
    del db
    again = omilcrm.open(str(path))
    assert again.offices.get(office.id).name == "OMIL Concón"
    assert again.schema_version == omilcrm.Database.latest_schema_version
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert "STRICT" in con.execute("SELECT sql FROM sqlite_schema WHERE name='employer'").fetchone()[0]


def test_a_mistyped_name_is_refused_naming_it_and_nothing_is_created(tmp_path):
    typo = tmp_path / "conocn.omilcrm"
    with pytest.raises(omilcrm.StorageError) as info:
        omilcrm.open(typo)
    message = str(info.value)
    assert message == (
        f'no office database at "{typo}": no such file (pass create=True to create one, '
        f"or run `omilcrm init {typo} --office NAME --commune COMMUNE`)"
    )
    for flags in ({"read_only": True}, {"upgrade": True}):
        with pytest.raises(omilcrm.StorageError, match="no such file"):
            omilcrm.open(typo, **flags)
    with pytest.raises(omilcrm.StorageError, match="no such file"):
        omilcrm.upgrade(typo)
    assert list(tmp_path.iterdir()) == []
    # Asked for, it is made; then it opens without asking.
    omilcrm.open(typo, create=True).offices.add(name="OMIL Concón", commune="concon")
    assert [o.name for o in omilcrm.open(typo).offices.list()] == ["OMIL Concón"]
    assert omilcrm.open(":memory:").offices.list() == []  # always new, never asked


def test_an_empty_file_is_not_an_office_database_unless_create_is_asked(tmp_path):
    path = tmp_path / "empty.omilcrm"
    path.touch()
    with pytest.raises(omilcrm.StorageError, match="the file is empty"):
        omilcrm.open(path)
    assert path.read_bytes() == b""
    assert omilcrm.open(path, create=True).schema_version == LATEST


def test_contradictory_flags_are_refused(tmp_path):
    with pytest.raises(omilcrm.ValidationError) as info:
        omilcrm.open(tmp_path / "x.omilcrm", create=True, read_only=True)
    assert info.value.field == "read_only"
    with pytest.raises(omilcrm.ValidationError) as info:
        omilcrm.open(tmp_path / "x.omilcrm", upgrade=True, read_only=True)
    assert info.value.field == "upgrade"
    assert list(tmp_path.iterdir()) == []


def test_the_older_mode_argument_still_works_with_a_warning(tmp_path):
    path = tmp_path / "concon.omilcrm"
    with pytest.warns(DeprecationWarning, match="create=True"):
        omilcrm.open(path, mode="create").close()
    with pytest.warns(DeprecationWarning):
        assert omilcrm.open(path, mode="read_only").read_only
    with pytest.warns(DeprecationWarning), pytest.raises(omilcrm.StorageError, match="no such file"):
        omilcrm.open(tmp_path / "typo.omilcrm", mode="must_exist")
    with pytest.raises(omilcrm.ValidationError, match="mode"):
        omilcrm.open(path, mode="rw")


def _office(path):
    with omilcrm.open(path, create=True, today=dt.date(2026, 11, 23)) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        db.staff.add(office=office, name="Bruno Soto", role="territorial_manager")
        db.employers.add(office=office, rut="76.086.428-5", legal_name="Logística Gulmué SpA")
    return path


def test_read_only_leaves_a_rollback_journal_file_untouched_with_nothing_beside_it(tmp_path):
    path = _office(tmp_path / "concon.omilcrm")
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA journal_mode = DELETE")
    before, stat = path.read_bytes(), path.stat()
    with omilcrm.open(path, read_only=True) as ro:
        assert ro.read_only and "read_only=True" in repr(ro)
        assert ro.employers.table(office=1).num_rows == 1
        with pytest.raises(omilcrm.StorageReadOnly, match="read-only"):
            ro.employers.add(office=1, rut="96.512.340-7", legal_name="Otra")
        with pytest.raises(omilcrm.StorageReadOnly):
            ro.transaction()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["concon.omilcrm"]
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["concon.omilcrm"]


def test_read_only_never_writes_a_wal_file_and_sqlite_makes_its_index_beside_it(tmp_path):
    path = _office(tmp_path / "concon.omilcrm")
    assert path.read_bytes()[18:20] == b"\x02\x02"  # WAL, as every file the library writes
    assert not os.path.exists(f"{path}-wal")  # the last writer to close removed it
    before, stat = path.read_bytes(), path.stat()
    with omilcrm.open(path, read_only=True) as ro:
        assert ro.employers.count(1) == 1
        # SQLite reads a WAL file beside its writers through the shared-memory index (-shm) and
        # an empty log; it makes them when missing. The file itself is not written.
        assert os.path.exists(f"{path}-shm") and os.path.getsize(f"{path}-wal") == 0
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert os.path.getsize(f"{path}-wal") == 0
    with omilcrm.open(path) as writer:  # the next writer to close removes them
        writer.offices.add(name="OMIL Quintero", commune="quintero")
    assert not os.path.exists(f"{path}-wal") and not os.path.exists(f"{path}-shm")


def test_an_older_file_is_refused_naming_both_versions_and_how_to_upgrade(tmp_path):
    path = old_office_file(tmp_path / "concon.omilcrm", 11)
    before, stat = path.read_bytes(), path.stat()
    with pytest.raises(omilcrm.SchemaVersionError) as info:
        omilcrm.open(path)
    e = info.value
    assert isinstance(e, omilcrm.StorageError)
    assert (e.path, e.file_version, e.supported_version) == (str(path), 11, LATEST)
    assert str(e) == (
        f'"{path}" has schema version 11, older than the {LATEST} this omilcrm reads; '
        f'upgrade it with omilcrm.upgrade("{path}") (in a shell: omilcrm migrate {path}), which first writes '
        f"a backup, {path}.v11.bak; or open it with upgrade=True, which does the same"
    )
    with pytest.raises(omilcrm.SchemaVersionError, match="open read-only, so it cannot be upgraded here"):
        omilcrm.open(path, read_only=True)
    with pytest.raises(omilcrm.SchemaVersionError):
        omilcrm.open(path, create=True)  # create makes a missing file, it does not upgrade one
    assert path.read_bytes() == before  # not even switched to WAL
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in tmp_path.iterdir()) == ["concon.omilcrm"]


def test_upgrade_writes_a_backup_first_and_the_backup_is_the_old_file(tmp_path):
    path = old_office_file(tmp_path / "concon.omilcrm", 11)
    report = omilcrm.upgrade(path)
    assert isinstance(report, omilcrm.UpgradeReport)
    assert (report.path, report.from_version, report.to_version) == (str(path), 11, LATEST)
    assert report.backup == f"{path}.v11.bak"
    assert (
        repr(report) == f"UpgradeReport(path='{path}', from_version=11, to_version={LATEST}, backup='{path}.v11.bak')"
    )
    db = omilcrm.open(path)
    assert db.schema_version == LATEST and db.upgraded is None
    assert db.employers.get(42).legal_name == "Logística Gulmué SpA"
    db.close()
    # The backup: one file, rollback-journal mode, the old version and the old rows.
    with contextlib.closing(sqlite3.connect(report.backup)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert con.execute("PRAGMA user_version").fetchone() == (11,)
        assert con.execute("SELECT legal_name FROM employer").fetchall() == [("Logística Gulmué SpA",)]
    assert os.stat(report.backup).st_mode == path.stat().st_mode
    with pytest.raises(omilcrm.SchemaVersionError) as info:
        omilcrm.open(report.backup)
    assert info.value.file_version == 11
    # Nothing more to do: no second backup.
    again = omilcrm.upgrade(path)
    assert (again.from_version, again.to_version, again.backup) == (LATEST, LATEST, None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["concon.omilcrm", "concon.omilcrm.v11.bak"]


def test_upgrade_true_upgrades_as_it_opens_with_a_backup(tmp_path):
    path = old_office_file(tmp_path / "concon.omilcrm", 9)
    db = omilcrm.open(path, upgrade=True)
    assert db.upgraded.from_version == 9 and db.upgraded.to_version == LATEST
    assert db.upgraded.backup == f"{path}.v9.bak" and os.path.exists(db.upgraded.backup)
    assert db.employers.get(42).owner_id == 7
    db.close()
    assert omilcrm.open(path, upgrade=True).upgraded is None


def test_a_newer_file_is_refused_untouched_naming_both_versions(tmp_path):
    path = _office(tmp_path / "future.omilcrm")
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute(f"PRAGMA user_version = {LATEST + 2}")
    before = path.read_bytes()
    for attempt in (
        lambda: omilcrm.open(path),
        lambda: omilcrm.open(path, upgrade=True),
        lambda: omilcrm.open(path, read_only=True),
        lambda: omilcrm.upgrade(path),
    ):
        with pytest.raises(omilcrm.SchemaVersionError) as info:
            attempt()
        assert str(info.value) == (
            f'"{path}" was written by a newer omilcrm: schema {LATEST + 2}, this omilcrm reads up to {LATEST}; '
            "open it with a newer omilcrm (nothing was changed)"
        )
        assert (info.value.file_version, info.value.supported_version) == (LATEST + 2, LATEST)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["future.omilcrm"]


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
        omilcrm.open(tmp_path / "nope" / "x.omilcrm", create=True)


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
    with omilcrm.open(path, create=True) as db:
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
