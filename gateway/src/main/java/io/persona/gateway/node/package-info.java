/**
 * The composition root: {@code PersonaNode} builds a node from small components (storage, topics,
 * catalog, signals, ranking, learning, the API's routes) in data-flow order and stops it through
 * coordinated shutdown; {@code Main} and the CLI start it.
 */
package io.persona.gateway.node;
