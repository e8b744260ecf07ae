/**
 * {@code persona import}: the command line that streams a history file (NDJSON or CSV, gzip too) to
 * a node's bulk import endpoints in chunks, in parallel, with retries, a progress line and a
 * checkpoint file to resume from after a crash. A client of the HTTP API only.
 */
package io.persona.gateway.cli;
