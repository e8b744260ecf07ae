/**
 * The rankers a node serves: {@link io.persona.actors.model.ModelHolder} holds the champion (and a
 * challenger for an A/B share of users), and {@link io.persona.actors.model.ModelDeployer} keeps it
 * in line with the model registry when a model is published.
 */
package io.persona.actors.model;
