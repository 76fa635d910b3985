-- Schema version 2: clusters with members and a representative; the portfolio's ownership history
-- (backfilled from each employer's current owner).

CREATE TABLE cluster (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    name TEXT NOT NULL CHECK (name <> ''),
    kind TEXT NOT NULL CHECK (kind IN ('industrial_park','trade_association','chamber_of_commerce','other')),
    representative_id INTEGER REFERENCES contact(id),
    meets TEXT,
    notes TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX cluster_office ON cluster(office_id);
CREATE TABLE cluster_member (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    cluster_id INTEGER NOT NULL REFERENCES cluster(id),
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    joined TEXT NOT NULL,
    left_on TEXT,
    CHECK (left_on IS NULL OR left_on > joined)
) STRICT;
CREATE INDEX cluster_member_cluster ON cluster_member(cluster_id, joined);
CREATE INDEX cluster_member_employer ON cluster_member(employer_id);
CREATE TABLE employer_owner (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    employer_id INTEGER NOT NULL REFERENCES employer(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    from_date TEXT NOT NULL,
    to_date TEXT,
    reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX employer_owner_employer ON employer_owner(employer_id, from_date);
INSERT INTO employer_owner (uuid, created_at, updated_at, employer_id, staff_id, from_date, reason)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2)
             || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2)
             || '-' || hex(randomblob(6))),
       created_at, created_at, id, owner_id,
       date(created_at / 1000000, 'unixepoch'), 'owner when the history began'
FROM employer;
