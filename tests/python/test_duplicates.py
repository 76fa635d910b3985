"""Duplicate employers through Python: the likely pairs, the warning at import, merging one
employer into another and undoing it, and the refusals."""

import datetime as dt

import omilcrm
import pytest


@pytest.fixture
def twins(db, office, gestora):
    logi = db.employers.add(office=office, rut="76.086.428-5", name="Logística Gulmué SpA", address="Av. Borgoño 1234")
    copia = db.employers.add(
        office=office, rut="77.111.222-6", name="LOGISTICA GULMUE S.P.A.", address="Avenida Borgoño N° 1234"
    )
    envases = db.employers.add(office=office, rut="96.512.340-7", name="Envases del Pacífico S.A.")
    return logi, copia, envases


def test_candidates_give_the_pair_its_score_and_reasons(db, office, twins):
    logi, copia, _ = twins
    [pair] = db.duplicates.candidates(office)
    assert isinstance(pair, omilcrm.DuplicateCandidate)
    assert (pair.employer_id, pair.other_id) == (logi.id, copia.id)
    assert pair.reasons == ["same_name", "same_address"]
    assert 0.5 <= pair.score <= 1
    assert db.duplicates.candidates(office, min_score=0.99) == []
    frame = db.duplicates.table(office).to_pandas()
    assert list(frame.columns) == [
        "employer_id",
        "employer_rut",
        "employer_name",
        "other_id",
        "other_rut",
        "other_name",
        "score",
        "reasons",
    ]
    assert frame.loc[0, "reasons"] == "same_name, same_address"
    assert [c.other_id for c in db.duplicates.of(copia)] == [logi.id]
    with pytest.raises(omilcrm.ValidationError) as e:
        db.duplicates.candidates(office, min_score=2)
    assert e.value.field == "min_score"


def test_check_warns_before_adding_and_the_import_after(db, office, twins):
    logi, copia, envases = twins
    likely = db.duplicates.check(rut="78.000.111-9", name="Logistica Gulmue Limitada", office=office)
    assert {c.other_id for c in likely} == {logi.id, copia.id}
    assert all(c.employer_id == 0 for c in likely)
    assert db.employers.count(office) == 3  # nothing written

    sheet = b"RUT,Razon Social\n79.000.222-9,Envases Pacifico Ltda\n79.000.333-0,Panaderia La Espiga\n"
    dry = db.imports.run("employers", office, sheet, dry_run=True)
    assert [(d.line, d.employer_id, d.existing_id) for d in dry.likely_duplicates] == [(2, 0, envases.id)]
    report = db.imports.run("employers", office, sheet)
    assert report.created == 2 and report.written
    [warning] = report.likely_duplicates
    assert isinstance(warning, omilcrm.ImportDuplicate)
    assert (warning.line, warning.existing_id, warning.reasons) == (2, envases.id, "same_name")
    assert warning.employer_id == db.employers.find_by_rut("79.000.222-9").id


def test_merge_moves_everything_and_undo_puts_it_back(db, office, gestora, twins):
    logi, copia, _ = twins
    db.contacts.add(employer=copia, name="Pedro Soto", email="psoto@gulmue.cl", primary=True)
    db.interactions.log(employer=copia, kind="visit", by=gestora, on=dt.date(2026, 11, 2), summary="Primera visita")
    merge = db.duplicates.merge(logi, copia, by=gestora)
    assert isinstance(merge, omilcrm.EmployerMerge)
    assert (merge.kept_id, merge.absorbed_id, merge.merged_by, merge.undone_at) == (logi.id, copia.id, gestora.id, None)
    assert merge.rows_moved >= 3  # the contact, the visit, the ownership period
    assert [e.id for e in db.employers.list(office)] == [db.employers.find_by_rut("96.512.340-7").id, logi.id]
    assert [c.name for c in db.contacts.list(logi)] == ["Pedro Soto"]
    assert len(db.interactions.of_employer(logi)) == 1
    assert db.duplicates.merged_into(copia) == logi.id
    assert db.duplicates.merges(office) == [merge]
    assert db.duplicates.get(merge.id) == merge

    undone = db.duplicates.undo(merge, by=gestora)
    assert undone.undone_at is not None and undone.undone_by == gestora.id
    assert db.employers.count(office) == 3
    assert [c.name for c in db.contacts.list(copia)] == ["Pedro Soto"]
    assert db.contacts.list(logi) == []
    assert db.duplicates.merged_into(copia) is None
    with pytest.raises(omilcrm.Conflict, match="already undone"):
        db.duplicates.undo(merge.id, by=gestora)


def test_refused_merges_name_the_field_and_write_nothing(db, office, gestora, twins):
    logi, copia, envases = twins
    with pytest.raises(omilcrm.ValidationError) as e:
        db.duplicates.merge(logi, logi, by=gestora)
    assert (e.value.field, e.value.value) == ("absorb", str(logi.id))
    other = db.offices.add(name="OMIL Quintero", commune="quintero")
    eva = db.staff.add(office=other, name="Eva Pino", role="territorial_manager", started=dt.date(2026, 1, 5))
    far = db.employers.add(office=other, rut="76.086.428-5", name="Logística Gulmué SpA")
    with pytest.raises(omilcrm.ValidationError, match="another office") as e:
        db.duplicates.merge(logi, far, by=gestora)
    assert (e.value.field, e.value.value) == ("absorb", str(far.id))
    with pytest.raises(omilcrm.ValidationError) as e:
        db.duplicates.merge(logi, copia, by=eva)
    assert (e.value.field, e.value.value) == ("by", str(eva.id))
    assert db.duplicates.merges(office) == []
    db.duplicates.merge(logi, copia, by=gestora)
    with pytest.raises(omilcrm.Conflict, match=f"absorb {copia.id}.*already merged into employer {logi.id}"):
        db.duplicates.merge(envases, copia, by=gestora)
    assert len(db.duplicates.merges(office)) == 1
