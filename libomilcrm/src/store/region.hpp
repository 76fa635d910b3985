#pragma once
// The store's functions for the regional database: its directorate, the province representatives,
// the consolidation of an office file (attaching it and copying its rows) and the counts the
// regional reports are made of.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "omilcrm/outreach.hpp"
#include "region_rules.hpp"
#include "store/store.hpp"

namespace omilcrm::store {

using detail::DbImpl;

/// Makes the database the region's: the one directorate row (id 1).
void insert_directorate(DbImpl& db, const RecordMeta& meta, const std::string& region_code, const std::string& name);
std::optional<RegionalDirectorate> find_directorate(DbImpl& db);

/// Inserts a prepared representative; sets r.meta.id.
void insert_representative(DbImpl& db, Representative& r);
/// The representatives, by province and then id.
std::vector<Representative> list_representatives(DbImpl& db);

/// What an office file says of itself, read before anything of it is imported.
struct OfficeFileFacts {
    std::string office_uuid, office_name, commune;
    /// The newest updated_at (microseconds) among its records: how recent the file is.
    std::int64_t latest_change = 0;
};

/// Which regional office an office file is, decided by the caller once the write lock is held:
/// the registered office that takes the file's UUID (one that never sent a file), or none when
/// the region already holds the file's office under its UUID. It throws to refuse the file.
using ImportTarget = std::function<std::optional<Id>(const OfficeFileFacts&)>;

/// Consolidates the office file at `path` into this database, as one savepoint: refuses (with
/// StorageError, nothing changed) a file that does not exist, is not an omilcrm database of this
/// schema version or does not hold exactly one office; attaches it, takes the write lock, asks
/// `target` which regional office it is (see ImportTarget), copies every record matched by UUID
/// (ids translated to the regional ones; seekers' personal data and the regional tables left out;
/// shared material keeps the regional copy; rows without a UUID replaced with the file's rows of
/// their parents), logs the import and commits. A file that breaks a rule of the schema raises
/// StorageCorrupt, with nothing imported. The file is detached however it ends.
ImportResult import_office_file(DbImpl& db, const std::string& path, const ImportTarget& target);

/// The latest_change of the last file imported for the office, if one was.
std::optional<std::int64_t> last_import_change(DbImpl& db, Id office_id);

/// One entry of the import log.
struct ImportLogEntry {
    Id office_id = 0;
    std::string office;   ///< the office's name
    std::string source;   ///< the file's absolute path
    std::int64_t at = 0;  ///< microseconds since the epoch, UTC
    std::int64_t inserted = 0, updated = 0;
};
/// The import log, oldest first.
std::vector<ImportLogEntry> list_imports(DbImpl& db);

/// What the office's records count: its employers, and in [from, to] the employers contacted (an
/// interaction, or attendance at a cluster meeting), vacancies and positions captured, placements
/// started and showings of outreach material. The other figures are left at zero.
regional::Figures office_counts(DbImpl& db, Id office_id, Date from, Date to);

}  // namespace omilcrm::store
