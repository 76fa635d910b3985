// The regional view: the directorate, its representatives, consolidation of office files by UUID,
// and reports per office and per province.
#include <map>

#include "omilcrm/database.hpp"
#include "omilcrm/error.hpp"
#include "omilcrm/territory.hpp"
#include "region_rules.hpp"
#include "store/offices.hpp"
#include "store/region.hpp"
#include "text.hpp"

namespace omilcrm {

RegionalDirectorate Regional::setup(std::string_view region_in, const std::string& name_in) {
    detail::WriteScope write(*db_);
    const omilcrm::Region& r = territory::region(region_in);
    const std::string name(detail::trim(name_in));
    if (name.empty()) throw ValidationError("name", name_in, "is required");
    if (auto existing = directorate()) {
        if (existing->region_code != r.code)
            throw Conflict("this database is already the regional database of region " + existing->region_code);
        return *existing;
    }
    for (const auto& o : Offices(*db_).list())
        if (territory::commune(o.commune_code).region_code != r.code)
            throw Conflict("office " + o.name + " is outside region " + r.code);
    store::insert_directorate(*db_, detail::new_meta(*db_), r.code, name);
    return {r.code, name};
}

std::optional<RegionalDirectorate> Regional::directorate() const { return store::find_directorate(*db_); }

namespace {
RegionalDirectorate require_region(const Regional& r) {
    auto d = r.directorate();
    if (!d) throw Conflict("this database is not a regional one yet: set it up with the region's code first (setup)");
    return *d;
}
}  // namespace

Office Regional::register_office(std::string_view commune_in, const std::string& name_in) {
    detail::WriteScope write(*db_);
    const auto d = require_region(*this);
    const Commune& c = territory::commune(commune_in);
    if (c.region_code != d.region_code)
        throw ValidationError("commune", std::string(commune_in), "is outside region " + d.region_code);
    for (const auto& o : Offices(*db_).list())
        if (o.commune_code == c.code) throw Conflict("the region already has " + o.name + " for " + c.name);
    // A bare office row: its departments, catalogue and programmes come with its file.
    Office o;
    o.name = detail::trim(name_in).empty() ? "OMIL " + c.name : std::string(detail::trim(name_in));
    o.commune_code = c.code;
    o.meta = detail::new_meta(*db_);
    store::insert_office(*db_, o);
    return Offices(*db_).get(o.meta.id);
}

Representative Regional::add_representative(std::string_view province_in, const std::string& name_in,
                                            const std::string& role, std::optional<Id> office_id,
                                            const std::string& email, const std::string& phone) {
    detail::WriteScope write(*db_);
    const auto d = require_region(*this);
    const Province& p = territory::province(province_in);
    if (p.region_code != d.region_code)
        throw ValidationError("province", std::string(province_in), "is outside region " + d.region_code);
    const std::string name(detail::trim(name_in));
    if (name.empty()) throw ValidationError("name", name_in, "is required");
    if (office_id) detail::check_office(*db_, *office_id);
    std::size_t already = 0;
    for (const auto& r : representatives()) already += r.province_code == p.code;
    if (already >= 2) throw Conflict("province " + p.name + " already has its two representatives");
    Representative r;
    r.meta = detail::new_meta(*db_);
    r.province_code = p.code;
    r.name = name;
    r.role = std::string(detail::trim(role));
    r.office_id = office_id;
    r.email = detail::trim(email).empty() ? std::string() : normalize_email(email);
    r.phone = detail::trim(phone).empty() ? std::string() : normalize_phone(phone);
    store::insert_representative(*db_, r);
    return r;
}

std::vector<Representative> Regional::representatives() const { return store::list_representatives(*db_); }

namespace {

// Which regional office an office file is, once the write lock is held: refused (Conflict) when
// it is outside the region, not registered, held under another UUID, placed in another commune or
// older than the last file imported for it; otherwise the registered office that takes the file's
// UUID, if the region holds the office under none yet.
std::optional<Id> import_target(detail::DbImpl& db, const RegionalDirectorate& region, const std::string& path,
                                const store::OfficeFileFacts& file) {
    const Commune* commune = territory::find_commune(file.commune);
    if (!commune || commune->region_code != region.region_code)
        throw Conflict("\"" + path + "\" is " + file.office_name + " of commune " + file.commune + ", outside region " +
                       region.region_code + "; nothing was imported");
    std::optional<Office> same_uuid, same_commune;
    for (const auto& o : Offices(db).list()) {
        if (o.meta.uuid == file.office_uuid) same_uuid = o;
        else if (o.commune_code == commune->code) same_commune = o;
    }
    if (!same_uuid && !same_commune)
        throw Conflict("\"" + path + "\" is " + file.office_name + " of " + commune->name +
                       ", an office the region has not registered (register_office); nothing was imported");
    if (same_commune && !same_uuid && store::last_import_change(db, same_commune->meta.id))
        throw Conflict("\"" + path + "\" is " + file.office_name + " (" + file.office_uuid +
                       "), but the region holds " + same_commune->name + " for " + commune->name +
                       " under another UUID (" + same_commune->meta.uuid + "); nothing was imported");
    if (same_uuid && same_uuid->commune_code != commune->code)
        throw Conflict("\"" + path + "\" says office " + file.office_uuid + " is in " + commune->name +
                       ", the region has it in commune " + same_uuid->commune_code + "; nothing was imported");
    if (same_uuid)
        if (auto last = store::last_import_change(db, same_uuid->meta.id); last && *last > file.latest_change)
            throw Conflict("\"" + path + "\" is older than the file of " + file.office_name +
                           " imported before; nothing was imported");
    // A registered office that never sent a file takes the file's identity.
    if (same_commune && !same_uuid) return same_commune->meta.id;
    return std::nullopt;
}

}  // namespace

ImportResult Regional::import_office(const std::string& path) {
    const auto region = require_region(*this);
    if (detail::transaction_depth(*db_) > 0)
        throw Conflict("an office file is imported outside any transaction (it is one itself)");
    ImportResult result = store::import_office_file(
        *db_, path, [&](const store::OfficeFileFacts& file) { return import_target(*db_, region, path, file); });
    detail::seekers_changed(*db_);
    return result;
}

Table Regional::imports() const {
    Table t;
    auto& office_id = t.add_column("office_id", ColumnType::Int);
    auto& office = t.add_column("office", ColumnType::Text);
    auto& source = t.add_column("source", ColumnType::Text);
    auto& at = t.add_column("at", ColumnType::Timestamp);
    auto& inserted = t.add_column("inserted", ColumnType::Int);
    auto& updated = t.add_column("updated", ColumnType::Int);
    for (const auto& e : store::list_imports(*db_)) {
        office_id.push_int(e.office_id);
        office.push_text(e.office);
        source.push_text(e.source);
        at.push_int(e.at);
        inserted.push_int(e.inserted);
        updated.push_int(e.updated);
    }
    return t;
}

namespace {

struct OfficeFigures {
    Office office;
    regional::OfficeFigures figures;
};

// Every office's figures for [from, to]: what its records count, its cadence compliance and its
// requests' deadlines.
std::vector<OfficeFigures> figures(detail::DbImpl& db, Date from, Date to) {
    if (to < from) throw ValidationError("end", to.iso(), "is before start (" + from.iso() + ")");
    std::vector<OfficeFigures> out;
    for (const auto& o : Offices(db).list()) {
        OfficeFigures f;
        f.office = o;
        if (const Commune* c = territory::find_commune(o.commune_code)) {
            f.figures.province_code = c->province_code;
            f.figures.province = territory::province(c->province_code).name;
        }
        regional::Figures& n = f.figures.figures;
        n = store::office_counts(db, o.meta.id, from, to);
        regional::add_cadence(n, Cadence(db).compliance(o.meta.id, from, to));
        regional::add_requests(n, Requests(db).deadline_compliance(o.meta.id, from, to));
        out.push_back(std::move(f));
    }
    return out;
}

void push_opt(Column& c, std::optional<double> v) {
    if (v) c.push_real(*v);
    else c.push_null();
}

// The figures' columns, filled row by row.
struct FigureColumns {
    Column *employers, *contacted, *cadence, *requests, *on_time, *vacancies, *positions, *placements, *showings;
    explicit FigureColumns(Table& t)
        : employers(&t.add_column("employers", ColumnType::Int)),
          contacted(&t.add_column("employers_contacted", ColumnType::Int)),
          cadence(&t.add_column("cadence_compliance", ColumnType::Real)),
          requests(&t.add_column("requests", ColumnType::Int)),
          on_time(&t.add_column("requests_on_time", ColumnType::Real)),
          vacancies(&t.add_column("vacancies", ColumnType::Int)),
          positions(&t.add_column("positions", ColumnType::Int)),
          placements(&t.add_column("placements", ColumnType::Int)),
          showings(&t.add_column("showings", ColumnType::Int)) {}
    void add(const regional::Figures& f) {
        employers->push_int(f.employers);
        contacted->push_int(f.contacted);
        push_opt(*cadence, regional::cadence_compliance(f));
        requests->push_int(f.requests);
        push_opt(*on_time, regional::on_time_share(f));
        vacancies->push_int(f.vacancies);
        positions->push_int(f.positions);
        placements->push_int(f.placements);
        showings->push_int(f.showings);
    }
};

}  // namespace

Table Regional::offices_report(Date from, Date to) const {
    Table t;
    auto& office_id = t.add_column("office_id", ColumnType::Int);
    auto& office = t.add_column("office", ColumnType::Text);
    auto& province = t.add_column("province", ColumnType::Text);
    FigureColumns cols(t);
    for (const auto& f : figures(*db_, from, to)) {
        office_id.push_int(f.office.meta.id);
        office.push_text(f.office.name);
        province.push_text(f.figures.province);
        cols.add(f.figures.figures);
    }
    // Cadence compliance is judged up to today at the latest (see judged_to).
    t.set_metadata("judged_to", judged_to_text(judged_to(from, to, today())));
    return t;
}

Table Regional::provinces_report(Date from, Date to) const {
    std::vector<Province> region_provinces;
    if (const auto d = directorate())  // every province of the region, even one without offices yet
        for (const auto& p : territory::provinces())
            if (p.region_code == d->region_code) region_provinces.push_back(p);
    std::vector<regional::OfficeFigures> offices_figures;
    for (auto& f : figures(*db_, from, to)) offices_figures.push_back(std::move(f.figures));
    const regional::ProvincesSummary summary = regional::by_province(region_provinces, offices_figures);
    Table t;
    auto& province = t.add_column("province", ColumnType::Text);
    auto& offices = t.add_column("offices", ColumnType::Int);
    FigureColumns cols(t);
    auto& share_offices = t.add_column("share_of_offices", ColumnType::Real);
    auto& share_placements = t.add_column("share_of_placements", ColumnType::Real);
    auto& share_showings = t.add_column("share_of_showings", ColumnType::Real);
    for (const auto& p : summary.provinces) {
        province.push_text(p.name);
        offices.push_int(p.offices);
        cols.add(p.figures);
        push_opt(share_offices, p.share_of_offices);
        push_opt(share_placements, p.share_of_placements);
        push_opt(share_showings, p.share_of_showings);
    }
    const auto& pb = summary.placements_balance;
    const auto& sb = summary.showings_balance;
    t.set_metadata("placements_balance", pb ? std::to_string(*pb) : std::string());
    t.set_metadata("showings_balance", sb ? std::to_string(*sb) : std::string());
    t.set_metadata("judged_to", judged_to_text(judged_to(from, to, today())));
    return t;
}

}  // namespace omilcrm
