"""Vacancies, seekers, referrals, placements, programmes and matching in Python, as their declared
fields make them: attributes and to_dict(), keywords and dict rows, enum parameters typed as the
names they take, and the same fields as the spreadsheets' columns."""

import datetime as dt
import pathlib
import subprocess
import sys

import omilcrm
import pytest
from conftest import seeker_row

D = dt.date

META = ["id", "uuid", "created_at", "updated_at"]
SHIFTS = "typing.Literal['day', 'afternoon', 'night', 'rotating', 'weekend', 'flexible']"


@pytest.fixture
def story(db, office, acme, gestora, psychologist):
    vac = db.vacancies.capture(
        employer=acme,
        title="Operario de bodega",
        occupation="9333",
        positions=2,
        shift="night",
        by=gestora,
        on=D(2026, 11, 2),
    )
    ana = db.seekers.add(**seeker_row(office, 1, "Ana", shifts=["night"], experience={"9333": 12}))
    ref = db.referrals.refer(seeker=ana, vacancy=vac, by=gestora, on=D(2026, 11, 3))
    ref = db.referrals.evaluate(ref, result="suitable", by=psychologist, on=D(2026, 11, 4))
    placement = db.placements.record(seeker=ana, vacancy=vac, start_on=D(2026, 11, 9))
    return dict(
        vacancy=db.vacancies.get(vac), seeker=db.seekers.get(ana), referral=db.referrals.get(ref), placement=placement
    )


def test_records_show_every_declared_field_in_to_dict(db, office, story):
    vacancy, seeker, referral, placement = (story[k] for k in ("vacancy", "seeker", "referral", "placement"))
    assert list(vacancy.to_dict()) == META + [
        "office_id",
        "employer_id",
        "title",
        "occupation",
        "positions",
        "description",
        "employment_type",
        "shift",
        "schedule",
        "wage_min",
        "wage_max",
        "commune",
        "address",
        "education",
        "experience_months",
        "licences",
        "skills",
        "channel",
        "interaction_id",
        "captured_by",
        "captured_on",
        "valid_through",
        "cancel_reason",
        "cancelled_on",
        "placed",
        "status",
        "filled_on",
    ]
    assert list(seeker.to_dict()) == META + [
        "office_id",
        "rut",
        "name",
        "commune",
        "phone",
        "email",
        "address",
        "birth_date",
        "education",
        "experience",
        "skills",
        "licences",
        "shifts",
        "available_from",
        "registered_on",
        "consent_on",
        "consent_scope",
        "active",
    ]
    assert list(referral.to_dict()) == META + [
        "office_id",
        "seeker_id",
        "vacancy_id",
        "employer_id",
        "stage",
        "referred_on",
        "referred_by",
        "evaluation",
        "closed_on",
    ]
    assert list(placement.to_dict()) == META + [
        "office_id",
        "seeker_id",
        "vacancy_id",
        "employer_id",
        "referral_id",
        "start_on",
        "contract_type",
        "recorded_by",
        "employed_30",
        "checked_30",
        "employed_90",
        "checked_90",
    ]
    programme = db.programmes.list(office)[0]
    assert list(programme.to_dict()) == META + ["office_id", "code", "name", "kind", "audience", "active"]
    offer = db.programmes.offer(office=office, programme=programme.code, seeker=seeker)
    assert list(offer.to_dict()) == META + [
        "office_id",
        "programme_id",
        "employer_id",
        "seeker_id",
        "offered_on",
        "offered_by",
        "outcome",
        "outcome_on",
        "note",
    ]
    assert list(db.referrals.history(referral)[-1].to_dict()) == [
        "referral_id",
        "from_stage",
        "to_stage",
        "on",
        "staff_id",
        "result",
        "note",
        "actor",
    ]
    assert list(db.placements.checks_due(office, on=D(2026, 12, 9))[0].to_dict()) == [
        "placement_id",
        "employer_id",
        "day",
        "due_on",
    ]
    db.seekers.attend_workshop(seeker, workshop="Apresto laboral", on=D(2026, 11, 5))
    assert list(db.seekers.workshops(seeker)[0].to_dict()) == ["seeker_id", "on", "workshop", "staff_id"]
    # Attributes and the dict agree, with Python's types: enums as their names, ids as int, dates.
    for record in (vacancy, seeker, referral, placement, programme, offer):
        for name, value in record.to_dict().items():
            assert getattr(record, name) == value, name
    d = vacancy.to_dict()
    assert (d["shift"], d["employment_type"], d["education"], d["channel"], d["status"]) == (
        "night",
        "full_time",
        "none",
        "other",
        "partially_filled",
    )
    assert type(d["employer_id"]) is int and d["captured_on"] == D(2026, 11, 2)
    assert seeker.to_dict()["experience"] == [("9333", 12)] and seeker.shifts == ["night"]
    assert (referral.stage, referral.evaluation) == ("hired", "suitable")
    assert (placement.contract_type, programme.audience, offer.outcome) == ("full_time", programme.audience, "offered")


