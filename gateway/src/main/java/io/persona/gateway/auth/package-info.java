/**
 * Who may call what: producer API keys with scopes (stored hashed, cached on every node), short-lived
 * end-user tokens for a user's own recommendations, profile and live socket, the operator key, and
 * per-key rate limits. {@link io.persona.gateway.auth.Access} turns them into route directives.
 */
package io.persona.gateway.auth;
