-- Monthly download totals: retention (`buildsrs-database gc`) moves daily
-- counts older than its window here, one row per artifact and month, so the
-- daily table stays small and every total still adds up.
CREATE TABLE job_artifact_download_months (
    artifact_id BIGINT NOT NULL REFERENCES job_artifacts (id),
    -- The first day of the month.
    month DATE NOT NULL CHECK (month = date_trunc('month', month)::date),
    downloads BIGINT NOT NULL CHECK (downloads >= 0),
    PRIMARY KEY (artifact_id, month)
);
CREATE INDEX job_artifact_download_months_month ON job_artifact_download_months (month);

GRANT SELECT, INSERT, UPDATE, DELETE ON job_artifact_download_months TO buildsrs_backend;
GRANT SELECT ON job_artifact_download_months TO buildsrs_reader;
