/**
 * The history import's file formats, shared by the HTTP bulk endpoints and the {@code persona import}
 * command: NDJSON and CSV (RFC 4180, a header row) read line by line into the API's JSON objects,
 * each with its line number, and the event ids derived for CSV rows that carry none.
 */
package io.persona.gateway.imports;
