#pragma once
// The floor for bulk loading: the same rows as the library writes (same tables, same values,
// same side rows: ownership periods, memberships, personal data, experience, commitments,
// request events), inserted through the raw SQLite C API with prepared statements, one
// transaction per batch, on a file whose schema and indexes the library created. No validation.
#include <sqlite3.h>

#include <unordered_map>

#include "generate.hpp"

namespace bench {

/// What the raw loader needs to know about an office to write requests as the library would:
/// its routing rules, categories' deadlines and holidays. Read through the library before the
/// raw connection opens.
struct OfficeRouting {
    std::vector<RoutingRule> rules;
    std::unordered_map<std::string, int> deadline_days;  ///< by category code
    HolidayCalendar holidays;
    int checkin_days_before = kDefaultCheckInDaysBefore;
};
std::unordered_map<Id, OfficeRouting> read_routing(Database& db, const World& w);

class RawSink final : public Sink {
public:
    RawSink(const std::string& path, std::unordered_map<Id, OfficeRouting> routing);
    ~RawSink() override;
    RawSink(const RawSink&) = delete;
    RawSink& operator=(const RawSink&) = delete;

    std::vector<Id> employers(const std::vector<NewEmployer>& rows) override;
    std::vector<Id> seekers(const std::vector<NewJobSeeker>& rows) override;
    std::vector<Id> interactions(const std::vector<NewInteraction>& rows) override;
    std::vector<Id> requests(const std::vector<NewServiceRequest>& rows) override;
    std::vector<Id> vacancies(const std::vector<NewVacancy>& rows) override;
    std::string how(const std::string& table) const override;

private:
    sqlite3_stmt* prepare(const char* sql);
    void exec(const char* sql);
    void step(sqlite3_stmt* s);

    sqlite3* db_ = nullptr;
    std::int64_t now_us_ = 0;
    std::unordered_map<Id, OfficeRouting> routing_;
    std::unordered_map<Id, Id> office_of_employer_;
    std::unordered_map<Id, Id> owner_of_employer_;
    std::vector<sqlite3_stmt*> all_;
    sqlite3_stmt *employer_ = nullptr, *owner_ = nullptr, *member_ = nullptr;
    sqlite3_stmt *seeker_ = nullptr, *personal_ = nullptr, *experience_ = nullptr;
    sqlite3_stmt *interaction_ = nullptr, *commitment_ = nullptr, *follow_up_ = nullptr;
    sqlite3_stmt *request_ = nullptr, *event_ = nullptr, *checkin_ = nullptr, *vacancy_ = nullptr;
};

}  // namespace bench
