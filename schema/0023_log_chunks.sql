-- Build output as chunks: one row per appended batch instead of one per
-- line. The backend compresses a batch's lines (joined by NUL, which a log
-- line never holds) with zstd; rows moved here from the per-line table are
-- stored uncompressed ('plain'), since SQL has no zstd. Each job also counts
-- the bytes of its stored lines, for the per-job cap, and records whether
-- its log was cut at that cap (the last stored line is then the marker).

-- How a chunk's bytes hold its lines, NUL-joined.
CREATE TYPE log_encoding AS ENUM ('plain', 'zstd');

CREATE TABLE job_log_chunks (
    job_id BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    -- The numbers of its first and last line; a job's chunks follow on from
    -- each other without holes, as jobs.log_lines counts them.
    first_line BIGINT NOT NULL CHECK (first_line >= 0),
    last_line BIGINT NOT NULL,
    stage job_stage NOT NULL,
    encoding log_encoding NOT NULL,
    lines BYTEA NOT NULL,
    logged_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, first_line),
    CHECK (last_line >= first_line)
);
-- The bytes are compressed already: kept out of line, never compressed twice.
ALTER TABLE job_log_chunks ALTER COLUMN lines SET STORAGE EXTERNAL;

ALTER TABLE jobs
    ADD COLUMN log_bytes BIGINT NOT NULL DEFAULT 0 CHECK (log_bytes >= 0),
    ADD COLUMN log_truncated BOOLEAN NOT NULL DEFAULT false;

-- Each run of consecutive lines of one job, stage and append (one
-- transaction, so one logged_at) becomes one chunk.
INSERT INTO job_log_chunks (job_id, first_line, last_line, stage, encoding, lines, logged_at)
SELECT
    job_id,
    min(line_number),
    max(line_number),
    stage,
    'plain',
    string_agg(convert_to(line, 'UTF8'), '\x00'::bytea ORDER BY line_number),
    logged_at
FROM (
    SELECT
        job_logs.*,
        line_number - row_number() OVER (
            PARTITION BY job_id, stage, logged_at
            ORDER BY line_number
        ) AS run
    FROM job_logs
) AS runs
GROUP BY job_id, stage, logged_at, run;

UPDATE jobs
SET log_bytes = sizes.bytes
FROM (
    SELECT job_id, sum(octet_length(convert_to(line, 'UTF8'))) AS bytes
    FROM job_logs
    GROUP BY job_id
) AS sizes
WHERE jobs.id = sizes.job_id;

DROP TABLE job_logs;

-- The lines of a chunk as text, for the compatibility view below: 'plain'
-- chunks split on NUL; a 'zstd' chunk, which SQL cannot decompress, as one
-- placeholder per line so the numbering stays whole.
CREATE FUNCTION job_log_chunk_lines(chunk_encoding log_encoding, chunk_lines BYTEA, line_count BIGINT)
RETURNS SETOF TEXT
LANGUAGE plpgsql IMMUTABLE STRICT
AS $$
DECLARE
    rest BYTEA := chunk_lines;
    cut INTEGER;
BEGIN
    IF chunk_encoding <> 'plain' THEN
        RETURN QUERY
            SELECT '[buildsrs: this line is stored compressed; a newer backend shows it]'::TEXT
            FROM generate_series(1, line_count);
        RETURN;
    END IF;
    LOOP
        cut := position('\x00'::BYTEA IN rest);
        IF cut = 0 THEN
            RETURN NEXT convert_from(rest, 'UTF8');
            RETURN;
        END IF;
        RETURN NEXT convert_from(substring(rest FROM 1 FOR cut - 1), 'UTF8');
        rest := substring(rest FROM cut + 1);
    END LOOP;
END
$$;

-- The per-line table's shape, for backends built before this migration
-- while a new one rolls out: they read lines here and append through the
-- trigger, one 'plain' chunk per line. Nothing is stored in the view.
CREATE VIEW job_logs AS
SELECT
    chunk.job_id,
    chunk.first_line + line.ordinality - 1 AS line_number,
    chunk.stage,
    line.line,
    chunk.logged_at
FROM job_log_chunks AS chunk
CROSS JOIN LATERAL job_log_chunk_lines(
    chunk.encoding,
    chunk.lines,
    chunk.last_line - chunk.first_line + 1
) WITH ORDINALITY AS line (line, ordinality);

CREATE FUNCTION job_logs_insert() RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO job_log_chunks (job_id, first_line, last_line, stage, encoding, lines)
    VALUES (NEW.job_id, NEW.line_number, NEW.line_number, NEW.stage, 'plain', convert_to(NEW.line, 'UTF8'));
    RETURN NEW;
END
$$;

CREATE TRIGGER job_logs_insert
INSTEAD OF INSERT ON job_logs
FOR EACH ROW EXECUTE FUNCTION job_logs_insert();

GRANT SELECT, INSERT, UPDATE, DELETE ON job_log_chunks TO buildsrs_backend;
GRANT SELECT, INSERT ON job_logs TO buildsrs_backend;
GRANT SELECT ON job_log_chunks, job_logs TO buildsrs_reader;
