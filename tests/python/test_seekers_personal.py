"""A job seeker's personal data is kept as given: what add() and add_many() receive is what
personal() reads back; and it is read only for a purpose of the closed list that the person's
consent covers (or a legal basis), every refusal logged."""

import datetime as dt

import omilcrm
import pytest


def _row(office, body, **extra):
    row = dict(
        office=office,
        rut=str(omilcrm.Rut.from_body(body)),
        name="Pedro Pérez",
        commune="Concón",
        consent_on=dt.date(2026, 1, 10),
        consent_scope=["intermediation"],
        registered_on=dt.date(2026, 1, 10),
    )
    row.update(extra)
    return row


def test_birth_date_is_stored(db, office, gestora):
    s = db.seekers.add(**_row(office, 15000001, birth_date=dt.date(1990, 5, 17), address="Borgoño 21000"))
    back = db.seekers.personal(s, purpose="intermediation: checking the registration", by=gestora)
    assert back.birth_date == dt.date(1990, 5, 17)
    assert back.address == "Borgoño 21000"

    [sid] = db.seekers.add_many([_row(office, 15000002, birth_date=dt.date(1985, 2, 1))])
    assert db.seekers.personal(
        sid, purpose="intermediation: checking the registration", by=gestora
    ).birth_date == dt.date(1985, 2, 1)


def test_a_purpose_outside_the_list_is_refused_and_nothing_is_logged(db, office, gestora):
    pedro = db.seekers.add(**_row(office, 15000003))
    for purpose in ["legal_obligation", "Citar a entrevista", "", "marketing: boletín"]:
        with pytest.raises(omilcrm.ValidationError) as e:
            db.seekers.personal(pedro, purpose=purpose, by=gestora)
        assert (e.value.field, e.value.value) == ("purpose", purpose)
        with pytest.raises(omilcrm.ValidationError) as e:
            db.seekers.export_personal(office, fields=["name"], purpose=purpose, by=gestora)
        assert e.value.field == "purpose"
    assert "must begin with one of: intermediation, programmes, contact" in str(e.value)
    assert len(db.seekers.exports(office).to_pandas()) == 0


def test_a_purpose_the_consent_does_not_cover_is_forbidden_and_logged(db, office, gestora):
    maria = db.seekers.add(**_row(office, 15000004, name="María Soto", consent_scope=["statistics"]))
    with pytest.raises(omilcrm.Forbidden) as e:
        db.seekers.personal(maria, purpose="intermediation: vacante de bodeguero", by=gestora)
    assert (e.value.field, e.value.value) == ("purpose", "intermediation")
    assert isinstance(e.value, omilcrm.Error)
    assert "the consent covers statistics, not intermediation" in str(e.value)
    assert "María" not in str(e.value)
    with pytest.raises(omilcrm.Forbidden):
        db.seekers.find_by_rut(office, str(omilcrm.Rut.from_body(15000004)), purpose="contact", by=gestora)
    log = db.seekers.exports(office).to_pandas()
    assert list(log.columns) == [
        "at",
        "staff_id",
        "purpose",
        "fields",
        "consent_scope",
        "rows",
        "actor",
        "refused",
    ]
    assert list(log["purpose"]) == ["intermediation: vacante de bodeguero", "contact"]
    assert list(log["rows"]) == [0, 0]
    assert list(log["refused"]) == [
        "the consent covers statistics, not intermediation",
        "the consent covers statistics, not contact",
    ]
    assert set(log["staff_id"]) == {gestora.id}


def test_the_persons_own_request_is_answered_whatever_the_consent(db, office, gestora):
    maria = db.seekers.add(**_row(office, 15000005, name="María Soto", consent_scope=["statistics"]))
    back = db.seekers.personal(maria, purpose="data_subject_request: solicitud de acceso", by=gestora)
    assert back.name == "María Soto"
    log = db.seekers.exports(office).to_pandas()
    assert list(log["refused"]) == [""] and list(log["rows"]) == [1]
    # An export reads those whose consent covers its scope, so its purpose agrees with the scope.
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.export_personal(office, fields=["phone"], purpose="contact: llamar", by=gestora)
    assert e.value.field == "purpose"
    frame = db.seekers.export_personal(
        office, fields=["name"], purpose="legal_obligation: fiscalización", by=gestora, scope="statistics"
    ).to_pandas()
    assert list(frame["name"]) == ["María Soto"]


def test_each_purpose_is_described_in_spanish_for_documents():
    assert omilcrm.describe_purpose("data_subject_request").startswith("Solicitud del titular")
    assert omilcrm.describe_purpose("register_transfer").startswith("Traspaso del registro")
    with pytest.raises(omilcrm.ValidationError) as e:
        omilcrm.describe_purpose("marketing")
    assert e.value.field == "purpose"
