-- CloudHSM clusters (PKCS#11 tokens) and custom key stores. Times are epoch milliseconds (UTC).
-- Secrets (SO PIN, kmsuser password) are stored only sealed by the root key.

CREATE TABLE cloudhsm_cluster (
  cluster_id          VARCHAR(24)  NOT NULL PRIMARY KEY,
  cluster_state       VARCHAR(32)  NOT NULL,
  hsm_count           INTEGER      NOT NULL,
  availability_zones  TEXT         NOT NULL,
  token_label         VARCHAR(32)  NOT NULL,
  library_path        TEXT,
  library_environment TEXT         NOT NULL,
  trust_anchor        TEXT         NOT NULL,
  cluster_certificate TEXT,
  backup_family       VARCHAR(24)  NOT NULL,
  sealed_so_pin       BLOB,
  failed_logins       INTEGER      NOT NULL DEFAULT 0,
  creation_date       BIGINT       NOT NULL
);

CREATE TABLE custom_key_store (
  custom_key_store_id   VARCHAR(64)  NOT NULL PRIMARY KEY,
  account_id            VARCHAR(12)  NOT NULL,
  region                VARCHAR(32)  NOT NULL,
  store_name            VARCHAR(256) NOT NULL,
  store_type            VARCHAR(32)  NOT NULL,
  cloud_hsm_cluster_id  VARCHAR(24),
  trust_anchor          TEXT,
  sealed_password       BLOB,
  connection_state      VARCHAR(16)  NOT NULL,
  connection_error_code VARCHAR(64),
  creation_date         BIGINT       NOT NULL
);

CREATE UNIQUE INDEX custom_key_store_by_name ON custom_key_store (account_id, region, store_name);
CREATE INDEX kms_key_by_store ON kms_key (custom_key_store_id);