def test_reprs_show_the_same_fields_as_before(story):
    v, s, r = story["vacancy"], story["seeker"], story["referral"]
    assert repr(v) == (
        f"Vacancy(id={v.id}, title='Operario de bodega', occupation='9333', positions=2, placed=1, "
        "status='partially_filled')"
    )
    assert repr(s) == f"JobSeeker(id={s.id}, commune='05103')"
    assert repr(r) == f"Referral(id={r.id}, seeker_id={s.id}, vacancy_id={v.id}, stage='hired')"


def test_a_wrong_enum_value_names_the_parameter_and_the_value(db, office, acme, story):
    seeker, referral = story["seeker"], story["referral"]
    calls = [
        (
            "shift",
            "madrugada",
            lambda: db.vacancies.capture(employer=acme, title="X", occupation="9333", shift="madrugada"),
        ),
        (
            "employment_type",
            "forever",
            lambda: db.vacancies.capture(employer=acme, title="X", occupation="9333", employment_type="forever"),
        ),
        (
            "education",
            "doctorate",
            lambda: db.vacancies.capture(employer=acme, title="X", occupation="9333", education="doctorate"),
        ),
        ("channel", "fax", lambda: db.vacancies.capture(employer=acme, title="X", occupation="9333", channel="fax")),
        ("status", "closed", lambda: db.vacancies.list(office, status="closed")),
        ("education", "doctorate", lambda: db.seekers.update(seeker, education="doctorate")),
        ("shifts", "morning", lambda: db.seekers.update(seeker, shifts=["day", "morning"])),
        ("shifts", "morning", lambda: db.seekers.update(seeker, shifts="morning")),
        ("shifts", "3", lambda: db.seekers.update(seeker, shifts=["day", 3])),
        ("stage", "hired!", lambda: db.referrals.advance(referral, "hired!")),
        ("result", "great", lambda: db.referrals.evaluate(referral, result="great", by=1)),
        (
            "contract_type",
            "forever",
            lambda: db.placements.record(
                seeker=seeker, vacancy=story["vacancy"], start_on=D(2026, 11, 10), contract_type="forever"
            ),
        ),
        ("audience", "everyone", lambda: db.programmes.add(office=office, code="x", name="X", audience="everyone")),
        ("shift", "morning", lambda: omilcrm.explain_match({"shift": "morning"}, {})),
        ("seekers[0].shifts", "morning", lambda: omilcrm.rank_seekers({}, [{"shifts": "morning"}])),
    ]
    for field, value, call in calls:
        with pytest.raises(omilcrm.ValidationError) as e:
            call()
        assert (e.value.field, e.value.value) == (field, value)
        assert "expected one of" in str(e.value)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.vacancies.capture_many([dict(employer=acme, title="X", occupation="9333", shift=3)])
    assert (e.value.field, e.value.value) == ("rows[0].shift", "3")
    assert "day, afternoon, night" in str(e.value)


