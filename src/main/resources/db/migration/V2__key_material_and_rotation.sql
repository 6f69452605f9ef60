-- Backing keys (key material versions) of AWS_KMS keys, stored only sealed by the root key, and
-- each key's rotation settings. Times are epoch milliseconds (UTC).

CREATE TABLE kms_key_material (
  key_id          VARCHAR(64)  NOT NULL REFERENCES kms_key (key_id),
  version         INTEGER      NOT NULL,
  key_material_id VARCHAR(64)  NOT NULL,
  sealed          BLOB         NOT NULL,
  created         BIGINT       NOT NULL,
  rotation_type   VARCHAR(16),
  PRIMARY KEY (key_id, version)
);

ALTER TABLE kms_key ADD COLUMN current_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kms_key ADD COLUMN rotation_period_days INTEGER;
ALTER TABLE kms_key ADD COLUMN next_rotation_date BIGINT;
ALTER TABLE kms_key ADD COLUMN on_demand_rotations INTEGER NOT NULL DEFAULT 0;

CREATE INDEX kms_key_by_next_rotation ON kms_key (next_rotation_date);
