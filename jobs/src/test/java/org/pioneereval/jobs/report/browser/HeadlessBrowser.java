package org.pioneereval.jobs.report.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.pioneereval.jobs.report.HeadlessChromium;

/**
 * Headless Chromium driven through the Chrome DevTools Protocol with only the JDK (and Jackson for
 * JSON): the browser starts with {@code --remote-debugging-port=0}, writes the port it chose to
 * {@code DevToolsActivePort} in its profile folder, and every page is a target opened with {@code
 * PUT /json/new} and driven over its WebSocket ({@link DevToolsPage}).
 *
 * <p>A machine without Chromium fails the test with the command that installs it: the browser test
 * is part of the build, never skipped.
 */
public final class HeadlessBrowser implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final Path log;
  private final int port;
  private final HttpClient http;

  private HeadlessBrowser(Process process, Path profile, Path log, int port) {
    this.process = process;
    this.profile = profile;
    this.log = log;
    this.port = port;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * Starts Chromium with a fresh profile under {@code workDir} (its output goes to {@code
   * chromium.log} there).
   *
   * @throws AssertionError when Chromium is not installed or does not start, saying what to do
   */
  public static HeadlessBrowser launch(Path workDir) throws IOException, InterruptedException {
    Optional<HeadlessChromium> chromium = HeadlessChromium.onPath();
    if (chromium.isEmpty()) {
      throw new AssertionError(
          "The report's browser test needs headless Chromium. "
              + HeadlessChromium.notInstalledMessage()
              + " Then run the test again.");
    }
    Files.createDirectories(workDir);
    Path profile = Files.createTempDirectory(workDir, "chromium-profile-");
    Path log = workDir.resolve("chromium.log");
    List<String> command =
        chromium
            .get()
            .command(
                profile,
                List.of(
                    "--remote-debugging-port=0",
                    "--remote-allow-origins=*",
                    "--window-size=1280,900",
                    "--hide-scrollbars",
                    "--mute-audio",
                    "about:blank"));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      if (Files.exists(portFile)) {
        List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return new HeadlessBrowser(process, profile, log, Integer.parseInt(lines.get(0).trim()));
        }
      }
      if (!process.isAlive()) {
        throw new AssertionError(
            "Chromium ("
                + chromium.get().executable()
                + ") exited with code "
                + process.exitValue()
                + " before opening its DevTools port; its output: "
                + tail(log)
                + ". Reinstall it with "
                + HeadlessChromium.SETUP_COMMAND
                + ".");
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError(
            "Chromium did not open its DevTools port within "
                + START_TIMEOUT.toSeconds()
                + " s; its output: "
                + tail(log));
      }
      Thread.sleep(50);
    }
  }

  /** A new tab showing {@code about:blank}, connected over its DevTools WebSocket. */
  public DevToolsPage newPage() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/new?about:blank"))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "DevTools refused to open a tab: HTTP " + response.statusCode() + " " + response.body());
    }
    JsonNode target = JSON.readTree(response.body());
    String socket = target.path("webSocketDebuggerUrl").asText();
    if (socket.isEmpty()) {
      throw new AssertionError("DevTools opened a tab without a WebSocket URL: " + target);
    }
    String id = target.path("id").asText();
    return DevToolsPage.connect(http, URI.create(socket), () -> closeTab(id));
  }

  private void closeTab(String id) {
    try {
      http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/close/" + id))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      // the browser is closed with its tabs at the end of the test class
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the browser it started (and its helper processes) and deletes the profile. */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle helper : helpers) {
      if (helper.isAlive()) {
        helper.destroyForcibly();
      }
    }
    try (Stream<Path> paths = Files.walk(profile)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a profile folder left under target/ is harmless
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.contains("dbus") && !l.isBlank())
              .toList();
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
