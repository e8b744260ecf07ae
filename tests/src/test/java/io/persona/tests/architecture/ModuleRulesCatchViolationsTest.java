package io.persona.tests.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.persona.tests.architecture.archfixture.ping.Ping;
import io.persona.tests.architecture.archfixture.pong.Pong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The rules of {@link ModuleRulesTest} are not vacuous. Evaluated on the main classes plus
 * {@link io.persona.models.archfixture.BackImport} (a class in a models package that imports the
 * gateway, Pekko and the tests), each module rule reports that class; the cycle rule reports two
 * fixture packages that import each other.
 */
class ModuleRulesCatchViolationsTest {
  private static final String BACK_IMPORT = "io.persona.models.archfixture.BackImport";
  private static JavaClasses mainAndFixtures;

  @BeforeAll
  static void importClasses() {
    ImportOption main = new ImportOption.DoNotIncludeTests();
    ImportOption noTestJars = new ModuleRulesTest.DoNotIncludeTestJars();
    mainAndFixtures = new ClassFileImporter()
        .withImportOption(location -> location.contains("/archfixture/")
            || main.includes(location) && noTestJars.includes(location))
        .importPackages("io.persona");
  }

  @Test
  void aModelsClassImportingTheGatewayBreaksTheModuleDirection() {
    List<String> violations = violations(ModuleRulesTest.MODULES_IMPORT_ONLY_THE_MODULES_BEFORE_THEM);
    assertTrue(violations.stream().anyMatch(line -> line.contains(BACK_IMPORT) && line.contains("io.persona.gateway.Main")),
        String.join("\n", violations));
    // and nothing but the fixture: the main classes alone keep the rule
    assertTrue(violations.stream().allMatch(line -> line.contains("archfixture")), String.join("\n", violations));
  }

  @Test
  void aProductClassImportingTheTestsBreaksTheRule() {
    List<String> violations = violations(ModuleRulesTest.NO_PRODUCT_MODULE_IMPORTS_SIMULATIONS_OR_TESTS);
    assertTrue(violations.stream().anyMatch(line -> line.contains(BACK_IMPORT)
        && line.contains("io.persona.tests.architecture.archfixture.ping.Ping")), String.join("\n", violations));
  }

  @Test
  void aModelsClassImportingPekkoBreaksTheRule() {
    List<String> violations = violations(ModuleRulesTest.MODELS_IMPORT_NO_RUNTIME);
    assertTrue(violations.stream().anyMatch(line -> line.contains(BACK_IMPORT)
        && line.contains("org.apache.pekko.actor.typed.ActorSystem")), String.join("\n", violations));
  }

  /**
   * On the two fixture packages alone: ArchUnit 1.5 fails the rule on any cycle, but once it has
   * found one it can leave a cycle that no earlier package reaches out of its report.
   */
  @Test
  void twoPackagesImportingEachOtherAreACycle() {
    JavaClasses pingPong = new ClassFileImporter().importClasses(Ping.class, Pong.class);
    EvaluationResult result = ModuleRulesTest.NO_CYCLES_BETWEEN_PACKAGES.evaluate(pingPong);
    List<String> violations = result.getFailureReport().getDetails();
    assertTrue(result.hasViolation(), "no cycle found");
    assertTrue(violations.stream().anyMatch(line -> line.contains("Slice tests.architecture.archfixture.ping")
        && line.contains("Slice tests.architecture.archfixture.pong")), String.join("\n", violations));
  }

  @Test
  void theFixturesAreNotPartOfTheCheckedClasses() {
    JavaClasses checked = new ClassFileImporter()
        .withImportOption(new ImportOption.DoNotIncludeTests())
        .importPackages("io.persona.models", "io.persona.tests.architecture");
    assertFalse(checked.contain(BACK_IMPORT), "ModuleRulesTest would report its own fixture");
  }

  private static List<String> violations(ArchRule rule) {
    EvaluationResult result = rule.evaluate(mainAndFixtures);
    assertTrue(result.hasViolation(), rule.getDescription() + " found no violation");
    return result.getFailureReport().getDetails();
  }
}
