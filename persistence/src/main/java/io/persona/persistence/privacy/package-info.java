/**
 * Erasing one user's data on request: the journal and snapshots of the user's entity, the
 * interaction log, and the rows of the hour-sharded logs that name the user.
 */
package io.persona.persistence.privacy;
