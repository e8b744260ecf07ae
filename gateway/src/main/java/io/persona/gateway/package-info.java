/**
 * The node's entry points: {@link io.persona.gateway.Main} starts one node with a configuration
 * profile and runs until SIGTERM, {@link io.persona.gateway.LocalCassandra} runs only the project's
 * local Cassandra node.
 */
package io.persona.gateway;
