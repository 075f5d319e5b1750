/** The result document's schema version (docs/result.schema.json); fields are only added within 1.x. */
export const RESULT_SCHEMA_VERSION = '1.0';

/** The schema's `$id`, repeated in every document's `$schema`. */
export const RESULT_SCHEMA_ID = `urn:kali:result-schema:${RESULT_SCHEMA_VERSION}`;
