-- registry-sync's own bookkeeping: the sources it reads, the passes it made,
-- the entries it refused, and the sparse index's per-crate cache validators.
--
-- Owned by registry-sync, the only service that writes these tables. The
-- mirror itself (crates, crate_versions) is in 0002_registry.sql.

-- Where an index is read from.
CREATE TYPE registry_source_kind AS ENUM (
    -- A git index: a local repository path or a URL.
    'git',
    -- A sparse HTTP index (one file per crate over HTTP).
    'sparse'
);

-- How a pass read its source.
CREATE TYPE registry_pass_kind AS ENUM (
    -- Every crate file of a git commit, plus the removal of crates it lacks.
    'git_full',
    -- Only the crate files that differ between two git commits.
    'git_incremental',
    -- Conditional requests for named crates to a sparse index.
    'sparse'
);

-- One row per index source. For a git source, `revision` is the commit the
-- mirror equals: it is set only after every batch of a pass has committed,
-- and cleared when a pass from another git source rewrote the mirror (its
-- diffs no longer apply), so the next pass from here is a full one.
CREATE TABLE registry_sources (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind registry_source_kind NOT NULL,
    -- The path or URL as given on the command line.
    location TEXT NOT NULL CHECK (location <> ''),
    -- Full commit id (hex) of the last completely synced git commit.
    revision TEXT CHECK (revision ~ '^[0-9a-f]{40,64}$'),
    synced_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (kind, location)
);

-- Every pass, finished or not. A pass with no `finished_at` was interrupted
-- (crash, SIGTERM); the next pass converges the mirror in any case.
CREATE TABLE registry_passes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES registry_sources (id),
    kind registry_pass_kind NOT NULL,
    -- The commit the mirror was at before (incremental) and the one read.
    from_revision TEXT,
    revision TEXT,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    -- Crate files read (git) or fetched with a body (sparse).
    crate_files BIGINT NOT NULL DEFAULT 0,
    crates_added BIGINT NOT NULL DEFAULT 0,
    -- Crates whose latest version changed.
    crates_updated BIGINT NOT NULL DEFAULT 0,
    crates_removed BIGINT NOT NULL DEFAULT 0,
    crates_restored BIGINT NOT NULL DEFAULT 0,
    versions_added BIGINT NOT NULL DEFAULT 0,
    versions_yanked BIGINT NOT NULL DEFAULT 0,
    versions_unyanked BIGINT NOT NULL DEFAULT 0,
    versions_removed BIGINT NOT NULL DEFAULT 0,
    versions_restored BIGINT NOT NULL DEFAULT 0,
    -- Entries refused: bad input, or a checksum that differs from the stored one.
    entries_rejected BIGINT NOT NULL DEFAULT 0,
    -- Versions listed more than once in their file (the last line won).
    entries_duplicated BIGINT NOT NULL DEFAULT 0,
    -- Why the pass failed; NULL for a pass that succeeded or is running.
    error TEXT
);
CREATE INDEX registry_passes_started_at ON registry_passes (started_at DESC);

-- Entries a pass refused, for operators. Each pass that reads a file with a
-- bad entry records it again, so the newest pass shows what is still wrong.
CREATE TABLE registry_rejections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pass_id BIGINT NOT NULL REFERENCES registry_passes (id),
    -- The crate file's name (lowercase, as the index path spells it).
    crate_file TEXT NOT NULL,
    -- 1-based line of the entry in its file.
    line_number INTEGER NOT NULL CHECK (line_number > 0),
    -- The version, when it could be read.
    version TEXT,
    reason TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX registry_rejections_pass_id ON registry_rejections (pass_id);

-- Validators of the sparse index's last answer per crate, sent back as
-- If-None-Match / If-Modified-Since so an unchanged crate costs a 304.
CREATE TABLE registry_sparse_cache (
    -- Lowercase crate name, as the sparse index path spells it.
    crate_file TEXT PRIMARY KEY CHECK (crate_file ~ '^[a-z0-9_-]{1,64}$'),
    etag TEXT,
    last_modified TEXT,
    fetched_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A crate file is named by the lowercase crate name; reconciling a batch of
-- files looks crates up by it, and the public catalog (queries/catalog.sql)
-- lists and finds crates by it. Byte order ("C"), so that a prefix search is
-- one index range whatever the database's collation.
CREATE INDEX crates_lower_name ON crates ((lower(name) COLLATE "C"));

GRANT SELECT, INSERT, UPDATE ON registry_sources, registry_passes, registry_rejections, registry_sparse_cache
    TO buildsrs_registry_sync;
GRANT SELECT ON registry_sources, registry_passes, registry_rejections, registry_sparse_cache
    TO buildsrs_reader;

-- registry-sync writes a crate's latest version right after inserting the
-- crate and its versions, and again whenever it changes. Room on each page
-- lets those updates stay heap-only (no new index entries): the table is
-- small, and this halves the cost of a full sync's crate writes.
ALTER TABLE crates SET (fillfactor = 50);
