-- Table request_nonces: the nonces of signed builder requests, each until
-- its request's timestamp leaves the auth window.

--! request_nonce_admit
-- access: primary
-- Remember a builder's nonce until :expires_at (Unix seconds). Answers a row
-- when the nonce is new, or its earlier use has expired; none when it is
-- remembered: the request is a replay.
INSERT INTO request_nonces (builder_id, nonce, expires_at)
VALUES (:builder_id, :nonce, to_timestamp(:expires_at::bigint))
ON CONFLICT (builder_id, nonce) DO UPDATE
    SET expires_at = EXCLUDED.expires_at
    WHERE request_nonces.expires_at < now()
RETURNING builder_id;

--! request_nonce_prune_expired
-- access: primary
-- Delete up to :batch expired nonces, the oldest first, skipping rows another
-- pruner holds; the caller reads how many went.
DELETE FROM request_nonces
WHERE (builder_id, nonce) IN (
    SELECT builder_id, nonce
    FROM request_nonces
    WHERE expires_at < now()
    ORDER BY expires_at
    LIMIT :batch
    FOR UPDATE SKIP LOCKED
);
