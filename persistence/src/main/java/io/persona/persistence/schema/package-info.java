/**
 * The schema: CQL migrations under {@code db/migration/}, applied in order, idempotent and
 * recorded per keyspace, so every node may run them on every start.
 */
package io.persona.persistence.schema;
