"""The ISCO-08 occupation catalogue from Python."""

import omilcrm
import pytest


def test_isco_lookups():
    assert omilcrm.isco_occupation("9333").label == "Freight handlers"
    assert [o.code for o in omilcrm.isco_path("9333")] == ["9", "93", "933", "9333"]
    assert len(omilcrm.isco_occupations(level=4)) == 436
    with pytest.raises(omilcrm.ValidationError) as e:
        omilcrm.isco_occupation("12a")
    assert e.value.field == "occupation"
