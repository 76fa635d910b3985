"""Access tokens, principals, actors and the audit, as an office's coordinator would use them."""

import datetime as dt

import omilcrm
import pytest

UTC = dt.UTC


def test_a_token_is_issued_once_and_signs_in(db, office, gestora):
    token, secret = db.access.create(staff=gestora)
    assert isinstance(token, omilcrm.Token)
    assert (token.name, token.role, token.office_id, token.staff_id) == (
        "Verónica Olguín",
        "staff",
        office.id,
        gestora.id,
    )
    assert token.expires_at == dt.datetime(2027, 2, 21, 16, tzinfo=UTC)
    assert secret.startswith("omil_") and len(secret) == 48
    assert "secret" not in token.to_dict()
    me = db.access.authenticate(secret)
    assert isinstance(me, omilcrm.Principal)
    assert (me.token_id, me.office_id, me.role, me.can_write) == (token.id, office.id, "staff", True)
    assert me.allows("employers", write=True)
    assert not me.allows("personal_data")
    assert me.sees_office(office) and not me.sees_office(office.id + 1)
    assert db.access.get(token).last_used_at == dt.datetime(2026, 11, 23, 16, tzinfo=UTC)
    assert db.access.authenticate(secret[:-1] + ("A" if secret[-1] != "A" else "B")) is None
    assert db.access.authenticate("") is None


def test_roles_come_from_the_job_and_keys_name_their_office(db, office, gestora, psychologist):
    head = db.staff.add(office=office, name="Ana Rojas", role="head")
    assert db.access.create(staff=head)[0].role == "coordinator"
    assert db.access.create(staff=psychologist)[0].role == "psychologist"
    assert db.access.create(staff=gestora, role="coordinator")[0].role == "coordinator"
    key, _ = db.access.create(office=office, role="integrator", resources="calendar", can_write=True)
    assert (key.name, key.resources, key.can_write, key.staff_id) == ("integrator key", ["calendar"], True, None)
    analyst, _ = db.access.create(role="analyst", name="Dirección Regional Biobío")
    assert analyst.office_id is None and not analyst.can_write
    assert [t.id for t in db.access.list(office)] == [t.id for t in db.access.list()][:4]
    assert len(db.access.list()) == 5
    assert "vacancies" in db.access.resources


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(role="psychologist"), "staff"),
        (dict(role="integrator"), "office"),
        (dict(role="analyst", can_write=True), "can_write"),
        (dict(resources=["employer"]), "resources"),
        (dict(expires_in_days=0), "expires_in_days"),
        (dict(expires_in_days=30, expires_at=dt.datetime(2027, 1, 1, tzinfo=UTC)), "expires_at"),
    ],
)
def test_a_refused_token_names_the_field_and_writes_nothing(db, office, gestora, kwargs, field):
    if field not in ("staff", "office", "can_write"):
        kwargs = dict(staff=gestora, **kwargs)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.access.create(**kwargs)
    assert e.value.field == field
    assert db.access.list() == []


def test_a_token_expires_by_the_files_clock_and_can_be_revoked(tmp_path):
    path = tmp_path / "concon.omilcrm"
    with omilcrm.open(path, today=dt.date(2026, 11, 23), create=True) as db:
        office = db.offices.add(name="OMIL Concón", commune="concon")
        staff = db.staff.add(office=office, name="Bruno Soto", role="administrative", started=dt.date(2026, 1, 5))
        short, short_secret = db.access.create(staff=staff, expires_in_days=30)
        token, secret = db.access.create(staff=staff)
    with omilcrm.open(path, today=dt.date(2027, 1, 10)) as db:
        assert db.access.authenticate(short_secret) is None
        assert db.access.authenticate(secret) is not None
        revoked = db.access.revoke(token)
        assert revoked.revoked_at is not None
        assert db.access.authenticate(secret) is None
        assert list(db.access.table().to_pandas()["status"]) == ["expired", "revoked"]
    assert secret.encode() not in path.read_bytes()


def test_act_as_records_the_actor_and_the_audit_lists_the_writes(db, office, gestora, acme):
    token, secret = db.access.create(staff=gestora)
    me = db.access.authenticate(secret)
    with db.access.act_as(me) as acting:
        assert acting.actor.text == f"staff:{gestora.id}"
        assert db.access.actor.token_id == token.id
        with db.transaction():
            db.employers.update(acme, notes="Visitada")
            db.access.record(action="update", resource="employers", record=acme, office=office, detail="notes")
        with pytest.raises(omilcrm.ValidationError):
            with db.transaction():
                db.employers.update(acme, notes="Otra vez")
                db.access.record(action="update", resource="employers", record=acme, office=office)
                db.employers.update(acme, size="huge")
    assert db.access.actor.text == ""
    with db.access.act_as(text="import:planilla.csv"):
        db.employers.update(acme, sector="Logística")
    log = db.employers.changes(acme).to_pandas()
    assert list(log["actor"]) == [f"staff:{gestora.id}", "import:planilla.csv"]
    audit = db.access.audit(office).to_pandas()
    assert audit[["actor", "action", "resource", "record_id", "detail"]].values.tolist() == [
        [f"staff:{gestora.id}", "update", "employers", acme.id, "notes"]
    ]
    assert len(db.access.audit(start=dt.date(2026, 11, 24))) == 0
    with pytest.raises(omilcrm.ValidationError) as e:
        db.access.record(action="update", resource="employers")
    assert e.value.field == "actor"


def test_history_records_carry_their_actor(db, office, gestora):
    with db.access.act_as(staff=gestora):
        req = db.requests.open(
            office=office, category="tree_pruning", address="Av. Borgoño 22100", attributes={"trees": 2}
        )
    assert db.requests.history(req)[0].actor == f"staff:{gestora.id}"
    assert "actor" in db.requests.history(req)[0].to_dict()
