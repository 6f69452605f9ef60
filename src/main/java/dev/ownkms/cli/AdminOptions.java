package dev.ownkms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ownkms.AdminClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * What every {@code ownkms cluster …} and {@code ownkms vpce …} subcommand takes: the data
 * directory (through the running server's admin API, else opened in-process) and {@code --json}.
 */
final class AdminOptions {

  static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--data-dir", defaultValue = "ownkms-data", paramLabel = "DIR",
      description = "The server's data directory (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--json", description = "Print the answer as one line of JSON.")
  boolean json;

  /**
   * Calls the admin operation and prints its answer: lower-camel JSON with {@code --json}, else
   * what {@code human} makes of it. A refusal is one line on stderr and exit code 1.
   *
   * @param command the command's name for error lines, e.g. {@code ownkms cluster}
   */
  int run(String command, String operation, Map<String, Object> request,
      Function<JsonNode, String> human) throws Exception {
    try {
      JsonNode answer = call(operation, request);
      System.out.println(json ? lowerCamel(answer).toString() : human.apply(answer));
      return 0;
    } catch (AdminClient.AdminException e) {
      System.err.println(command + ": " + e.getMessage());
      return 1;
    }
  }

  JsonNode call(String operation, Map<String, Object> request) throws Exception {
    return JSON.readTree(AdminClient.call(dataDir, operation, request));
  }

  /** The answer as it came, indented: for answers without a summary of their own. */
  static String pretty(JsonNode answer) {
    return answer.toPrettyString();
  }

  /** Scripts get {@code clusterId}, {@code kmsuserPassword}…: the admin API's names, lower-camel. */
  static JsonNode lowerCamel(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JSON.createObjectNode();
      node.properties().forEach(e -> out.set(
          Character.toLowerCase(e.getKey().charAt(0)) + e.getKey().substring(1),
          lowerCamel(e.getValue())));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JSON.createArrayNode();
      node.forEach(item -> out.add(lowerCamel(item)));
      return out;
    }
    return node;
  }
}
