/**
 * What producers send: {@link io.persona.models.events.UserEvent} (one action of a user on an
 * item), the known event types and the rules an event must pass before anything is persisted. An
 * event's content fingerprint lets the user entity tell a redelivery from a different event that
 * reuses the same id.
 */
package io.persona.models.events;
