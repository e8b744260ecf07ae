/**
 * The model registry in Cassandra: every trained model's row and status, its artifact in chunks,
 * and the champion pointer that says which version serves, since when and why.
 */
package io.persona.persistence.registry;
