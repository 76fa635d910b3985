#pragma once
// The relationship with each employer, as the offices build it: gradually, from a first contact,
// through municipal services rendered, to vacancies given and people hired through the office
// («de una manera gradual ... hasta llegar a ofrecer la colocación»). Every stage is derived from
// the employer's history (interactions, requests, vacancies, placements), with the day of each
// step, so nothing is kept by hand and nothing goes stale. Also reciprocity: the services the
// office rendered beside what the employer gave back, per employer and per cluster, over time.
// The Relationships repository is db.relationships().
#include <array>
#include <optional>
#include <string_view>

#include "omilcrm/date.hpp"
#include "omilcrm/employers.hpp"
#include "omilcrm/enums.hpp"
#include "omilcrm/fields.hpp"
#include "omilcrm/record.hpp"
#include "omilcrm/repository.hpp"
#include "omilcrm/table.hpp"

namespace omilcrm {

/// The steps of the gradual approach, in order. An employer's stage is the furthest step it has
/// reached: a step may be skipped (a company that gives a vacancy before it was ever served is
/// giving_vacancies).
/// | stage            | reached on                                                      |
/// |------------------|-----------------------------------------------------------------|
/// | prospect         | in the office's file, never contacted                           |
/// | contacted        | its first interaction (or attended cluster meeting)             |
/// | served           | the first municipal request of its resolved                     |
/// | giving_vacancies | its first vacancy captured                                      |
/// | hiring           | the first person hired through the office (placement started)   |
enum class RelationshipStage { Prospect, Contacted, Served, GivingVacancies, Hiring };

template <>
struct EnumNames<RelationshipStage> {
    static constexpr std::string_view field = "stage";
    static constexpr auto names =
        std::to_array<std::string_view>({"prospect", "contacted", "served", "giving_vacancies", "hiring"});
};

/// Where an employer stands on a day, and the day it took each step (none: not yet).
struct EmployerStage {
    Id employer_id = 0;
    RelationshipStage stage = RelationshipStage::Prospect;
    std::optional<Date> since{};  ///< the day it reached `stage`; none for a prospect
    std::optional<Date> first_contact{};
    std::optional<Date> first_served{};
    std::optional<Date> first_vacancy{};
    std::optional<Date> first_hire{};
};

template <>
struct RecordFields<EmployerStage> {
    using S = EmployerStage;
    static constexpr auto fields =
        std::make_tuple(field("employer_id", &S::employer_id), field("stage", &S::stage), field("since", &S::since),
                        field("first_contact", &S::first_contact), field("first_served", &S::first_served),
                        field("first_vacancy", &S::first_vacancy), field("first_hire", &S::first_hire));
};

/// Stages and reciprocity over the stored history. Every answer is as of a day (default: the
/// office's today): what happened after it is not counted, so a funnel can be compared over time.
class Relationships : public Repository {
public:
    using Repository::Repository;
    /// One employer's stage on `as_of` (default today). NotFound for an unknown employer.
    EmployerStage stage(Id employer_id, std::optional<Date> as_of = {}) const;
    /// Every employer of the office (merged duplicates left out) with its stage on `as_of` and
    /// the day of each step: employer_id, employer, stage, since, first_contact, first_served,
    /// first_vacancy, first_hire.
    Table stages(Id office_id, std::optional<Date> as_of = {}) const;
    /// Employers by stage on `as_of`: a row per cluster of the office (its members that day),
    /// then "(no cluster)" and the whole office (cluster_id empty in both): cluster_id, cluster,
    /// employers, then one column per stage.
    Table funnel(Id office_id, std::optional<Date> as_of = {}) const;
    /// Per employer over [from, to]: requests received, resolved, resolved by their due day,
    /// vacancies and positions captured, hires (placements started), and served_only: served
    /// (a request resolved) and nothing given back (no vacancy, no hire). Employers with nothing
    /// in the period are left out.
    Table reciprocity(Id office_id, Date from, Date to) const;
    /// The same by cluster and month: each event counted for the clusters the employer belonged
    /// to on its day: month, cluster_id, cluster, requests, resolved, resolved_on_time,
    /// vacancies, positions, hires.
    Table cluster_reciprocity(Id office_id, Date from, Date to) const;
    /// The report back to whoever referred employers (the mayor's office, a cluster, another
    /// employer): each employer whose lead_source is `source` (every one with a known source when
    /// none is given), by name, with its lead_source and lead_detail, its stage and since when on
    /// `as_of` (default today), its first contact, and everything up to that day: requests
    /// resolved, vacancies, positions and hires.
    Table leads(Id office_id, std::optional<LeadSource> source = {}, std::optional<Date> as_of = {}) const;
};

}  // namespace omilcrm
