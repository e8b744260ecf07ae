package io.persona.tests.architecture.archfixture.ping;

import io.persona.tests.architecture.archfixture.pong.Pong;

/** Half of a package cycle on purpose (see ModuleRulesCatchViolationsTest). */
public final class Ping {
  Pong pong;
}
