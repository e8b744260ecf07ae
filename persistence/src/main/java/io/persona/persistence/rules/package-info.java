/** The operator's business rules in Cassandra ({@code business_rules}, migration V009). */
package io.persona.persistence.rules;
