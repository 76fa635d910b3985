import datetime as dt

import omilcrm
import pytest
from omilcrm import territory


@pytest.mark.parametrize("text", ["76.086.428-5", "76086428-5", "760864285", " 76 086 428 - 5 "])
def test_rut_formats(text):
    rut = omilcrm.Rut(text)
    assert str(rut) == "76.086.428-5"
    assert rut.compact == "760864285"
    assert rut.check_digit == "5"


def test_rut_k_and_zero():
    assert str(omilcrm.Rut("76231455-k")) == "76.231.455-K"
    assert omilcrm.Rut.check_digit_for(77123987) == "0"


def test_invalid_rut_names_value_and_expected_digit():
    with pytest.raises(omilcrm.ValidationError) as info:
        omilcrm.Rut("76.086.428-4")
    assert isinstance(info.value, ValueError)
    assert info.value.field == "rut"
    assert info.value.value == "76.086.428-4"
    assert "check digit should be 5" in str(info.value)
    assert omilcrm.Rut.is_valid("76.086.428-5")
    assert not omilcrm.Rut.is_valid("76.086.428-4")
    assert not omilcrm.Rut.is_valid("hello")


def test_territory_counts_and_lookups():
    assert len(territory.regions()) == 16
    assert len(territory.provinces()) == 56
    assert len(territory.communes()) == 346
    for name in ["concon", "CONCÓN", "Concón", "05103"]:
        assert territory.commune(name).code == "05103"
    assert territory.commune("los angeles").name == "Los Ángeles"
    assert territory.province("051").name == "Valparaíso"
    assert territory.find_commune("Atlantis") is None
    with pytest.raises(omilcrm.ValidationError, match="Atlantis"):
        territory.commune("Atlantis")


def test_visiting_window_and_recurrence():
    w = omilcrm.VisitingWindow.parse("lun-vie 9:00-12:30")
    assert str(w) == "mon-fri 09:00-12:30"
    assert w.open_on("wed") and not w.open_on("sat")
    with pytest.raises(omilcrm.ValidationError):
        omilcrm.VisitingWindow.parse("mon-fri 12:00-09:00")
    first_thu = omilcrm.Recurrence.monthly(week=1, weekday="thu")
    assert first_thu.occurrences(dt.date(2026, 1, 1), dt.date(2026, 3, 31)) == [
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 5),
        dt.date(2026, 3, 5),
    ]
    last_fri = omilcrm.Recurrence.monthly(week=-1, weekday="fri")
    assert last_fri.next(dt.date(2026, 2, 1)) == dt.date(2026, 2, 27)
    assert omilcrm.Recurrence.parse(str(last_fri)) == last_fri
    assert first_thu.describe() == "first Thursday of each month"


def test_phone_and_email_normalisation():
    assert omilcrm.normalize_phone("9 8765 4321") == "+56987654321"
    assert omilcrm.normalize_phone("(32) 212 3456") == "+56322123456"
    assert omilcrm.normalize_phone("+56 9 8765 4321") == "+56987654321"
    with pytest.raises(omilcrm.ValidationError, match="12345"):
        omilcrm.normalize_phone("12345")
    assert omilcrm.normalize_email(" Ana@Empresa.CL ") == "ana@empresa.cl"
    with pytest.raises(omilcrm.ValidationError):
        omilcrm.normalize_email("ana@")


def test_the_package_version_is_the_librarys():
    import importlib.metadata
    import pathlib
    import re

    header = (pathlib.Path(__file__).resolve().parents[2] / "libomilcrm/include/omilcrm/version.hpp").read_text()
    parts = [re.search(rf"#define OMILCRM_VERSION_{p} (\d+)", header).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
    assert omilcrm.__version__ == importlib.metadata.version("omilcrm") == ".".join(parts)


def test_today_is_chiles_date_the_one_the_library_checks_against():
    """Between midnight UTC and midnight in Chile, the machine's date.today() is a day ahead of the
    offices'; a date given as omilcrm.today() is never "in the future"."""
    import zoneinfo

    assert omilcrm.today() == dt.datetime.now(zoneinfo.ZoneInfo("America/Santiago")).date()
    db = omilcrm.open(":memory:")
    assert db.today() == omilcrm.today()
    office = db.offices.add(name="OMIL Concón", commune="concon")
    ana = db.seekers.add(
        office=office,
        rut="15.000.003-3",
        name="Ana Pérez",
        commune="Concón",
        consent_on=omilcrm.today(),
        consent_scope=["intermediation"],
        registered_on=omilcrm.today(),
    )
    assert ana.registered_on == omilcrm.today()
    tomorrow = omilcrm.today() + dt.timedelta(days=1)
    with pytest.raises(omilcrm.ValidationError, match="is in the future"):
        db.seekers.add(
            office=office, rut="15.000.004-1", name="Marta", commune="Concón", consent_on=tomorrow, consent_scope=[]
        )
