package io.persona.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code persona models list|promote|rollback}: the model registry of a running cluster, through a
 * node's {@code /v1/models} endpoints with the operator key. Exit codes: 0 done, 1 the node refused
 * (or there is nothing to roll back to), 2 a usage error, 3 no node answers.
 */
@Command(name = "persona models", mixinStandardHelpOptions = true,
    description = "Lists the registered ranking models, promotes one, or rolls back to the previous champion.",
    subcommands = {ModelsCommand.ListModels.class, ModelsCommand.Promote.class, ModelsCommand.Rollback.class},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:done", "1:the node refused, or nothing to roll back to", "2:usage error", "3:no node answers"})
public final class ModelsCommand implements Callable<Integer> {

  /** Without a subcommand: the usage, as a usage error (a script that forgot the verb must not pass). */
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
  }

  abstract static class RegistryCall implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "a node (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--operator-key", paramLabel = "KEY",
        description = "the operator key (default: PERSONA_OPERATOR_KEY, else the local profiles' key)")
    String operatorKey;

    @Override
    public Integer call() throws Exception {
      var client = OperatorClient.forCommand(url, operatorKey);
      if (client.isEmpty()) {
        return OperatorClient.USAGE;
      }
      try {
        return run(client.get());
      } catch (OperatorClient.Unreachable e) {
        System.err.println(e.getMessage());
        return OperatorClient.UNREACHABLE;
      }
    }

    abstract int run(OperatorClient node) throws Exception;

    static int refused(OperatorClient.Reply reply) {
      System.err.println("The node answered " + reply.status() + ": " + reply.why());
      return OperatorClient.REFUSED;
    }

    /** Promotes {@code version} and says what changed. */
    static int promote(OperatorClient node, String version) throws Exception {
      OperatorClient.Reply reply = node.send("POST",
          "/v1/models/" + URLEncoder.encode(version, StandardCharsets.UTF_8) + "/promote", null);
      if (!reply.ok() || reply.json() == null) {
        return refused(reply);
      }
      JsonNode previous = reply.json().get("previous");
      System.out.println("champion: " + reply.json().get("champion").asText()
          + (previous == null ? "" : " (was " + previous.asText() + ")")
          + "; every node serves it within seconds");
      return OperatorClient.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "The newest versions, newest first: status, kind, training data, the gate's reason.")
  static final class ListModels extends RegistryCall {
    @Option(names = "--limit", defaultValue = "20", description = "how many (1-1000, default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--json", description = "print the registry's JSON as the node answers it")
    boolean json;

    @Override
    int run(OperatorClient node) throws Exception {
      OperatorClient.Reply reply = node.get("/v1/models?limit=" + limit);
      if (!reply.ok()) {
        return refused(reply);
      }
      JsonNode registry = reply.json();
      if (registry == null) {
        System.err.println("The node answered " + reply.status() + " without JSON: " + reply.text());
        return OperatorClient.REFUSED;
      }
      if (json) {
        System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(registry));
        return OperatorClient.OK;
      }
      JsonNode serving = registry.path("serving").path("champion");
      System.out.println("champion: " + registry.path("champion").asText("none registered")
          + "; this node serves " + serving.path("version").asText("?") + " (" + serving.path("kind").asText("?") + ")");
      System.out.printf("%-40s %-11s %-11s %9s  %s%n", "VERSION", "STATUS", "KIND", "EXAMPLES", "REASON");
      for (JsonNode model : registry.path("models")) {
        System.out.printf("%-40s %-11s %-11s %9s  %s%n", model.path("version").asText(),
            model.path("status").asText(), model.path("kind").asText(), model.path("examples").asText(""),
            model.path("reason").asText(""));
      }
      System.out.println(registry.path("total").asInt() + " registered");
      return OperatorClient.OK;
    }
  }

  @Command(name = "promote", mixinStandardHelpOptions = true,
      description = "Makes a registered version the champion (roll forward or back); every node serves it within seconds.")
  static final class Promote extends RegistryCall {
    @Parameters(index = "0", paramLabel = "VERSION", description = "a version `persona models list` shows")
    String version;

    @Override
    int run(OperatorClient node) throws Exception {
      return promote(node, version);
    }
  }

  @Command(name = "rollback", mixinStandardHelpOptions = true,
      description = "Promotes the version that was champion before the current one (the newest retired one).")
  static final class Rollback extends RegistryCall {
    @Override
    int run(OperatorClient node) throws Exception {
      OperatorClient.Reply reply = node.get("/v1/models?limit=1000");
      if (!reply.ok() || reply.json() == null) {
        return refused(reply);
      }
      List<JsonNode> retired = new ArrayList<>();
      reply.json().path("models").forEach(model -> {
        if (model.path("status").asText().equals("retired")) {
          retired.add(model);
        }
      });
      // a champion is retired when another replaces it: the newest retirement is the previous champion
      retired.sort(Comparator.comparing(Rollback::changedAt).reversed());
      if (retired.isEmpty()) {
        System.err.println("Nothing to roll back to: no version has been champion before the current one.");
        return OperatorClient.REFUSED;
      }
      return promote(node, retired.get(0).path("version").asText());
    }

    private static Instant changedAt(JsonNode model) {
      try {
        return Instant.parse(model.path("statusChangedAt").asText());
      } catch (DateTimeParseException e) {
        return Instant.EPOCH;
      }
    }
  }

  public static int execute(String... args) {
    return new CommandLine(new ModelsCommand()).execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
