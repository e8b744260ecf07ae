/**
 * The catalog's item: {@link io.persona.models.catalog.Item} (category, tags, availability,
 * creation time) and the rules an item must pass to enter the catalog.
 */
package io.persona.models.catalog;
