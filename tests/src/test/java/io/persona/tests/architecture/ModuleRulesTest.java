package io.persona.tests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The shape DESIGN.md gives the code, checked on the main classes of every module (tests and
 * test fixtures are left out): modules import only the modules before them, no product module
 * imports the simulations or the tests, no two packages import each other (directly or round a
 * loop), and {@code models} stays plain Java that runs the same online and offline.
 * {@link ModuleRulesCatchViolationsTest} shows each rule failing on a class that breaks it.
 */
@AnalyzeClasses(packages = "io.persona", importOptions = {ImportOption.DoNotIncludeTests.class,
    ModuleRulesTest.DoNotIncludeTestJars.class})
class ModuleRulesTest {
  private static final String[] PRODUCT = {"io.persona.models..", "io.persona.persistence..",
      "io.persona.actors..", "io.persona.streams..", "io.persona.gateway.."};

  /** models ← persistence ← actors ← streams ← gateway; a package outside them is a module the rule lacks. */
  @ArchTest
  static final ArchRule MODULES_IMPORT_ONLY_THE_MODULES_BEFORE_THEM = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .ensureAllClassesAreContainedInArchitectureIgnoring("io.persona.simulations..", "io.persona.tests..")
      .layer("models").definedBy("io.persona.models..")
      .layer("persistence").definedBy("io.persona.persistence..")
      .layer("actors").definedBy("io.persona.actors..")
      .layer("streams").definedBy("io.persona.streams..")
      .layer("gateway").definedBy("io.persona.gateway..")
      .whereLayer("models").mayNotAccessAnyLayer()
      .whereLayer("persistence").mayOnlyAccessLayers("models")
      .whereLayer("actors").mayOnlyAccessLayers("models", "persistence")
      .whereLayer("streams").mayOnlyAccessLayers("models", "persistence", "actors")
      .whereLayer("gateway").mayOnlyAccessLayers("models", "persistence", "actors", "streams");

  /** Simulations and tests use the product as clients; the product never needs them. */
  @ArchTest
  static final ArchRule NO_PRODUCT_MODULE_IMPORTS_SIMULATIONS_OR_TESTS = noClasses()
      .that().resideInAnyPackage(PRODUCT)
      .should().dependOnClassesThat().resideInAnyPackage("io.persona.simulations..", "io.persona.tests..");

  /** Every package is a slice: a cycle between two packages, also inside one module, fails. */
  @ArchTest
  static final ArchRule NO_CYCLES_BETWEEN_PACKAGES = slices().matching("io.persona.(**)")
      .should().beFreeOfCycles();

  @ArchTest
  static final ArchRule MODELS_IMPORT_NO_RUNTIME = noClasses()
      .that().resideInAPackage("io.persona.models..")
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "com.datastax..",
          "org.apache.cassandra..", "kamon..", "com.typesafe.config..")
      .because("models runs the same online and offline (training, simulations): plain Java, DJL and Lucene");

  /**
   * A module's test-jar (the actors' wire samples) is test code too; DoNotIncludeTests knows it
   * as a test-classes folder in a reactor build, not as a -tests.jar from the local repository.
   */
  static final class DoNotIncludeTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }
}
