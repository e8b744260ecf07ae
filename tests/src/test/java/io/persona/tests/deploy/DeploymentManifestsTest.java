package io.persona.tests.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.persona.simulations.node.ProjectRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests ({@code cluster-config/deploy/kubernetes}) and {@code docker-compose.yml}
 * (issue 18, item 4), read as files: every PERSONA_* variable they set is a real setting (a
 * {@code ${PERSONA_…}} substitution of the shipped configuration, or a variable the code reads),
 * every setting the production template requires is set, and the objects fit together: the pods
 * find each other through the Kubernetes API (their label, their management port, a role that may
 * list pods) and the Compose nodes through seeds, probes reach the documented health paths on
 * the HTTP port, selectors match the pods, and the grace period outlasts the coordinated shutdown.
 */
class DeploymentManifestsTest {
  private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{(\\??)(PERSONA_[A-Z0-9_]+)}");
  private static final Pattern READ_IN_CODE = Pattern.compile("getenv\\(\\)\\.getOrDefault\\(\"(PERSONA_[A-Z0-9_]+)\""
      + "|getenv\\(\"(PERSONA_[A-Z0-9_]+)\"\\)");
  private static final YAMLMapper YAML = new YAMLMapper();

  private static Path root() {
    return ProjectRoot.get();
  }

