// Database, transactions, records and repositories.
#include <pybind11/stl.h>

#include <thread>

#include <omilcrm/database.hpp>
#include <omilcrm/error.hpp>
#include <omilcrm/territory.hpp>

#include "bindings.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace omilcrm::python {

namespace {

std::vector<VisitingWindow> windows_from(const py::handle& v) {
    if (v.is_none()) return {};
    if (py::isinstance<py::str>(v)) return parse_visiting_hours(v.cast<std::string>());
    std::vector<VisitingWindow> out;
    for (auto item : v) {
        if (py::isinstance<VisitingWindow>(item)) out.push_back(item.cast<VisitingWindow>());
        else out.push_back(VisitingWindow::parse(py::str(item).cast<std::string>()));
    }
    return out;
}

template <class T>
Id ref_or_zero(const std::optional<Ref<T>>& r) {
    return r ? r->id : 0;
}


// Builds a NewEmployer from a dict (one row of add_many); unknown keys are refused.
NewEmployer new_employer_from(const py::dict& d) {
    NewEmployer e;
    for (auto [k, v] : d) {
        const std::string key = py::str(k);
        if (v.is_none()) continue;
        auto text = [&] { return py::str(v).cast<std::string>(); };
        
        if (key == "rut") e.rut = text();
        else if (key == "legal_name" || key == "name") e.legal_name = text();
        else if (key == "trade_name") e.trade_name = text();
        else if (key == "sector") e.sector = text();
        else if (key == "size") e.size = parse_size_band(text());
        else if (key == "address") e.address = text();
        else if (key == "commune") e.commune = text();
        else if (key == "latitude") e.latitude = value_of<double>(key, v, "a number");
        else if (key == "longitude") e.longitude = value_of<double>(key, v, "a number");
        else if (key == "visiting_hours") e.visiting_hours = windows_from(v);
        else if (key == "status") e.status = parse_employer_status(text());
        else if (key == "notes") e.notes = text();
        else if (key == "office") e.office_id = ref_of<Office>(key, v);
        else if (key == "owner") e.owner_id = ref_of<StaffMember>(key, v);
        else if (key == "cluster") e.cluster_id = ref_of<Cluster>(key, v);
        else if (key == "joined") e.joined = value_of<Date>(key, v, "a date");
        else if (key == "segment") e.segment = text();
        else if (key == "since") e.since = value_of<Date>(key, v, "a date");
        else throw ValidationError(key, text(), "is not an employer field");
    }
    return e;
}

}  // namespace

