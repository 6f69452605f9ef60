-- Amazon VPC endpoint services that external key stores with VPC_ENDPOINT_SERVICE connectivity
-- name (registered with `ownkms vpce create`). Server-wide, like CloudHSM clusters. Booleans are
-- INTEGER 0/1 and times epoch milliseconds (UTC): portable to SQLite and PostgreSQL.

CREATE TABLE xks_vpc_endpoint_service (
  service_name         VARCHAR(64)  NOT NULL PRIMARY KEY,
  owner_account        VARCHAR(12)  NOT NULL,
  region               VARCHAR(32)  NOT NULL,
  private_dns_name     VARCHAR(253) NOT NULL,
  private_dns_verified INTEGER      NOT NULL,
  acceptance_required  INTEGER      NOT NULL,
  availability_zones   INTEGER      NOT NULL,
  creation_date        BIGINT       NOT NULL
);
