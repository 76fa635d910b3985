"""The employer-relations records as their one declaration (RecordFields) makes them: attributes
and to_dict() with every field, enum keywords typed as their names (a Literal in the stubs, the
library's ValidationError for a wrong one), and add_many / log_many / open_many rows read by the
same code as the keywords."""

import datetime as dt
import pathlib

import omilcrm
import pytest

D = dt.date


def _core_stub():
    path = pathlib.Path(omilcrm.__file__).with_name("_core.pyi")
    return path.read_text(encoding="utf-8") if path.exists() else None


# ---- to_dict() has every declared field, with Python's types -----------------------------------

META = ["id", "uuid", "created_at", "updated_at"]


def test_employer_and_contact_dicts_have_every_field(db, office, gestora, park):
    e = db.employers.add(
        rut="76.086.428-5",
        name="Acme SpA",
        office=office,
        size="small",
        status="active",
        visiting_hours="lun-vie 09:00-12:00",
        latitude=-32.9,
        longitude=-71.5,
        segment="key_account",
    )
    d = e.to_dict()
    assert list(d) == META + [
        "office_id",
        "rut",
        "legal_name",
        "trade_name",
        "sector",
        "activity",
        "size",
        "address",
        "commune",
        "latitude",
        "longitude",
        "visiting_hours",
        "status",
        "notes",
        "owner_id",
        "segment",
        "lead_source",
        "lead_detail",
    ]
    assert (d["size"], d["status"], d["commune"], d["owner_id"]) == ("small", "active", "05103", gestora.id)
    assert isinstance(d["rut"], omilcrm.Rut) and str(d["rut"]) == "76.086.428-5"
    assert [str(w) for w in d["visiting_hours"]] == ["mon-fri 09:00-12:00"]
    assert e.size == "small" and e.status == "active" and e.name == "Acme SpA"

    c = db.contacts.add(employer=e, name="Carolina Fuentes", phone="9 8765 4321", primary=True)
    assert c.to_dict() == {
        **{k: getattr(c, k) for k in META},
        "employer_id": e.id,
        "name": "Carolina Fuentes",
        "role": "",
        "email": "",
        "phone": "+56987654321",
        "primary": True,
    }
    assert repr(c) == f"Contact(id={c.id}, name='Carolina Fuentes', employer_id={e.id}, primary=True)"


def test_office_staff_and_cluster_records(db, office, gestora, park):
    assert list(office.to_dict()) == META + ["name", "commune", "address", "email", "phone", "latitude", "longitude"]
    assert office.commune == "05103" and office.commune_name == "Concón"
    assert repr(office) == f"Office(id={office.id}, name='OMIL Concón', commune='05103')"
    s = gestora.to_dict()
    assert (s["role"], s["started"], s["left"]) == ("territorial_manager", D(2022, 4, 1), None)
    assert repr(gestora) == f"StaffMember(id={gestora.id}, name='Verónica Olguín', role='territorial_manager')"
    assert park.to_dict()["kind"] == "industrial_park" and park.kind == "industrial_park"
    assert list(park.to_dict()) == META + [
        "office_id",
        "name",
        "kind",
        "representative_id",
        "meets",
        "notes",
        "revision",
    ]


def test_interaction_records_show_times_as_text(db, office, gestora):
    e = db.employers.add(rut="76.086.428-5", name="Acme SpA", office=office)
    i = db.interactions.log(
        employer=e,
        kind="Phone call",
        by=gestora,
        on=D(2026, 11, 20),
        at="10:30",
        direction="inbound",
        commitments=[{"description": "Enviar CVs", "due": D(2026, 11, 30)}],
        follow_ups=[{"description": "Llamar", "due": D(2026, 11, 25), "owner": gestora}],
    )
    d = i.to_dict()
    assert list(d) == META + [
        "office_id",
        "kind",
        "on",
        "at",
        "staff_id",
        "employer_id",
        "cluster_id",
        "direction",
        "summary",
        "outcome",
        "next_step",
        "contacts",
        "attended",
        "absent",
        "participants",
        "revision",
        "deleted",
    ]
    assert (d["kind"], d["at"], d["direction"], d["on"]) == ("phone_call", "10:30", "inbound", D(2026, 11, 20))
    assert (i.kind, i.at, i.staff_id) == ("phone_call", "10:30", gestora.id)
    assert repr(i) == f"Interaction(id={i.id}, kind='phone_call', on=datetime.date(2026, 11, 20), employer_id={e.id})"
    [c] = db.commitments.open(office=office)
    assert c.to_dict()["status"] == "open" and c.status == "open"
    assert list(c.to_dict())[-6:] == ["owner_id", "description", "due", "status", "closed_on", "reason"]
    [f] = db.follow_ups.open(office=office)
    assert (f.owner_id, f.to_dict()["done_on"]) == (gestora.id, None)


