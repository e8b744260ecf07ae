/**
 * A node's configuration: loading a profile, deriving Pekko's settings from Persona's own
 * (Cassandra, cluster), the {@code PERSONA_...} environment overrides of every setting, and the
 * cluster roles a node may have.
 */
package io.persona.actors.node;
