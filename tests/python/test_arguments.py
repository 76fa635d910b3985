"""Values analysts have (NumPy numbers and dates, pandas timestamps, paths, records for ids) are
taken wherever an int, a date or a path is; arguments that fit no signature are explained in one
line naming the argument."""

import datetime as dt
import json
import pathlib
import pickle
import re

import numpy as np
import omilcrm
import pandas as pd
import pytest


def one_line(e: BaseException) -> str:
    text = str(e)
    assert "\n" not in text, text
    return text


# -- wrong keywords and types -------------------------------------------------------------------


def test_a_misspelt_keyword_is_named_with_the_likely_one(db, office, gestora):
    with pytest.raises(TypeError) as info:
        db.employers.add(rut="76.086.428-5", legal_nam="Acme", office=office)
    assert one_line(info.value) == (
        "Employers.add(): unexpected keyword argument 'legal_nam' (did you mean 'legal_name'?)"
    )
    assert db.employers.count(office) == 0


def test_a_wrong_type_names_the_argument_and_what_it_expects(db, office):
    with pytest.raises(TypeError) as info:
        db.employers.get("abc")
    text = one_line(info.value)
    assert text.startswith("Employers.get(): argument 'employer' expects int | Employer, got str 'abc'"), text


def test_a_missing_argument_is_named(db, office):
    with pytest.raises(TypeError) as info:
        db.employers.list()
    assert one_line(info.value) == "Employers.list(): missing required argument 'office'"


def test_too_many_positional_arguments(db, office):
    with pytest.raises(TypeError) as info:
        db.employers.count(office, 2)
    assert "takes 1 positional argument but 2 were given" in one_line(info.value)


def test_module_functions_and_static_methods_explain_too():
    with pytest.raises(TypeError) as info:
        omilcrm.Rut.check_digit_for("x")
    assert "argument" in one_line(info.value)
    with pytest.raises(TypeError) as info:
        omilcrm.isco_occupation(code="9333", langauge="es")
    assert "unexpected keyword argument 'langauge'" in one_line(info.value)


def test_validation_errors_still_name_the_field(db, office):
    with pytest.raises(omilcrm.ValidationError) as info:
        db.employers.add(rut="76.086.428-4", name="Acme", office=office)
    assert info.value.field == "rut"


# -- NumPy, pandas and pathlib values -----------------------------------------------------------


@pytest.mark.parametrize("kind", [np.int64, np.int32, np.uint16, int])
def test_numpy_integers_are_ids(db, office, gestora, acme, kind):
    assert db.employers.get(kind(acme.id)) == acme
    assert db.employers.count(kind(office.id)) == 1
    assert db.offices.get(kind(office.id)) == office
    assert len(db.cadence.due(office=kind(office.id))) >= 0


def test_numpy_bools_and_floats_are_not_ids(db, office, acme):
    with pytest.raises(TypeError):
        db.employers.get(np.float64(acme.id))
    with pytest.raises(TypeError):
        db.employers.get(np.bool_(True))


def test_ids_from_a_dataframe_column_work_in_add_many(db, office, gestora):
    frame = pd.DataFrame({"rut": ["76.086.428-5", "77.777.777-7"], "name": ["A", "B"], "office": [office.id] * 2})
    assert frame["office"].dtype == np.int64
    ids = db.employers.add_many(frame.to_dict("records"))
    assert len(ids) == 2
    assert db.employers.get(ids[1]).office_id == office.id


def test_numpy_datetime64_and_pandas_timestamps_are_dates(db, office, gestora, acme):
    a = db.interactions.log(employer=acme, kind="phone_call", by=gestora, on=np.datetime64("2026-11-20"))
    b = db.interactions.log(employer=acme, kind="phone_call", by=gestora, on=pd.Timestamp("2026-11-19"))
    c = db.interactions.log(employer=acme, kind="phone_call", by=gestora, on=np.datetime64("2026-11-18T15:30"))
    assert (a.on, b.on, c.on) == (dt.date(2026, 11, 20), dt.date(2026, 11, 19), dt.date(2026, 11, 18))
    rows = [{"employer": acme, "kind": "phone_call", "by": gestora, "on": d} for d in pd.to_datetime(["2026-11-17"])]
    assert len(db.interactions.log_many(rows)) == 1


def test_not_a_time_is_refused(db, office, gestora, acme):
    with pytest.raises((TypeError, omilcrm.ValidationError)):
        db.interactions.log(employer=acme, kind="phone_call", by=gestora, on=np.datetime64("NaT"))


def test_paths_are_taken_wherever_a_file_is(tmp_path, office, db):
    path = tmp_path / "empresas.csv"
    path.write_text("RUT,Razón Social\n76.086.428-5,Acme\n", encoding="utf-8")
    assert isinstance(path, pathlib.Path)
    assert omilcrm.read_csv(path).rows
    report = db.imports.employers(office, path, dry_run=True)
    assert report is not None
    other = omilcrm.open(tmp_path / "otra.omilcrm", create=True)
    other.close()


# -- records: dicts, JSON, pickle, HTML ---------------------------------------------------------


def test_records_pickle_and_convert_to_dicts_and_json(db, office, gestora, acme):
    again = pickle.loads(pickle.dumps(acme))
    assert again == acme
    assert again.to_dict() == acme.to_dict()
    assert json.loads(acme.to_json())["rut"] == "76.086.428-5"
    assert acme.to_dict()["legal_name"] == acme.legal_name


def test_records_show_as_html_tables(db, office, gestora):
    e = db.employers.add(rut="76.086.428-5", name="<script>alert(1)</script> SpA", office=office)
    html = e._repr_html_()
    assert html.startswith("<table")
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert re.search(r"<th[^>]*>legal_name</th>", html)
