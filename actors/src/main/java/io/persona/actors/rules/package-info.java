/** The operator's business rules as every node holds them: re-read from Cassandra every few seconds. */
package io.persona.actors.rules;
