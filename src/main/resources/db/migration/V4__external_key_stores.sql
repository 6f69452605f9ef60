-- External key stores (XKS). The proxy's secret access key is stored only sealed by the root key.

ALTER TABLE custom_key_store ADD COLUMN xks_connectivity VARCHAR(32);
ALTER TABLE custom_key_store ADD COLUMN xks_uri_endpoint VARCHAR(160);
ALTER TABLE custom_key_store ADD COLUMN xks_uri_path VARCHAR(128);
ALTER TABLE custom_key_store ADD COLUMN xks_access_key_id VARCHAR(30);
ALTER TABLE custom_key_store ADD COLUMN xks_sealed_secret BLOB;
ALTER TABLE custom_key_store ADD COLUMN xks_vpc_service_name VARCHAR(64);
ALTER TABLE custom_key_store ADD COLUMN xks_vpc_service_owner VARCHAR(12);

-- The external key behind a KMS key; one KMS key per external key and store.
ALTER TABLE kms_key ADD COLUMN xks_key_id VARCHAR(128);
CREATE UNIQUE INDEX kms_key_by_xks_key ON kms_key (custom_key_store_id, xks_key_id);