void bind_database(py::module_& m) {
    // ---- Records --------------------------------------------------------------------------
    py::class_<Employer> employer(m, "Employer", "A company, identified by its RUT.");
    def_meta<Employer>(employer);
    employer.def_readonly("office_id", &Employer::office_id)
        .def_readonly("rut", &Employer::rut)
        .def_readonly("legal_name", &Employer::legal_name)
        .def_readonly("trade_name", &Employer::trade_name)
        .def_property_readonly("name", [](const Employer& e) { return e.display_name(); },
                               "Trade name when there is one, else the legal name.")
        .def_readonly("sector", &Employer::sector)
        .def_property_readonly("size", [](const Employer& e) { return std::string(to_string(e.size)); })
        .def_readonly("address", &Employer::address)
        .def_readonly("commune", &Employer::commune_code)
        .def_readonly("latitude", &Employer::latitude)
        .def_readonly("longitude", &Employer::longitude)
        .def_readonly("visiting_hours", &Employer::visiting_hours)
        .def_property_readonly("status", [](const Employer& e) { return std::string(to_string(e.status)); })
        .def_readonly("notes", &Employer::notes)
        .def_readonly("owner_id", &Employer::owner_id)
        .def_readonly("segment", &Employer::segment, "Tier or segment for cadence policies ('key_account').")
        .def("__repr__", [](const Employer& e) {
            return "Employer(id=" + std::to_string(e.meta.id) + ", rut=" + quoted(e.rut.str()) +
                   ", legal_name=" + quoted(e.legal_name) + ", status=" +
                   quoted(std::string(to_string(e.status))) + ")";
        });

    py::class_<Contact> contact(m, "Contact", "A person at an employer.");
    def_meta<Contact>(contact);
    contact.def_readonly("employer_id", &Contact::employer_id)
        .def_readonly("name", &Contact::name)
        .def_readonly("role", &Contact::role)
        .def_readonly("email", &Contact::email)
        .def_readonly("phone", &Contact::phone)
        .def_readonly("primary", &Contact::primary)
        .def("__repr__", [](const Contact& c) {
            return "Contact(id=" + std::to_string(c.meta.id) + ", name=" + quoted(c.name) +
                   ", employer_id=" + std::to_string(c.employer_id) + (c.primary ? ", primary=True" : "") + ")";
        });

    py::class_<Cluster> cluster(m, "Cluster", "A group of employers with a representative and a meeting rhythm.");
    def_meta<Cluster>(cluster);
    cluster.def_readonly("office_id", &Cluster::office_id)
        .def_readonly("name", &Cluster::name)
        .def_property_readonly("kind", [](const Cluster& c) { return std::string(to_string(c.kind)); })
        .def_readonly("representative_id", &Cluster::representative_id)
        .def_readonly("meets", &Cluster::meets)
        .def_readonly("notes", &Cluster::notes)
        .def("__repr__", [](const Cluster& c) {
            return "Cluster(id=" + std::to_string(c.meta.id) + ", name=" + quoted(c.name) +
                   ", kind=" + quoted(std::string(to_string(c.kind))) + ")";
        });

    py::class_<Membership>(m, "Membership", "One period of an employer in a cluster.")
        .def_readonly("cluster_id", &Membership::cluster_id)
        .def_readonly("employer_id", &Membership::employer_id)
        .def_readonly("joined", &Membership::joined)
        .def_readonly("left", &Membership::left)
        .def("member_on", &Membership::member_on, "day"_a)
        .def("__repr__", [](const Membership& x) {
            return "Membership(cluster_id=" + std::to_string(x.cluster_id) + ", employer_id=" +
                   std::to_string(x.employer_id) + ", joined=" + quoted(x.joined.iso()) +
                   ", left=" + (x.left ? quoted(x.left->iso()) : "None") + ")";
        });

    py::class_<Ownership>(m, "Ownership", "A period during which a staff member owned an employer.")
        .def_readonly("employer_id", &Ownership::employer_id)
        .def_readonly("staff_id", &Ownership::staff_id)
        .def_readonly("start", &Ownership::from)
        .def_readonly("end", &Ownership::to)
        .def_readonly("reason", &Ownership::reason)
        .def("__repr__", [](const Ownership& o) {
            return "Ownership(employer_id=" + std::to_string(o.employer_id) + ", staff_id=" +
                   std::to_string(o.staff_id) + ", start=" + quoted(o.from.iso()) +
                   ", end=" + (o.to ? quoted(o.to->iso()) : "None") + ")";
        });

    // ---- Repositories ---------------------------------------------------------------------
    py::class_<Employers>(m, "Employers")
        .def("__repr__", [](const Employers&) { return std::string("<omilcrm.Employers repository>"); })
        .def("add", [](Employers& r, const std::string& rut, std::optional<std::string> legal_name,
                       std::optional<std::string> name, std::optional<Ref<Office>> office,
                       const std::string& trade_name, const std::string& sector, const std::string& size,
                       const std::string& address, const std::string& commune,
                       std::optional<double> latitude, std::optional<double> longitude,
                       const py::object& visiting_hours, const std::string& status,
                       const std::string& notes, std::optional<Ref<StaffMember>> owner, std::optional<Ref<Cluster>> cluster,
                       std::optional<Date> joined, const std::string& segment, std::optional<Date> since) {
            NewEmployer e;
            e.rut = rut;
            e.legal_name = legal_name ? *legal_name : name.value_or("");
            e.office_id = ref_or_zero(office);
            e.trade_name = trade_name;
            e.sector = sector;
            e.size = parse_size_band(size);
            e.address = address;
            e.commune = commune;
            e.latitude = latitude;
            e.longitude = longitude;
            e.visiting_hours = windows_from(visiting_hours);
            e.status = parse_employer_status(status);
            e.notes = notes;
            e.owner_id = ref_or_zero(owner);
            if (cluster) e.cluster_id = cluster->id;
            e.joined = joined;
            e.segment = segment;
            e.since = since;
            return r.add(e);
        }, py::kw_only(), "rut"_a, "legal_name"_a = py::none(), "name"_a = py::none(),
           "office"_a = py::none(), "trade_name"_a = "", "sector"_a = "", "size"_a = "unknown",
           "address"_a = "", "commune"_a = "", "latitude"_a = py::none(), "longitude"_a = py::none(),
           "visiting_hours"_a = py::none(), "status"_a = "prospect", "notes"_a = "",
           "owner"_a = py::none(), "cluster"_a = py::none(), "joined"_a = py::none(), "segment"_a = "",
           "since"_a = py::none(),
           "Adds an employer. `name` is an alias of `legal_name`; with `cluster`, the office is the "
           "cluster's and the employer joins it on `joined` (default today). `owner` defaults to the "
           "office's territorial manager, else its head. `since`: since when the office works with it "
           "(default today).")
        .def("add_many", [](Employers& r, const py::iterable& rows) {
            const auto in = rows_of(rows, new_employer_from);
            return r.add_many(in);
        }, "rows"_a,
           "Bulk path: an iterable of dicts with add()'s keywords, each validated and inserted in one "
           "transaction; one bad row and nothing is added. Returns the new ids.")
        .def("get", [](const Employers& r, Ref<Employer> id) { return r.get(id.id); }, "employer"_a)
        .def("find_by_rut", &Employers::find_by_rut, "rut"_a)
        .def("changes", [](const Employers& r, Ref<Employer> e) { return r.changes(e.id); }, "employer"_a,
             "The employer's change log: when, field, old and new value.")
        .def("list", [](const Employers& r, Ref<Office> office) { return r.list(office.id); }, "office"_a)
        .def("search", [](const Employers& r, Ref<Office> office, std::string_view text) { return r.search(office.id, text); },
             "office"_a, "text"_a)
        .def("update", [](Employers& r, Ref<Employer> employer, std::optional<std::string> legal_name,
                          std::optional<std::string> trade_name, std::optional<std::string> sector,
                          std::optional<std::string> size, std::optional<std::string> address,
                          std::optional<std::string> commune, std::optional<double> latitude,
                          std::optional<double> longitude, const py::object& visiting_hours,
                          std::optional<std::string> status, std::optional<std::string> notes,
                          std::optional<std::string> segment) {
            EmployerUpdate u;
            u.legal_name = legal_name;
            u.trade_name = trade_name;
            u.sector = sector;
            if (size) u.size = parse_size_band(*size);
            u.address = address;
            u.commune = commune;
            if (latitude) u.latitude = latitude;
            if (longitude) u.longitude = longitude;
            if (!visiting_hours.is_none()) u.visiting_hours = windows_from(visiting_hours);
            if (status) u.status = parse_employer_status(*status);
            u.notes = notes;
            u.segment = segment;
            return r.update(employer.id, u);
        }, "employer"_a, py::kw_only(), "legal_name"_a = py::none(), "trade_name"_a = py::none(),
           "sector"_a = py::none(), "size"_a = py::none(), "address"_a = py::none(),
           "commune"_a = py::none(), "latitude"_a = py::none(), "longitude"_a = py::none(),
           "visiting_hours"_a = py::none(), "status"_a = py::none(), "notes"_a = py::none(),
           "segment"_a = py::none(),
           "Changes the given fields; the others stay as they are.")
        .def("count", [](const Employers& r, Ref<Office> office) { return r.count(office.id); }, "office"_a)
        .def("table", [](const Employers& r, Ref<Office> office) { return r.table(office.id); }, "office"_a);

    py::class_<Contacts>(m, "Contacts")
        .def("__repr__", [](const Contacts&) { return std::string("<omilcrm.Contacts repository>"); })
        .def("add", [](Contacts& r, Ref<Employer> employer, const std::string& name, const std::string& role,
                       const std::string& email, const std::string& phone, bool primary) {
            return r.add({.employer_id = employer.id, .name = name, .role = role, .email = email,
                          .phone = phone, .primary = primary});
        }, py::kw_only(), "employer"_a, "name"_a, "role"_a = "", "email"_a = "", "phone"_a = "",
           "primary"_a = false, "Phones are normalised to +56...; a new primary contact demotes the old one.")
        .def("get", [](const Contacts& r, Ref<Contact> id) { return r.get(id.id); }, "contact"_a)
        .def("list", [](const Contacts& r, Ref<Employer> employer) { return r.list(employer.id); }, "employer"_a)
        .def("primary", [](const Contacts& r, Ref<Employer> employer) { return r.primary(employer.id); }, "employer"_a)
        .def("make_primary", [](Contacts& r, Ref<Contact> contact) { return r.make_primary(contact.id); }, "contact"_a)
        .def("update", [](Contacts& r, Ref<Contact> contact, std::optional<std::string> name,
                          std::optional<std::string> role, std::optional<std::string> email,
                          std::optional<std::string> phone) {
            return r.update(contact.id, {name, role, email, phone});
        }, "contact"_a, py::kw_only(), "name"_a = py::none(), "role"_a = py::none(), "email"_a = py::none(),
           "phone"_a = py::none(), "Changes the given fields; the employer's change log keeps the old values.")
        .def("table", [](const Contacts& r, Ref<Office> office) { return r.table(office.id); }, "office"_a);

    py::class_<Clusters>(m, "Clusters")
        .def("__repr__", [](const Clusters&) { return std::string("<omilcrm.Clusters repository>"); })
        .def("add", [](Clusters& r, Ref<Office> office, const std::string& name, const std::string& kind,
                       std::optional<Recurrence> meets, const std::string& notes) {
            return r.add({.office_id = office.id, .name = name, .kind = parse_cluster_kind(kind),
                          .meets = meets, .notes = notes});
        }, py::kw_only(), "office"_a, "name"_a, "kind"_a = "other", "meets"_a = py::none(), "notes"_a = "",
           "kind: industrial_park, trade_association, chamber_of_commerce or other.")
        .def("get", [](const Clusters& r, Ref<Cluster> id) { return r.get(id.id); }, "cluster"_a)
        .def("list", [](const Clusters& r, Ref<Office> office) { return r.list(office.id); }, "office"_a)
        .def("add_member", [](Clusters& r, Ref<Cluster> cluster, Ref<Employer> employer, std::optional<Date> joined) {
            return r.add_member(cluster.id, employer.id, joined.value_or(r.today()));
        }, "cluster"_a, "employer"_a, py::kw_only(), "joined"_a = py::none())
        .def("remove_member", [](Clusters& r, Ref<Cluster> cluster, Ref<Employer> employer, std::optional<Date> left) {
            return r.remove_member(cluster.id, employer.id, left.value_or(r.today()));
        }, "cluster"_a, "employer"_a, py::kw_only(), "left"_a = py::none(),
           "The employer is no longer a member from `left` (default today) on.")
        .def("members", [](const Clusters& r, Ref<Cluster> cluster, std::optional<Date> as_of) {
            return r.members(cluster.id, as_of.value_or(r.today()));
        }, "cluster"_a, py::kw_only(), "as_of"_a = py::none(), "Ids of the employers that were members on as_of.")
        .def("memberships", [](const Clusters& r, Ref<Cluster> cluster) { return r.memberships(cluster.id); }, "cluster"_a)
        .def("clusters_of", [](const Clusters& r, Ref<Employer> employer, std::optional<Date> as_of) {
            return r.clusters_of(employer.id, as_of.value_or(r.today()));
        }, "employer"_a, py::kw_only(), "as_of"_a = py::none())
        .def("set_representative", [](Clusters& r, Ref<Cluster> cluster, Ref<Contact> contact) {
            return r.set_representative(cluster.id, contact.id);
        }, "cluster"_a, "contact"_a)
        .def("set_meets", [](Clusters& r, Ref<Cluster> cluster, std::optional<Recurrence> meets) {
            return r.set_meets(cluster.id, meets);
        }, "cluster"_a, "meets"_a)
        .def("meetings", [](const Clusters& r, Ref<Cluster> cluster, Date start, Date end) {
            return r.meetings(cluster.id, start, end);
        }, "cluster"_a, "start"_a, "end"_a)
        .def("upcoming", [](const Clusters& r, Ref<Office> office, std::optional<Date> start, int days) {
            return r.upcoming(office.id, start.value_or(r.today()), days);
        }, "office"_a, py::kw_only(), "start"_a = py::none(), "days"_a = 31,
           "(cluster id, date) of every cluster meeting of the office in the coming days, by date.")
        .def("attendance", [](const Clusters& r, Ref<Cluster> cluster) { return r.attendance(cluster.id); },
             "cluster"_a, "Attendance history: one row per recorded meeting and member.");

    py::class_<Portfolio>(m, "Portfolio")
        .def("__repr__", [](const Portfolio&) { return std::string("<omilcrm.Portfolio repository>"); })
        .def("assign", [](Portfolio& r, Ref<Employer> employer, Ref<StaffMember> staff, std::optional<Date> on, const std::string& reason) {
            return r.assign(employer.id, staff.id, on.value_or(r.today()), reason);
        }, "employer"_a, "staff"_a, py::kw_only(), "on"_a = py::none(), "reason"_a = "")
        .def("hand_over", [](Portfolio& r, Ref<StaffMember> from_staff, Ref<StaffMember> to_staff, std::optional<Date> on, const std::string& reason) {
            return r.hand_over(from_staff.id, to_staff.id, on.value_or(r.today()), reason);
        }, "from_staff"_a, "to_staff"_a, py::kw_only(), "on"_a = py::none(), "reason"_a = "",
           "Hands every employer of from_staff to to_staff in one transaction; returns how many.")
        .def("employers_of", [](const Portfolio& r, Ref<StaffMember> staff) { return r.employers_of(staff.id); }, "staff"_a)
        .def("history", [](const Portfolio& r, Ref<Employer> employer) { return r.history(employer.id); }, "employer"_a);

}

