"""Programmes from Python: offers to their audience and their outcomes."""

import datetime as dt

import omilcrm
import pytest
from conftest import seeker_row

D = dt.date


def test_programmes(db, office, acme):
    assert [p.code for p in db.programmes.list(office)][:2] == ["capacitacion", "subsidio_empleo_joven"]
    s = db.seekers.add(**seeker_row(office, 1))
    offer = db.programmes.offer(office=office, programme="bono_trabajo_mujer", seeker=s, on=D(2026, 10, 1))
    db.programmes.record_outcome(offer, "accepted", on=D(2026, 10, 3))
    assert db.programmes.record_outcome(offer, "enrolled", on=D(2026, 10, 9)).outcome == "enrolled"
    with pytest.raises(omilcrm.ValidationError):
        db.programmes.offer(office=office, programme="impulsa_personas", seeker=s)
    df = db.programmes.table(office).to_pandas()
    assert df.loc[0, "programme"] == "bono_trabajo_mujer" and df.loc[0, "enrolled"] == 1
