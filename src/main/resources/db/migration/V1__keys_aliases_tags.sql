-- Keys, aliases and tags. Times are epoch milliseconds (UTC). Portable to SQLite and PostgreSQL.

CREATE TABLE kms_key (
  key_id              VARCHAR(64)   NOT NULL PRIMARY KEY,
  account_id          VARCHAR(12)   NOT NULL,
  region              VARCHAR(32)   NOT NULL,
  creation_date       BIGINT        NOT NULL,
  description         TEXT          NOT NULL,
  key_spec            VARCHAR(32)   NOT NULL,
  key_usage           VARCHAR(32)   NOT NULL,
  origin              VARCHAR(32)   NOT NULL,
  key_state           VARCHAR(32)   NOT NULL,
  deletion_date       BIGINT,
  custom_key_store_id VARCHAR(64),
  policy              TEXT          NOT NULL
);

CREATE INDEX kms_key_by_owner ON kms_key (account_id, region, key_id);
CREATE INDEX kms_key_by_deletion ON kms_key (key_state, deletion_date);

CREATE TABLE kms_alias (
  account_id        VARCHAR(12)  NOT NULL,
  region            VARCHAR(32)  NOT NULL,
  alias_name        VARCHAR(256) NOT NULL,
  target_key_id     VARCHAR(64)  NOT NULL REFERENCES kms_key (key_id),
  creation_date     BIGINT       NOT NULL,
  last_updated_date BIGINT       NOT NULL,
  PRIMARY KEY (account_id, region, alias_name)
);

CREATE INDEX kms_alias_by_target ON kms_alias (target_key_id);

CREATE TABLE kms_key_tag (
  key_id    VARCHAR(64)  NOT NULL REFERENCES kms_key (key_id),
  tag_key   VARCHAR(128) NOT NULL,
  tag_value VARCHAR(256) NOT NULL,
  PRIMARY KEY (key_id, tag_key)
);
