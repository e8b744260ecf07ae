/**
 * The HTTP and WebSocket API: one class of routes per resource, each given only what it uses;
 * {@code PersonaRoutes} joins them and turns every error into a problem+json body.
 */
package io.persona.gateway.http;
