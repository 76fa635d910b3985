-- Schema version 16: merging duplicate employers (the same company imported twice). A merged
-- employer stays, with `merged_into` naming the employer it was merged into, out of every
-- listing, so that the merge can be undone. `employer_merge` records who merged what and when;
-- `employer_merge_row` the records each merge moved or set aside, which is what undo puts back.

ALTER TABLE employer ADD COLUMN merged_into INTEGER REFERENCES employer(id);
CREATE TABLE employer_merge (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES office(id),
    kept_id INTEGER NOT NULL REFERENCES employer(id),
    absorbed_id INTEGER NOT NULL REFERENCES employer(id),
    merged_by INTEGER NOT NULL REFERENCES staff(id),
    merged_at INTEGER NOT NULL,
    rows_moved INTEGER NOT NULL DEFAULT 0 CHECK (rows_moved >= 0),
    undone_at INTEGER,
    undone_by INTEGER REFERENCES staff(id),
    actor TEXT,
    CHECK (kept_id <> absorbed_id)
) STRICT;
CREATE INDEX employer_merge_office ON employer_merge(office_id, id);
-- One row per record a merge touched: its table, its primary key after the merge (JSON), and
-- what undo restores: for a moved record the other columns the merge changed, as they were
-- (JSON; '{}' when only the employer changed); for a removed one (the kept employer already had
-- it: the same event, meeting or showing), the whole row.
CREATE TABLE employer_merge_row (
    id INTEGER PRIMARY KEY,
    merge_id INTEGER NOT NULL REFERENCES employer_merge(id),
    table_name TEXT NOT NULL,
    row_key TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action = 'moved' OR action = 'removed'),
    row_data TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX employer_merge_row_merge ON employer_merge_row(merge_id, table_name);
