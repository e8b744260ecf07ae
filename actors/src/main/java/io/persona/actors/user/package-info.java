/**
 * One user as a sharded, event-sourced actor ({@link io.persona.actors.user.UserEntity}): its
 * events and snapshots live in Cassandra, its state is the profile, and the ids of its newest events
 * recognise a redelivered event.
 */
package io.persona.actors.user;
