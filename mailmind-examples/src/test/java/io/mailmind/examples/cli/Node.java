package io.mailmind.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** One {@code mailmind node} JVM started by a test: its stdout events as they come, its stderr in a file. */
final class Node {
  private static final ObjectMapper JSON = new ObjectMapper();

  final String id;
  final Process process;
  final Path stderr;
  final List<JsonNode> events = new CopyOnWriteArrayList<>();

  /** Starts {@code mailmind node --node-id id} on the test's class path with the secret key in its environment. */
  static Node start(String id, List<String> dbOptions, byte[] key, Path directory) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", testClasspath(),
        MailmindCli.class.getName(), "node", "--node-id", id, "--sync-interval", "10m"));
    command.addAll(dbOptions);
    Path stderr = directory.resolve(id + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().put(SecretKeys.DEFAULT_ENV, Base64.getEncoder().encodeToString(key));
    return new Node(id, builder.start(), stderr);
  }

  private static String testClasspath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
  }

  private Node(String id, Process process, Path stderr) {
    this.id = id;
    this.process = process;
    this.stderr = stderr;
    Thread reader = new Thread(this::read, "node-" + id + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        try {
          events.add(JSON.readTree(line));
        } catch (IOException e) {
          System.err.println("node " + id + " printed a line that is not JSON: " + line);
        }
      }
    } catch (IOException e) {
      // the node was killed
    }
  }

  /** The accounts of the node's last {@code ownership} line (none when it is dead). */
  Set<String> following() {
    if (!process.isAlive()) return Set.of();
    Set<String> accounts = new TreeSet<>();
    for (JsonNode event : events) {
      if (!"ownership".equals(event.path("event").asText())) continue;
      accounts.clear();
      event.path("accounts").forEach(account -> accounts.add(account.asText()));
    }
    return accounts;
  }

  boolean announcedNewMail(String account, long uid) {
    for (JsonNode event : events) {
      if ("new_mail".equals(event.path("event").asText()) && account.equals(event.path("account").asText())) {
        for (JsonNode each : event.path("uids")) {
          if (each.asLong() == uid) return true;
        }
      }
    }
    return false;
  }

  String stderrTail() {
    try {
      List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
      return "node " + id + " stderr:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "node " + id + ": no stderr";
    }
  }
}
