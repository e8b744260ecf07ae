package io.persona.simulations.quality;

/**
 * One user to recommend to, and what they did next.
 *
 * @param relevant       the held-out items, distinct, in the order they were first interacted with
 * @param trainingEvents the user's events in the training part: the segment they fall in
 */
public record TestCase(int user, int[] relevant, int trainingEvents) {}
