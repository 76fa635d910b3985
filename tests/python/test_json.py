"""The library's one JSON form from Python: records and tables write the text the C++ library and
the HTTP API write, and records read it back with the library's checks and error paths."""

import datetime as dt
import json

import omilcrm
import pytest

D = dt.date


@pytest.fixture
def acme(db, office, gestora):
    return db.employers.add(
        office=office,
        rut="76.086.428-5",
        name="Acme SpA",
        size="medium",
        latitude=-32.93456789012345,
        longitude=-71.51234567890123,
        visiting_hours=["mon-fri 09:00-12:00"],
        joined=None,
    )


def test_a_stored_record_writes_the_librarys_json_and_reads_it_back(acme):
    text = acme.to_json()
    assert text.startswith('{"id":') and ": " not in text  # compact, fields in declaration order
    o = json.loads(text)
    assert list(o)[:4] == ["id", "uuid", "created_at", "updated_at"]
    assert (o["rut"], o["size"], o["status"]) == ("76.086.428-5", "medium", "prospect")
    assert o["created_at"].endswith("Z") and dt.datetime.fromisoformat(o["created_at"][:-1] + "+00:00")
    assert o["latitude"] == acme.latitude == -32.93456789012345  # every digit
    assert o["visiting_hours"] == ["mon-fri 09:00-12:00"]
    back = omilcrm.Employer.from_json(text)
    assert back == acme and back.to_json() == text
    assert (back.rut, back.latitude, back.created_at) == (acme.rut, acme.latitude, acme.created_at)
    # A dict of JSON values (what json.loads gives) reads the same.
    assert omilcrm.Employer.from_json(o).to_json() == text


def test_an_interaction_with_commitments_round_trips(db, acme, gestora):
    n = omilcrm.NewInteraction(
        employer=acme,
        kind="visit",
        by=gestora,
        on=D(2026, 11, 20),
        at="9:30",
        summary='Pide "grúa" y\nbodega',
        commitments=[{"description": "Enviar CVs", "due": D(2026, 12, 1)}],
        follow_ups=[omilcrm.NewFollowUp(description="Llamar", due=D(2026, 11, 27))],
    )
    assert (n.employer, n.by, n.at) == (acme.id, gestora.id, "09:30")
    o = json.loads(n.to_json())
    assert o["on"] == "2026-11-20" and o["at"] == "09:30" and o["summary"] == 'Pide "grúa" y\nbodega'
    assert o["commitments"] == [{"description": "Enviar CVs", "due": "2026-12-01", "owner": 0}]
    assert o["follow_ups"][0]["due"] == "2026-11-27"
    back = omilcrm.NewInteraction.from_json(n.to_json())
    assert back == n and back.commitments[0].due == D(2026, 12, 1)
    assert omilcrm.NewInteraction.from_json(o) == n
    assert repr(omilcrm.NewCommitment(description="x", due=D(2026, 12, 1))) == (
        "NewCommitment(description='x', due=datetime.date(2026, 12, 1))"
    )
    # What the JSON says is what log() takes: the same keywords, nested records included.
    logged = db.interactions.log(**back.to_dict())
    (promise,) = db.commitments.open(office=logged.office_id)
    assert (promise.description, promise.due, promise.interaction_id) == ("Enviar CVs", D(2026, 12, 1), logged.id)


def test_reading_names_the_field_path_and_value_as_the_library_does():
    body = {"employer": 1, "kind": "visit", "by": 2, "commitments": [{"description": "x", "due": "soon"}]}
    for given in (body, json.dumps(body)):
        with pytest.raises(omilcrm.ValidationError) as e:
            omilcrm.NewInteraction.from_json(given)
        assert e.value.field == "commitments[0].due" and "soon" in str(e.value)

    def field_of(given, cls=omilcrm.NewInteraction):
        with pytest.raises(omilcrm.ValidationError) as e:
            cls.from_json(given)
        return e.value.field, str(e.value)

    field, message = field_of({"employer": 1, "kind": "visit", "by": 2, "bogus": 1})
    assert field == "bogus" and "is not an interaction field" in message
    assert field_of({"employer": 1, "kind": "tea", "by": 2})[0] == "kind"
    assert field_of({"employer": 1, "kind": "visit"})[0] == "by"
    assert field_of({"employer": "one", "kind": "visit", "by": 2})[0] == "employer"
    assert field_of("[1, 2]")[0] == "interaction"
    assert "is not JSON" in field_of("{")[1]
    assert field_of({"rut": "76.086.428-5", "legal_name": "X", "size": "huge"}, omilcrm.NewEmployer)[0] == "size"
    # A dict holding what JSON cannot (a set, a float key) names where it is.
    assert field_of({"employer": 1, "kind": "visit", "by": 2, "contacts": [{1}]})[0] == "contacts[0]"
    assert field_of({1.5: "x"}) == ("interaction", 'invalid interaction "1.5": has a key that is not a text')


def test_a_table_writes_one_object_per_row_as_the_library_does(db, office, acme, gestora):
    db.contacts.add(employer=acme, name="Carolina Fuentes", primary=True)
    db.commitments.add(employer=acme, description="Enviar CVs", due=D(2026, 12, 1), owner=gestora)
    contacts = json.loads(db.contacts.table(office).to_json())
    assert contacts[0]["primary"] is True and contacts[0]["employer_rut"] == "76.086.428-5"
    text = db.commitments.table(office=office).to_json()
    (row,) = json.loads(text)
    assert list(row) == db.commitments.table(office=office).columns
    assert (row["due"], row["closed_on"], row["owner_id"]) == ("2026-12-01", None, gestora.id)
    assert '"closed_on":null' in text
    employers = db.employers.table(office)
    (e,) = json.loads(employers.to_json())
    assert (e["latitude"], e["longitude"]) == (acme.latitude, acme.longitude)  # floats exact
    frame = employers.to_pandas()
    assert e["created_at"] == frame["created_at"][0].strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    other = db.offices.add(name="OMIL Quintero", commune="quintero")
    assert db.employers.table(other).to_json() == "[]"
