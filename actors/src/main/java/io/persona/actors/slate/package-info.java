/**
 * The slate log on a node: served slates go into a bounded queue that one stream writes to
 * Cassandra in batches; a full queue drops and counts a slate rather than slow serving down.
 */
package io.persona.actors.slate;
