package org.pioneereval.jobs.report.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One browser tab over the Chrome DevTools Protocol: commands ({@link #call}) are JSON messages
 * with an id, answered by a message with the same id; everything else the browser sends is an
 * event, kept in arrival order ({@link #events}) so that a test can check, after the page loaded,
 * every request it made and every console message it printed.
 */
public final class DevToolsPage implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final Runnable closeTab;
  private WebSocket socket;

  private DevToolsPage(Runnable closeTab) {
    this.closeTab = closeTab;
  }

  static DevToolsPage connect(HttpClient http, URI webSocketUrl, Runnable closeTab) {
    DevToolsPage page = new DevToolsPage(closeTab);
    try {
      page.socket =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(webSocketUrl, page.new Listener())
              .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while connecting to " + webSocketUrl, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("Could not connect to the DevTools WebSocket " + webSocketUrl, e);
    }
    return page;
  }

  /** A params object for {@link #call}. */
  public static ObjectNode params() {
    return JSON.createObjectNode();
  }

  /**
   * Sends a command and waits for its result.
   *
   * @throws AssertionError when the browser answers with an error or not within a minute
   */
  public JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params == null ? params() : params);
    try {
      socket.sendText(JSON.writeValueAsString(message), true).get(30, TimeUnit.SECONDS);
      JsonNode response = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (response.has("error")) {
        throw new AssertionError("DevTools " + method + " failed: " + response.get("error"));
      }
      return response.path("result");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while waiting for DevTools " + method, e);
    } catch (ExecutionException | TimeoutException | IOException e) {
      throw new AssertionError(
          "No answer to DevTools " + method + " within " + CALL_TIMEOUT.toSeconds() + " s", e);
    } finally {
      pending.remove(id);
    }
  }

  /** Every event received so far with this method name, e.g. {@code Network.requestWillBeSent}. */
  public List<JsonNode> events(String method) {
    return events.stream().filter(e -> method.equals(e.path("method").asText())).toList();
  }

  /** Waits until an event with this method name has arrived (or was already there). */
  public JsonNode awaitEvent(String method, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<JsonNode> seen = events(method);
      if (!seen.isEmpty()) {
        return seen.get(seen.size() - 1);
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "No " + method + " event within " + timeout.toSeconds() + " s; events seen: " + methods());
  }

  /** Forgets the events received so far (before a new navigation). */
  public void clearEvents() {
    events.clear();
  }

  /**
   * Evaluates a JavaScript expression in the page and returns its value (as JSON).
   *
   * @throws AssertionError when the expression throws
   */
  public JsonNode evaluate(String expression) {
    JsonNode result =
        call(
            "Runtime.evaluate",
            params()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError(
          "JavaScript in the page threw: " + result.get("exceptionDetails").toPrettyString());
    }
    return result.path("result").path("value");
  }

  private List<String> methods() {
    return events.stream().map(e -> e.path("method").asText()).distinct().toList();
  }

  /** Disconnects and closes the tab. */
  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    closeTab.run();
  }

  /** Assembles fragmented text frames into messages and routes them. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        try {
          JsonNode message = JSON.readTree(text);
          if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
            if (answer != null) {
              answer.complete(message);
            }
          } else {
            events.add(message);
          }
        } catch (IOException e) {
          events.add(
              JSON.createObjectNode()
                  .put("method", "test.unreadableMessage")
                  .put("text", text.substring(0, Math.min(200, text.length()))));
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }
  }
}
