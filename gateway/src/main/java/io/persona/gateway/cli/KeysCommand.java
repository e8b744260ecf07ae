package io.persona.gateway.cli;

import io.persona.gateway.json.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:done", "1:the node refused (e.g. an unknown key id)", "2:usage error", "3:no node answers"},
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Callable<Integer> {

  /** Without a subcommand: the usage, as a usage error. */
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return 2;
  }

  abstract static class NodeCall implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "a node (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--operator-key", paramLabel = "KEY",
        description = "the operator key (default: PERSONA_OPERATOR_KEY, else the local profiles' development key)")
    String operatorKey;

    int send(String method, String path, String body) throws Exception {
      var client = OperatorClient.forCommand(url, operatorKey);
      if (client.isEmpty()) {
        return OperatorClient.USAGE;
      }
      OperatorClient.Reply reply;
      try {
        reply = client.get().send(method, path, body);
      } catch (OperatorClient.Unreachable e) {
        System.err.println(e.getMessage());
        return OperatorClient.UNREACHABLE;
      }
      if (!reply.ok()) {
        System.err.println("The node answered " + reply.status() + ": " + reply.why());
        return OperatorClient.REFUSED;
      }
      System.out.println(reply.json() == null ? reply.text()
          : Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(reply.json()));
      return OperatorClient.OK;
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
