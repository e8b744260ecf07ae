/**
 * Learning from the whole history of interactions: the event as the interaction log keeps it, how
 * strongly each kind of event teaches, and the models retrieval trains from them.
 */
package io.persona.models.history;