// Registered last: its properties return every repository type.
void bind_database_handle(py::module_& m) {
    py::class_<Transaction>(m, "Transaction", "Use as a context manager: commits on success, rolls back on error.")
        .def("commit", &Transaction::commit)
        .def("rollback", &Transaction::rollback)
        .def_property_readonly("active", &Transaction::active)
        .def("__repr__", [](const Transaction& t) {
            return std::string(t.active() ? "<omilcrm.Transaction active>" : "<omilcrm.Transaction done>");
        })
        .def("__enter__", [](Transaction& t) -> Transaction& { return t; }, py::return_value_policy::reference)
        .def("__exit__", [](Transaction& t, const py::object& exc_type, const py::object&, const py::object&) {
            if (!t.active()) return false;
            if (exc_type.is_none()) t.commit();
            else t.rollback();
            return false;
        });

    py::class_<Database>(m, "Database", "An office database (one SQLite file, or ':memory:').")
        .def_static("open", [](const std::string& path, std::optional<Date> today, const std::string& mode,
                               double timeout, bool check_same_thread) {
            OpenOptions o;
            if (today) o.clock = std::make_shared<FixedClock>(*today);
            if (mode == "create") o.mode = OpenMode::Create;
            else if (mode == "must_exist") o.mode = OpenMode::MustExist;
            else if (mode == "read_only") o.mode = OpenMode::ReadOnly;
            else throw ValidationError("mode", mode, "expected one of create, must_exist, read_only");
            if (!(timeout >= 0) || timeout > 86400) throw ValidationError("timeout", std::to_string(timeout), "expected seconds from 0 to 86400");
            o.busy_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout * 1000));
            o.same_thread = check_same_thread;
            // While another connection holds the write lock, wait without the GIL, so that a
            // thread of this process holding that lock can finish.
            o.sleep = [](std::chrono::microseconds d) {
                py::gil_scoped_release release;
                std::this_thread::sleep_for(d);
            };
            return Database::open(path, o);
        }, "path"_a, "today"_a = py::none(), "mode"_a = "create", "timeout"_a = 5.0, "check_same_thread"_a = true)
        .def_property_readonly("offices", &Database::offices, py::return_value_policy::reference_internal)
        .def_property_readonly("staff", &Database::staff, py::return_value_policy::reference_internal)
        .def_property_readonly("employers", &Database::employers, py::return_value_policy::reference_internal)
        .def_property_readonly("contacts", &Database::contacts, py::return_value_policy::reference_internal)
        .def_property_readonly("clusters", &Database::clusters, py::return_value_policy::reference_internal)
        .def_property_readonly("portfolio", &Database::portfolio, py::return_value_policy::reference_internal)
        .def_property_readonly("interactions", &Database::interactions, py::return_value_policy::reference_internal)
        .def_property_readonly("commitments", &Database::commitments, py::return_value_policy::reference_internal)
        .def_property_readonly("follow_ups", &Database::follow_ups, py::return_value_policy::reference_internal)
        .def_property_readonly("cadence", &Database::cadence, py::return_value_policy::reference_internal)
        .def_property_readonly("planner", &Database::planner, py::return_value_policy::reference_internal)
        .def_property_readonly("calendar", &Database::calendar, py::return_value_policy::reference_internal)
        .def_property_readonly("departments", &Database::departments, py::return_value_policy::reference_internal)
        .def_property_readonly("catalogue", &Database::catalogue, py::return_value_policy::reference_internal)
        .def_property_readonly("routing", &Database::routing, py::return_value_policy::reference_internal)
        .def_property_readonly("requests", &Database::requests, py::return_value_policy::reference_internal)
        .def_property_readonly("open311", &Database::open311, py::return_value_policy::reference_internal)
        .def_property_readonly("vacancies", &Database::vacancies, py::return_value_policy::reference_internal)
        .def_property_readonly("seekers", &Database::seekers, py::return_value_policy::reference_internal)
        .def_property_readonly("referrals", &Database::referrals, py::return_value_policy::reference_internal)
        .def_property_readonly("placements", &Database::placements, py::return_value_policy::reference_internal)
        .def_property_readonly("programmes", &Database::programmes, py::return_value_policy::reference_internal)
        .def_property_readonly("matching", &Database::matching, py::return_value_policy::reference_internal)
        .def_property_readonly("reports", &Database::reports, py::return_value_policy::reference_internal)
        .def_property_readonly("events", &Database::events, py::return_value_policy::reference_internal)
        .def_property_readonly("outreach", &Database::outreach, py::return_value_policy::reference_internal)
        .def_property_readonly("regional", &Database::regional, py::return_value_policy::reference_internal)
        .def_property_readonly("imports", &Database::imports, py::return_value_policy::reference_internal)
        .def("transaction", &Database::transaction, py::keep_alive<0, 1>(),
             "with db.transaction(): ... groups operations; an exception rolls them all back.")
        .def_property_readonly("path", &Database::path)
        .def("today", &Database::today)
        .def_property_readonly("schema_version", &Database::schema_version)
        .def_property_readonly_static("latest_schema_version", [](const py::object&) {
            return Database::latest_schema_version();
        })
        .def("__enter__", [](Database& d) -> Database& { return d; }, py::return_value_policy::reference)
        .def("close", &Database::close, "Closes the file now; later use raises StorageError.")
        .def_property_readonly("is_open", &Database::is_open)
        .def_property_readonly("read_only", &Database::read_only,
                               "True when the file is open read-only (asked for, or not writable).")
        .def("__exit__", [](Database& d, const py::object&, const py::object&, const py::object&) {
            d.close();
            return false;
        })
        .def("__repr__", [](const Database& d) {
            if (!d.is_open()) return "Database(path=" + quoted(d.path()) + ", closed)";
            return "Database(path=" + quoted(d.path()) + ", schema_version=" + std::to_string(d.schema_version()) + ")";
        });
}

}  // namespace omilcrm::python
