package io.persona.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.persona.gateway.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code persona keys create|list|revoke}: producer API keys, through a node's operator endpoints
 * ({@code /v1/admin/keys}) with the operator key.
 */
@Command(name = "persona keys", mixinStandardHelpOptions = true,
    description = "Creates, lists and revokes producer API keys on a running cluster (any node).",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  abstract static class NodeCall implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "a node (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--operator-key", paramLabel = "KEY",
        description = "the operator key (default: PERSONA_OPERATOR_KEY, else the local profiles' development key)")
    String operatorKey;

    int send(String method, String path, String body) throws IOException, InterruptedException {
      String key = operatorKey != null ? operatorKey
          : System.getenv().getOrDefault("PERSONA_OPERATOR_KEY", "persona-local-operator");
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + path))
          .timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + key)
          .header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
      if (response.statusCode() >= 300) {
        System.err.println("The node answered " + response.statusCode() + ": "
            + (json != null && json.has("detail") ? json.get("detail").asText() : response.body()));
        return 1;
      }
      System.out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json));
      return 0;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Creates a key and prints it once (Persona keeps only a hash of it).")
  static final class Create extends NodeCall {
    @Option(names = "--name", required = true, description = "who the key is for, e.g. \"checkout service\"")
    String name;

    @Option(names = "--scopes", required = true, split = ",",
        description = "comma-separated: events:write, items:write, recommendations:read, profiles:read, users:delete, admin")
    List<String> scopes;

    @Option(names = "--requests-per-second", description = "this key's rate per node (default: the cluster's)")
    Integer requestsPerSecond;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("scopes", scopes);
      if (requestsPerSecond != null) {
        body.put("requestsPerSecond", requestsPerSecond);
      }
      return send("POST", "/v1/admin/keys", Json.MAPPER.writeValueAsString(body));
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every key, revoked ones too (no secrets).")
  static final class ListKeys extends NodeCall {
    @Override
    public Integer call() throws Exception {
      return send("GET", "/v1/admin/keys", null);
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revokes a key: every node refuses it within persona.auth.refresh-interval (2 s).")
  static final class Revoke extends NodeCall {
    @Parameters(index = "0", paramLabel = "ID", description = "the key's id (pk_<id>_...)")
    String id;

    @Override
    public Integer call() throws Exception {
      return send("DELETE", "/v1/admin/keys/" + id, null);
    }
  }

  public static int execute(String... args) {
    return new CommandLine(new KeysCommand()).execute(args);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