def test_request_records(db, office, gestora, acme):
    r = db.requests.open(
        employer=acme,
        category="tree_pruning",
        note="ramas sobre cables",
        by=gestora,
        attributes={"trees": 3},
        email="RRHH@acme.cl",
    )
    d = r.to_dict()
    assert list(d)[:6] == META + ["office_id", "employer_id"]
    assert (d["status"], d["description"], d["attributes"]) == (r.status, "ramas sobre cables", "trees=3")
    assert d["received_on"] == D(2026, 11, 23) and d["requester_email"] == r.requester_email
    assert r.in_triage is (r.department_id is None)
    [event] = db.requests.history(r)[-1:]
    assert event.to_dict()["to_status"] == event.to_status and event.to_status in ("received", "routed")
    rule = db.routing.list(office)[0]
    assert list(rule.to_dict()) == ["id", "position", "category", "area", "keywords", "department_id", "active"]


def test_cadence_planning_outreach_and_region_records(db, office, gestora, acme):
    p = db.cadence.add_policy(
        office=office, interval_days=30, scope="Segment", segment="key_account", kinds=["visit", "Phone call"]
    )
    assert (p.scope, p.kinds) == ("segment", ["visit", "phone_call"])
    assert p.to_dict()["kinds"] == ["visit", "phone_call"]
    [due] = db.cadence.due(office=office, within_days=400) or [None]
    if due is not None:
        assert due.to_dict()["scope"] == due.scope
    plan = db.planner.plan_day(staff=gestora, on=D(2026, 11, 24), candidates=[acme], start=(-32.92, -71.51))
    d = plan.to_dict()
    assert d["end"] == plan.end and isinstance(d["end"], str) and d["end_minute"] == plan.end_minute
    for left in plan.left_out:
        assert left.reason in ("window_closed", "out_of_reach", "day_full")
    ev = db.events.add(office=office, title="Desayuno empresarial", on=D(2026, 11, 20), kind="Business breakfast")
    assert (ev.kind, ev.to_dict()["kind"]) == ("business_breakfast", "business_breakfast")
    asset = db.outreach.add_asset(name="Video regional", kind="video")
    shown = db.outreach.record(
        asset=asset, office=office, on=D(2026, 11, 20), setting="job fair", audience="mixed", audience_size=40, event=ev
    )
    assert (shown.setting, shown.audience, shown.event_id) == ("job_fair", "mixed", ev.id)
    assert list(shown.to_dict()) == META + [
        "asset_id",
        "office_id",
        "on",
        "setting",
        "audience",
        "audience_size",
        "event_id",
        "staff_id",
        "notes",
        "employers",
        "partners",
    ]


# ---- an enum keyword takes the enum's names; a wrong one names the field and the value ----------


@pytest.mark.parametrize(
    "call, field, value",
    [
        (lambda db, o, s, e: db.staff.add(office=o, name="Juan", role="janitor"), "role", "janitor"),
        (lambda db, o, s, e: db.clusters.add(office=o, name="Mall", kind="mall"), "kind", "mall"),
        (lambda db, o, s, e: db.employers.add(rut="96.511.460-2", name="B", office=o, size="huge"), "size", "huge"),
        (lambda db, o, s, e: db.employers.update(e, status="gone"), "status", "gone"),
        (lambda db, o, s, e: db.interactions.log(employer=e, kind="coffee", by=s), "kind", "coffee"),
        (
            lambda db, o, s, e: db.interactions.log(employer=e, kind="visit", by=s, direction="sideways"),
            "direction",
            "sideways",
        ),
        (lambda db, o, s, e: db.cadence.add_policy(office=o, interval_days=30, scope="planet"), "scope", "planet"),
        (lambda db, o, s, e: db.cadence.add_policy(office=o, interval_days=30, kinds=["visit", "fax"]), "kinds", "fax"),
        (lambda db, o, s, e: db.events.add(office=o, title="Fiesta", on=D(2026, 11, 1), kind="party"), "kind", "party"),
        (lambda db, o, s, e: db.outreach.add_asset(name="Afiche", kind="poster"), "kind", "poster"),
    ],
)
def test_a_wrong_enum_value_names_the_field_and_the_value(db, office, gestora, call, field, value):
    e = db.employers.add(rut="76.086.428-5", name="Acme SpA", office=office)
    with pytest.raises(omilcrm.ValidationError) as info:
        call(db, office, gestora, e)
    assert (info.value.field, info.value.value) == (field, value)
    assert "expected one of" in str(info.value)


def test_a_wrong_status_for_a_request_lists_the_states(db, office, gestora, acme):
    r = db.requests.open(employer=acme, category="street_lights")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.transition(r, "done", by=gestora)
    assert (info.value.field, info.value.value) == ("status", "done")
    assert "received, routed, in_progress" in str(info.value)
    with pytest.raises(omilcrm.ValidationError) as info:
        db.outreach.record(
            asset=db.outreach.add_asset(name="V"),
            office=office,
            on=D(2026, 11, 2),
            setting="company meeting",
            audience="aliens",
        )
    assert (info.value.field, info.value.value) == ("audience", "aliens")


