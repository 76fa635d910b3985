// A job seeker's personal data is stored as given and read back through personal().
#include "helpers.hpp"

using namespace omt;

TEST_CASE("a seeker's birth date is stored and read back with the personal data", "[seekers]") {
    Database db = fresh_db();
    Concon c{db};
    NewJobSeeker s;
    s.office_id = c.office.meta.id;
    s.rut = "11.111.111-1";
    s.name = "Pedro Pérez";
    s.commune = "05103";
    s.address = "Avenida Borgoño 21000";
    s.birth_date = Date(1990, 5, 17);
    s.registered_on = Date(2026, 1, 10);
    s.consent_on = Date(2026, 1, 10);
    s.consent_scope = {"intermediation"};
    const JobSeeker added = db.seekers().add(s);
    CHECK(added.birth_date == Date(1990, 5, 17));

    const JobSeeker read = db.seekers().personal(added.meta.id, "checking the registration", c.manager.meta.id);
    CHECK(read.birth_date == Date(1990, 5, 17));
    CHECK(read.address == "Avenida Borgoño 21000");

    // Also through add_many, the spreadsheet's way in.
    s.rut = "22.222.222-2";
    s.birth_date = Date(1985, 2, 1);
    const auto ids = db.seekers().add_many({s});
    REQUIRE(ids.size() == 1);
    CHECK(db.seekers().personal(ids[0], "checking the registration", c.manager.meta.id).birth_date == Date(1985, 2, 1));
}
