-- Builders, their SSH public keys and fingerprints, and the targets each one
-- builds (tables pubkeys, pubkey_fingerprints, builders, builder_targets).

--! pubkey_insert
-- access: primary
-- Store a public key; returns NULL when the same key is stored already.
INSERT INTO pubkeys (algorithm, encoded)
VALUES (:algorithm, :encoded)
ON CONFLICT (encoded) DO NOTHING
RETURNING id;

--! pubkey_fingerprint_insert_many
-- access: primary
-- Store the fingerprints of one key, all in one statement.
INSERT INTO pubkey_fingerprints (pubkey_id, fingerprint)
SELECT :pubkey_id::bigint, fingerprint
FROM unnest(:fingerprints::text[]) AS fingerprint;

--! builder_insert
-- access: primary
-- Register a builder for a stored key.
INSERT INTO builders (pubkey_id, comment, enabled)
VALUES (:pubkey_id, :comment, :enabled)
RETURNING id;

--: BuilderRow (last_heartbeat_at?, fingerprint?)

--! builder_list : BuilderRow
-- access: read-only
-- Every builder with its key's SHA-256 fingerprint, by id.
SELECT
    builders.id,
    builders.comment,
    builders.enabled,
    builders.last_heartbeat_at,
    builders.created_at,
    pubkeys.algorithm,
    (
        SELECT fingerprint
        FROM pubkey_fingerprints
        WHERE pubkey_fingerprints.pubkey_id = pubkeys.id
            AND fingerprint LIKE 'SHA256:%'
        LIMIT 1
    ) AS fingerprint
FROM builders
JOIN pubkeys ON pubkeys.id = builders.pubkey_id
ORDER BY builders.id;

--! builder_set_enabled
-- access: primary
-- Enable or disable a builder; returns its id, or nothing if unknown.
UPDATE builders
SET enabled = :enabled
WHERE id = :builder_id
RETURNING id;

--! builder_set_comment
-- access: primary
-- Replace a builder's comment; returns its id, or nothing if unknown.
UPDATE builders
SET comment = :comment
WHERE id = :builder_id
RETURNING id;

--! builder_target_set
-- access: primary
-- Allow (or stop) a builder building a target, by the target's name.
-- Returns nothing when the target is unknown.
INSERT INTO builder_targets (builder_id, target_id, enabled)
SELECT :builder_id::bigint, targets.id, :enabled::boolean
FROM targets
WHERE targets.name = :target_name
ON CONFLICT (builder_id, target_id) DO UPDATE
SET enabled = excluded.enabled
RETURNING target_id;

--! builder_target_list
-- access: read-only
-- The targets of one builder with both switches that decide whether it
-- claims work for them.
SELECT
    targets.name,
    builder_targets.enabled AS builder_enabled,
    targets.enabled AS target_enabled
FROM builder_targets
JOIN targets ON targets.id = builder_targets.target_id
WHERE builder_targets.builder_id = :builder_id
ORDER BY targets.name;

--! builder_heartbeat
-- access: primary
-- Record that a builder is alive; returns its id, or nothing if unknown.
UPDATE builders
SET last_heartbeat_at = now()
WHERE id = :builder_id
RETURNING id;

--! builder_claim_eligibility
-- access: primary
-- Whether a builder may claim work at all: explains a claim that found nothing.
SELECT enabled
FROM builders
WHERE id = :builder_id;

--! builder_key_by_fingerprint
-- access: primary
-- A builder's id, switch and public key (SSH wire encoding), by a
-- fingerprint of the key: how a signed request is checked.
SELECT
    builders.id,
    builders.enabled,
    pubkeys.encoded
FROM pubkey_fingerprints
JOIN pubkeys ON pubkeys.id = pubkey_fingerprints.pubkey_id
JOIN builders ON builders.pubkey_id = pubkeys.id
WHERE pubkey_fingerprints.fingerprint = :fingerprint;