def test_a_non_text_enum_value_is_refused_by_type(db, office):
    with pytest.raises(TypeError):
        db.staff.add(office=office, name="Juan", role=3)


# ---- the bulk rows and the keywords are read by the same declaration ------------------------


def test_an_unknown_key_lists_the_fields_of_the_record(db, office, gestora):
    e = db.employers.add(rut="76.086.428-5", name="Acme SpA", office=office)
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add_many([{"rut": "96.511.460-2", "name": "Beta", "office": office, "colour": "red"}])
    assert info.value.field == "rows[0].colour"
    assert "is not an employer field (rut, legal_name, office, trade_name" in str(info.value)
    with pytest.raises(omilcrm.ValidationError) as info:
        db.interactions.log_many(
            [
                dict(
                    employer=e,
                    kind="visit",
                    by=gestora,
                    commitments=[{"description": "CVs", "due": D(2026, 11, 30), "when": 1}],
                )
            ]
        )
    assert info.value.field == "rows[0].commitments[0].when"
    assert "(description, due, owner)" in str(info.value)
    with pytest.raises(omilcrm.ValidationError) as info:
        db.requests.open_many([{"category": "street_lights", "employer": e, "priority": "high"}])
    assert info.value.field == "rows[0].priority"
    assert "is not a request field (category, employer, office" in str(info.value)


def test_bulk_rows_take_enum_names_records_and_aliases(db, office, gestora, park):
    ids = db.employers.add_many(
        [
            {
                "rut": "76.086.428-5",
                "name": "Acme SpA",
                "office": office,
                "size": "Medium",
                "status": "active",
                "owner": gestora,
                "cluster": park,
                "joined": D(2026, 1, 1),
                "visiting_hours": ["mon-fri 09:00-12:00"],
            },
            {"rut": "96.511.460-2", "legal_name": "Beta Ltda", "office": office.id, "size": None},
        ]
    )
    a, b = (db.employers.get(i) for i in ids)
    assert (a.size, a.status, a.owner_id, a.legal_name) == ("medium", "active", gestora.id, "Acme SpA")
    assert [str(w) for w in a.visiting_hours] == ["mon-fri 09:00-12:00"]
    assert (b.size, b.legal_name) == ("unknown", "Beta Ltda")
    assert db.clusters.members(park, as_of=D(2026, 2, 1)) == [a.id]
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add_many([{"rut": "77.777.777-7", "name": "C", "office": office, "size": "huge"}])
    assert (info.value.field, info.value.value) == ("rows[0].size", "huge")
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add_many([{"rut": "77.777.777-7", "name": "C", "office": office, "owner": park}])
    assert info.value.field == "rows[0].owner"  # a cluster cannot pass for a staff member

    [i] = db.interactions.log_many([dict(employer=a, kind="visit", by=gestora, at="9:05", on=D(2026, 11, 2))])
    assert db.interactions.get(i).at == "09:05"
    with pytest.raises(omilcrm.ValidationError) as info:
        db.interactions.log_many([dict(employer=a, kind="visit", by=gestora, at="25:00")])
    assert (info.value.field, info.value.value) == ("rows[0].at", "25:00")


# ---- the signatures show the enum's names ------------------------------------------------------


def test_enum_keywords_show_their_names_in_the_signature():
    assert (
        "role: typing.Literal['head', 'territorial_manager', 'labor_psychologist', 'administrative', 'other']"
        in omilcrm.Staff.add.__doc__
    )
    assert "kind: typing.Literal['visit', 'phone_call', 'email'" in omilcrm.Interactions.log.__doc__
    assert "direction: typing.Literal['outbound', 'inbound'] = 'outbound'" in omilcrm.Interactions.log.__doc__
    assert (
        "size: typing.Literal['unknown', 'micro', 'small', 'medium', 'large'] = 'unknown'"
        in omilcrm.Employers.add.__doc__
    )
    assert "to: typing.Literal['received', 'routed'" in omilcrm.Requests.transition.__doc__
    assert (
        "scope: typing.Literal['office', 'cluster', 'segment', 'employer'] = 'office'"
        in omilcrm.Cadence.add_policy.__doc__
    )
    assert "setting: typing.Literal['company_meeting'" in omilcrm.Outreach.record.__doc__


def test_the_stubs_show_enum_attributes_and_keywords_as_literals():
    stub = _core_stub()
    if stub is None:
        pytest.skip("the package was built without pybind11-stubgen")
    assert "def kind(self) -> typing.Literal['industrial_park', 'trade_association'" in stub
    assert "def status(self) -> typing.Literal['received', 'routed'" in stub
    assert "role: typing.Literal['head', 'territorial_manager'" in stub
    assert "def to_dict(self) -> dict" in stub
