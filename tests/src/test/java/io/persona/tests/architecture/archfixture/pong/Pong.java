package io.persona.tests.architecture.archfixture.pong;

import io.persona.tests.architecture.archfixture.ping.Ping;

/** The other half of the package cycle. */
public final class Pong {
  Ping ping;
}