  /** Every PERSONA_* the shipped configuration substitutes or the main code reads. */
  private static Set<String> realSettings() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root().resolve("cluster-config/src/main/resources"))) {
      for (Path conf : files.filter(f -> f.toString().endsWith(".conf")).toList()) {
        Matcher m = SUBSTITUTION.matcher(Files.readString(conf));
        while (m.find()) {
          names.add(m.group(2));
        }
      }
    }
    // the main code of each module (not target/ or data/, where a running Cassandra moves files)
    for (String module : List.of("models", "persistence", "persistence/cassandra-node", "actors", "streams",
        "gateway", "cluster-config")) {
      Path sources = root().resolve(module).resolve("src/main/java");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path source : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = READ_IN_CODE.matcher(Files.readString(source));
          while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
          }
        }
      }
    }
    return names;
  }

  /** The settings persona-production.conf (and what it includes) requires: {@code ${PERSONA_X}} without '?'. */
  private static Set<String> requiredByProduction() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String file : List.of("persona-production.conf", "persona-node.conf")) {
      Matcher m = SUBSTITUTION.matcher(Files.readString(root().resolve("cluster-config/src/main/resources/" + file)));
      while (m.find()) {
        if (m.group(1).isEmpty()) {
          names.add(m.group(2));
        }
      }
    }
    return names;
  }

  private static List<JsonNode> kubernetesObjects() throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    try (Stream<Path> files = Files.list(root().resolve("cluster-config/deploy/kubernetes"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
          while (docs.hasNext()) {
            JsonNode doc = docs.next();
            if (doc != null && !doc.isEmpty()) {
              objects.add(doc);
            }
          }
        }
      }
    }
    return objects;
  }

  private static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  private static JsonNode named(List<JsonNode> objects, String kind, String name) {
    return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
  }

  /** The Persona container's environment: the ConfigMaps it takes whole, then its own env entries. */
  private static Map<String, String> podEnvironment(List<JsonNode> objects, JsonNode container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.path("envFrom").forEach(from -> named(objects, "ConfigMap", from.path("configMapRef").path("name").asText())
        .path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
    container.path("env").forEach(e -> env.put(e.path("name").asText(),
        e.has("value") ? e.path("value").asText() : "<from " + e.path("valueFrom").fieldNames().next() + ">"));
    return env;
  }

  private static JsonNode statefulSet(List<JsonNode> objects) {
    List<JsonNode> sets = ofKind(objects, "StatefulSet");
    assertEquals(1, sets.size(), "one StatefulSet");
    return sets.get(0);
  }

  private static JsonNode personaContainer(JsonNode set) {
    return set.path("spec").path("template").path("spec").path("containers").get(0);
  }

  /** docker-compose.yml's services, its YAML merge keys ({@code <<: *persona}) applied as Compose applies them. */
  private static Map<String, JsonNode> composeServices() throws IOException {
    Object compose = new org.yaml.snakeyaml.Yaml().load(Files.readString(root().resolve("docker-compose.yml")));
    Map<String, JsonNode> services = new LinkedHashMap<>();
    YAML.valueToTree(compose).path("services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
    return services;
  }

  @Test
  void everyPersonaVariableTheManifestsSetIsARealSetting() throws IOException {
    Set<String> real = realSettings();
    assertTrue(real.containsAll(Set.of("PERSONA_PROFILE", "PERSONA_SEED_NODES", "PERSONA_HTTP_PORT")), real.toString());
    List<JsonNode> objects = kubernetesObjects();
    Map<String, String> pod = podEnvironment(objects, personaContainer(statefulSet(objects)));
    List<String> unknown = new ArrayList<>();
    pod.keySet().stream().filter(n -> n.startsWith("PERSONA_") && !real.contains(n)).forEach(unknown::add);
    for (Map.Entry<String, JsonNode> service : composeServices().entrySet()) {
      service.getValue().path("environment").fieldNames().forEachRemaining(n -> {
        if (n.startsWith("PERSONA_") && !real.contains(n)) {
          unknown.add(service.getKey() + ": " + n);
        }
      });
    }
    assertEquals(List.of(), unknown, "PERSONA_* variables that no configuration or code reads");
  }

  @Test
  void aVariableNoConfigurationReadsIsCaught() {
    // the check above on a made-up name: the scan must be able to say no
    Matcher m = SUBSTITUTION.matcher("x = ${?PERSONA_REAL_ONE}");
    assertTrue(m.find());
    assertEquals("PERSONA_REAL_ONE", m.group(2));
    assertFalse(SUBSTITUTION.matcher("PERSONA_NOT_A_SUBSTITUTION").find());
  }

  @Test
  void everySettingTheProductionTemplateRequiresIsSet() throws IOException {
    Set<String> required = requiredByProduction();
    assertTrue(required.containsAll(Set.of("PERSONA_OPERATOR_KEY", "PERSONA_REMOTE_HOST")), required.toString());
    List<JsonNode> objects = kubernetesObjects();
    Map<String, String> pod = podEnvironment(objects, personaContainer(statefulSet(objects)));
    assertEquals("production", pod.get("PERSONA_PROFILE"));
    assertTrue(pod.keySet().containsAll(required), "missing in the StatefulSet: " + required + " vs " + pod.keySet());
    for (Map.Entry<String, JsonNode> service : composeServices().entrySet()) {
      if (service.getValue().path("image").asText().startsWith("persona:")) {
        Set<String> set = new TreeSet<>();
        service.getValue().path("environment").fieldNames().forEachRemaining(set::add);
        assertTrue(set.containsAll(required), service.getKey() + " lacks some of " + required + ": " + set);
        assertTrue(set.contains("PERSONA_SEED_NODES") != set.contains("PERSONA_DISCOVERY"),
            service.getKey() + ": a production node needs seeds or discovery (one of them): " + set);
      }
    }
    assertTrue(pod.containsKey("PERSONA_SEED_NODES") != pod.containsKey("PERSONA_DISCOVERY"),
        "the StatefulSet: seeds or discovery, one of them: " + pod.keySet());
  }

  @Test
  void thePodsFindEachOtherThroughTheKubernetesApi_andTheSelectorsMatchThem() throws IOException {
    List<JsonNode> objects = kubernetesObjects();
    JsonNode set = statefulSet(objects);
    String serviceName = set.path("spec").path("serviceName").asText();
    int replicas = set.path("spec").path("replicas").asInt();
    JsonNode container = personaContainer(set);
    Map<String, String> pod = podEnvironment(objects, container);
    assertEquals("kubernetes-api", pod.get("PERSONA_DISCOVERY"));
    assertFalse(pod.containsKey("PERSONA_SEED_NODES"), "discovery, not seeds");
    assertEquals("$(POD_NAME)." + serviceName, pod.get("PERSONA_REMOTE_HOST"), "Artery's address is the pod's name");
    // discovery selects app=<service> and asks each pod on its port named "management"
    JsonNode labels = set.path("spec").path("template").path("metadata").path("labels");
    assertEquals(pod.getOrDefault("PERSONA_DISCOVERY_SERVICE", "persona"), labels.path("app").asText(),
        "the pods carry the label discovery selects");
    int management = Integer.parseInt(pod.get("PERSONA_MANAGEMENT_PORT"));
    assertTrue(StreamSupport.stream(container.path("ports").spliterator(), false).anyMatch(p ->
        p.path("name").asText().equals("management") && p.path("containerPort").asInt() == management),
        "a container port named management on " + management + ": " + container.path("ports"));
    int required = Integer.parseInt(pod.getOrDefault("PERSONA_DISCOVERY_REQUIRED_CONTACTS", "2"));
    assertTrue(required >= 1 && required <= replicas, required + " contact points needed of " + replicas + " replicas");
    // a node recognises itself among the contact points (pod IPs) by Management's advertised host
    assertEquals("$(POD_IP)", pod.get("PERSONA_MANAGEMENT_HOST"));
    assertTrue(StreamSupport.stream(container.path("env").spliterator(), false).anyMatch(e ->
        e.path("name").asText().equals("POD_IP")
            && e.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("status.podIP")));
    // the pods' service account may list the pods of their namespace
    String account = set.path("spec").path("template").path("spec").path("serviceAccountName").asText();
    named(objects, "ServiceAccount", account);
    JsonNode binding = ofKind(objects, "RoleBinding").stream()
        .filter(b -> StreamSupport.stream(b.path("subjects").spliterator(), false).anyMatch(subject ->
            subject.path("kind").asText().equals("ServiceAccount") && subject.path("name").asText().equals(account)))
        .findFirst().orElseThrow(() -> new AssertionError("no RoleBinding for the service account " + account));
    JsonNode role = named(objects, "Role", binding.path("roleRef").path("name").asText());
    assertTrue(StreamSupport.stream(role.path("rules").spliterator(), false).anyMatch(rule ->
        rule.path("resources").toString().contains("\"pods\"") && rule.path("verbs").toString().contains("\"list\"")),
        "the role lets it list pods: " + role.path("rules"));

    JsonNode headless = named(objects, "Service", serviceName);
    assertEquals("None", headless.path("spec").path("clusterIP").asText());
    assertTrue(headless.path("spec").path("publishNotReadyAddresses").asBoolean(),
        "pods must find each other before they are ready: readiness needs the cluster");
    for (JsonNode service : ofKind(objects, "Service")) {
      service.path("spec").path("selector").fields().forEachRemaining(s ->
          assertEquals(s.getValue().asText(), labels.path(s.getKey()).asText(), "Service selector " + s.getKey()));
    }
    for (JsonNode budget : ofKind(objects, "PodDisruptionBudget")) {
      budget.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(s ->
          assertEquals(s.getValue().asText(), labels.path(s.getKey()).asText(), "budget selector " + s.getKey()));
      assertEquals(1, budget.path("spec").path("maxUnavailable").asInt());
    }
  }

  @Test
  void probesReachTheDocumentedHealthPathsOnTheHttpPort() throws IOException {
    List<JsonNode> objects = kubernetesObjects();
    JsonNode container = personaContainer(statefulSet(objects));
    Map<String, String> pod = podEnvironment(objects, container);
    JsonNode httpPort = null;
    for (JsonNode port : container.path("ports")) {
      if ("http".equals(port.path("name").asText())) {
        httpPort = port;
      }
    }
    assertTrue(httpPort != null, "a port named http");
    assertEquals(pod.get("PERSONA_HTTP_PORT"), httpPort.path("containerPort").asText());
    String api = Files.readString(root().resolve("gateway/src/main/resources/openapi/persona-api.yaml"));
    Map<String, String> expected = Map.of("readinessProbe", "/health/ready", "livenessProbe", "/health/alive",
        "startupProbe", "/health/alive");
    expected.forEach((probe, path) -> {
      JsonNode get = container.path(probe).path("httpGet");
      assertEquals(path, get.path("path").asText(), probe);
      assertEquals("http", get.path("port").asText(), probe);
      assertTrue(api.contains("\n  " + path + ":"), path + " is a documented path");
      // the production template serves HTTPS unless PERSONA_HTTP_TLS=false
      assertEquals("false".equals(pod.get("PERSONA_HTTP_TLS")) ? "HTTP" : "HTTPS", get.path("scheme").asText(), probe);
    });
  }

  /**
   * The worst case: every phase of Pekko's coordinated shutdown (they run one after another) at its
   * timeout, persona-node.conf's where it sets one, else Pekko's (its reference configuration).
   */
  @Test
  void theGracePeriodOutlastsTheCoordinatedShutdown() throws IOException {
    Config shutdown = ConfigFactory.parseFile(root().resolve("cluster-config/src/main/resources/persona-node.conf")
            .toFile())
        .withFallback(ConfigFactory.defaultReference())
        .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true))
        .getConfig("pekko.coordinated-shutdown");
    Duration defaultTimeout = shutdown.getDuration("default-phase-timeout");
    Config phases = shutdown.getConfig("phases");
    Duration total = Duration.ZERO;
    for (String phase : phases.root().keySet()) {
      total = total.plus(phases.hasPath(phase + ".timeout") ? phases.getDuration(phase + ".timeout") : defaultTimeout);
    }
    assertTrue(phases.root().size() >= 10 && total.toSeconds() >= 100, phases.root().size() + " phases, " + total);
    JsonNode set = statefulSet(kubernetesObjects());
    long grace = set.path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asLong();
    assertTrue(grace >= total.toSeconds(), "grace " + grace + " s < the shutdown phases' " + total);
    for (Map.Entry<String, JsonNode> service : composeServices().entrySet()) {
      if (service.getValue().path("image").asText().startsWith("persona:")) {
        String stop = service.getValue().path("stop_grace_period").asText();
        assertTrue(stop.endsWith("s") && Long.parseLong(stop.replace("s", "")) >= total.toSeconds(),
            service.getKey() + " stop_grace_period " + stop);
      }
    }
  }

  @Test
  void theManifestsRunTheImageTheBuildMakes() throws IOException {
    String gatewayPom = Files.readString(root().resolve("gateway/pom.xml"));
    assertTrue(gatewayPom.contains("<image>persona:${project.version}</image>"), "Jib's image name");
    Matcher version = Pattern.compile("<artifactId>persona-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(root().resolve("pom.xml")));
    assertTrue(version.find(), "the project version");
    String image = "persona:" + version.group(1);
    assertEquals(image, personaContainer(statefulSet(kubernetesObjects())).path("image").asText());
    long composeNodes = composeServices().values().stream().filter(s -> s.path("image").asText().equals(image)).count();
    assertEquals(3, composeNodes, "three Persona nodes in docker-compose.yml, on " + image);
  }
}