def test_enum_parameters_are_typed_as_the_names_they_take():
    assert f"shift: {SHIFTS} = 'day'" in omilcrm.Vacancies.capture.__doc__
    assert "education: typing.Literal['none', 'primary'," in omilcrm.Vacancies.capture.__doc__
    assert "status: typing.Literal['open', 'partially_filled'," in omilcrm.Vacancies.list.__doc__
    assert "to: typing.Literal['referred', 'interview', 'evaluation'," in omilcrm.Referrals.advance.__doc__
    assert "result: typing.Literal['suitable'," in omilcrm.Referrals.evaluate.__doc__
    assert "contract_type: typing.Literal['full_time'," in omilcrm.Placements.record.__doc__
    assert "audience: typing.Literal['employers', 'seekers', 'both'] = 'both'" in omilcrm.Programmes.add.__doc__
    assert "outcome: typing.Literal['offered', 'declined'," in omilcrm.Programmes.record_outcome.__doc__
    assert "-> typing.Literal['open'," in omilcrm.vacancy_status.__doc__
    one_or_many = f"{SHIFTS} | collections.abc.Iterable[{SHIFTS}] | None = None"
    assert f"shifts: {one_or_many}" in omilcrm.Seekers.add.__doc__
    assert f"shifts: {one_or_many}" in omilcrm.Seekers.update.__doc__


def test_the_stubs_let_mypy_catch_a_wrong_name(tmp_path: pathlib.Path):
    script = tmp_path / "analysis.py"
    script.write_text(
        "import omilcrm\n"
        "db = omilcrm.open(':memory:')\n"
        "db.vacancies.capture(employer=1, title='Operario', occupation='9333', shift='night')\n"
        "db.vacancies.capture(employer=1, title='Operario', occupation='9333', shift='nigth')\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--ignore-missing-imports", str(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "analysis.py:4:" in result.stdout and "analysis.py:3:" not in result.stdout


def test_rows_and_dicts_are_read_from_the_declarations(db, office, acme):
    with pytest.raises(omilcrm.ValidationError) as e:
        db.vacancies.capture_many([dict(employer=acme, title="X", occupation="9333", salary=1)])
    assert e.value.field == "rows[0].salary"
    assert "employer, title, occupation, positions," in str(e.value) and "by, on, valid_through" in str(e.value)
    # A seeker's row without its office names it, rather than looking up office 0.
    row = seeker_row(office, 1)
    del row["office"]
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.add_many([row])
    assert e.value.field == "rows[0].office" and "is required" in str(e.value)
    with pytest.raises(omilcrm.ValidationError) as e:
        db.seekers.add_many([dict(seeker_row(office, 2), hobby="chess")])
    assert e.value.field == "rows[0].hobby" and "consent_scope" in str(e.value)
    with pytest.raises(omilcrm.ValidationError) as e:
        omilcrm.explain_match({"occupation": "9333", "salary": 1}, {})
    assert e.value.field == "salary" and "is not a vacancy requirement field (id, occupation," in str(e.value)
    with pytest.raises(omilcrm.ValidationError) as e:
        omilcrm.explain_match({}, {"comune": "05103"})
    assert e.value.field == "comune" and "is not a seeker profile field (id, commune," in str(e.value)
    match = omilcrm.explain_match(
        {"occupation": "9333", "skills": ["Grúa Horquilla"], "shift": "night"},
        {"id": 7, "experience": [("9333", 24)], "skills": "grua horquilla", "shifts": "Night"},
    )
    assert match.seeker_id == 7 and list(match.to_dict()) == ["seeker_id", "vacancy_id", "score", "factors"]
    assert {f.name: f.score for f in match.factors}["skills"] == 1.0
    assert list(match.factors[0].to_dict()) == ["name", "score", "weight", "explanation"]


def test_the_sheets_columns_are_the_records_fields(story):
    vacancy = story["vacancy"].to_dict()
    columns = [name for name, _ in omilcrm.Imports.fields("vacancies")]
    assert columns[0] == "rut"
    assert [c for c in vacancy if c in columns] == columns[1:]
    assert set(vacancy) - set(columns) == set(META) | {
        "office_id",
        "employer_id",
        "interaction_id",
        "captured_by",
        "placed",
        "status",
        "filled_on",
    }
    seeker = story["seeker"].to_dict()
    columns = [name for name, _ in omilcrm.Imports.fields("seekers")]
    assert [c for c in seeker if c not in META + ["office_id"]] == columns
