/**
 * Business rules an operator sets for a whole deployment (pin an item to a slot, block a category,
 * boost items by an attribute for a period), and how they change a ranked list: after ranking, so
 * the model is judged and trained on its own order and the log says what the rules changed.
 */
package io.persona.models.rules;
