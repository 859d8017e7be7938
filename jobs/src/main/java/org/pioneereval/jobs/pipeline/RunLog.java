package org.pioneereval.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.pioneereval.jobs.runtime.StageProgress;

/**
 * The structured log of one nightly run: one JSON object per line in {@code reports/<run
 * id>/}{@value #FILE}, each with the time, run id, stage and event, and the event's counts and
 * seconds. Lines are appended and flushed as they happen, so the log of a killed run ends where it
 * stopped. Events:
 *
 * <ul>
 *   <li>{@code run_start} ({@code command}, {@code config_hash}, {@code estimates}), {@code
 *       run_end} ({@code status}, {@code exit_code}, {@code seconds}, {@code counts}, {@code
 *       message});
 *   <li>{@code stage_start}; {@code stage_end} ({@code seconds}, {@code counts}, and {@code
 *       details} where the stage has some, e.g. the panel's {@code panel_mode}); {@code
 *       stage_failed} ({@code seconds}, {@code message}); {@code stage_skipped};
 *   <li>{@code progress} ({@code done}, {@code total}, {@code unit}, {@code rate_per_second},
 *       {@code seconds_left} once 5% is done), also printed to the console as {@code nightly:
 *       estimate 3/7 outcomes, 0.4/s, about 10s left}.
 * </ul>
 *
 * A log that cannot be written is a warning on the console, never the run's failure.
 */
final class RunLog {

  /** The log's file name in the run's reports folder. */
  static final String FILE = "run-log.jsonl";

  /** Time left is estimated once this share of a stage's work is done. */
  static final double MIN_SHARE_FOR_TIME_LEFT = 0.05;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final String runId;
  private final PrintStream console;
  private boolean warned;

  RunLog(Path reportsRoot, String runId, PrintStream console) {
    this.file = reportsRoot.resolve(runId).resolve(FILE);
    this.runId = runId;
    this.console = console;
  }

  Path file() {
    return file;
  }

  /** A new event of a stage (null for the whole run), to fill and {@link Event#write}. */
  Event event(String stage, String event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ts", Instant.now().toString());
    node.put("run_id", runId);
    node.put("stage", stage);
    node.put("event", event);
    return new Event(node);
  }

  /** A progress meter of one stage: console lines and {@code progress} events. */
  StageProgress progress(String stage) {
    return new Meter(stage);
  }

  /** One log line being built. */
  final class Event {
    private final ObjectNode node;

    private Event(ObjectNode node) {
      this.node = node;
    }

    Event put(String key, String value) {
      node.put(key, value);
      return this;
    }

    Event put(String key, long value) {
      node.put(key, value);
      return this;
    }

    Event put(String key, double value) {
      node.put(key, Math.round(value * 1000) / 1000.0);
      return this;
    }

    Event counts(Map<String, Long> counts) {
      ObjectNode c = node.putObject("counts");
      counts.forEach(c::put);
      return this;
    }

    /** Non-count details of a stage (written only when there are some). */
    Event details(Map<String, String> details) {
      if (!details.isEmpty()) {
        ObjectNode d = node.putObject("details");
        details.forEach(d::put);
      }
      return this;
    }

    void write() {
      append(node.toString());
    }
  }

  private synchronized void append(String line) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      if (!warned) {
        warned = true;
        console.println("nightly: warning: the run log " + file + " cannot be written (" + e + ")");
      }
    }
  }

  /** Done/total, rate and time left of one stage. */
  private final class Meter implements StageProgress {
    private final String stage;
    private final long started = System.nanoTime();
    private long total;
    private long done;
    private String unit = "units";

    Meter(String stage) {
      this.stage = stage;
    }

    @Override
    public synchronized void total(long units, String unitName) {
      total = units;
      unit = unitName;
    }

    @Override
    public synchronized void advance(long units) {
      done += units;
      double seconds = (System.nanoTime() - started) / 1e9;
      double rate = seconds > 0 ? done / seconds : 0;
      // a rate from the first few percent (the one-drop site register) says little about the rest
      double left =
          rate > 0 && total >= done && done >= MIN_SHARE_FOR_TIME_LEFT * total
              ? (total - done) / rate
              : Double.NaN;
      console.printf(
          Locale.ROOT,
          "nightly: %s %d/%d %s, %.2f/s, %s%n",
          stage,
          done,
          total,
          unit,
          rate,
          Double.isNaN(left)
              ? "time left unknown"
              : String.format(Locale.ROOT, "about %.0fs left", left));
      Event e =
          event(stage, "progress")
              .put("done", done)
              .put("total", total)
              .put("unit", unit)
              .put("rate_per_second", rate);
      if (!Double.isNaN(left)) {
        e.put("seconds_left", left);
      }
      e.write();
    }
  }
}
