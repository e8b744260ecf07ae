package io.persona.models.archfixture;

import io.persona.gateway.Main;
import io.persona.tests.architecture.archfixture.ping.Ping;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * A class in a {@code models} package that breaks the module rules on purpose: it imports the
 * gateway (a module after models), Pekko (runtime models must not need) and the tests. Only
 * ModuleRulesCatchViolationsTest imports it; ModuleRulesTest leaves test classes out.
 */
public final class BackImport {
  Main gateway;
  ActorSystem<?> system;
  Ping tests;
}
