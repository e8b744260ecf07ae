/**
 * JSON at the edge: the one ObjectMapper, request bodies split into objects (array, object or
 * NDJSON), and events and items read field by field with every error collected, so a producer sees
 * all mistakes of a batch at once.
 */
package io.persona.gateway.json;
