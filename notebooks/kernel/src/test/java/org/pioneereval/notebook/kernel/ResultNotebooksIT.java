package org.pioneereval.notebook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo as a newcomer runs it ({@code ./pioneer-eval demo}, through the launcher, on generated
 * data), which ends by executing every result notebook in Jupyter against the demo's run. Checks
 * that each notebook ran without a cell error, that the executed notebooks show the effects the
 * demo printed, that the re-estimation notebook reproduced them, and that the stored HTML opens
 * offline. Runs after {@code package} (failsafe), when the jobs jar and this kernel exist.
 */
class ResultNotebooksIT {

  private static final List<String> NOTEBOOKS =
      List.of("01-results-overview", "02-site-drill-down", "03-re-estimation", "04-data-quality");

  /** One line of the demo's effects table: outcome, method, effect with 4 decimals, ... */
  private static final Pattern EFFECT_LINE =
      Pattern.compile("^([a-z_]+)\\s+(TWFE|DID_2X2)\\s+(-?\\d+\\.\\d{4})\\s+\\[.*$");

  private static final Pattern NOTEBOOKS_LINE =
      Pattern.compile("^Result notebooks \\(executed, \\.ipynb and \\.html\\): (\\S+)");

  private static Path checkout;
  private static String demoOutput;
  private static int demoExit;
  private static Path notebooks;

  @BeforeAll
  static void runTheDemo() throws Exception {
    checkout = Path.of(System.getProperty("pioneer.checkout")).toRealPath();
    Path workspace = checkout.resolve("notebooks/kernel/target/result-notebooks-demo");
    Path stdout = workspace.resolveSibling("result-notebooks-demo.out");
    Path stderr = workspace.resolveSibling("result-notebooks-demo.err");
    // A smaller evaluation than the default demo (16 sites instead of 65, fewer residents; the same
    // code path). The run's cost is per Spark and Delta operation rather than per row (measured:
    // 96 s here against 93 s with 10 sites of 300 residents), but 8 pioneer and 8 comparison sites
    // are the fewest whose effects the notebooks show: below that disclosure control suppresses
    // them, and this test compares them with the effects the demo printed.
    Process demo =
        new ProcessBuilder(
                checkout.resolve("pioneer-eval").toString(),
                "demo",
                "--workspace",
                workspace.toString(),
                "--comparison-sites",
                "8",
                "--pioneer-sites",
                "4",
                "4",
                "--patients-per-site",
                "1000")
            .directory(checkout.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!demo.waitFor(40, TimeUnit.MINUTES)) {
      demo.destroyForcibly();
      throw new AssertionError("the demo did not finish in 40 minutes; see " + stderr);
    }
    demoExit = demo.exitValue();
    demoOutput = Files.readString(stdout, StandardCharsets.UTF_8);
    String errors = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(demoExit).as("demo exit code; stderr:%n%s", tail(errors)).isZero();
    Matcher folder =
        demoOutput.lines().map(NOTEBOOKS_LINE::matcher).filter(Matcher::find).findFirst().get();
    notebooks = Path.of(folder.group(1));
  }

  @Test
  void everyNotebookIsStoredBesideTheReportExecutedWithoutACellError() throws IOException {
    assertThat(notebooks.getFileName()).hasToString("notebooks");
    assertThat(notebooks.resolveSibling("report.html")).isRegularFile();
    for (String name : NOTEBOOKS) {
      assertThat(notebooks.resolve(name + ".html")).isRegularFile();
      JsonArray cells = cells(name);
      int code = 0;
      for (JsonElement cell : cells) {
        JsonObject c = cell.getAsJsonObject();
        if (!c.get("cell_type").getAsString().equals("code")) {
          continue;
        }
        code++;
        assertThat(c.get("execution_count").isJsonNull()).as(name + " cell executed").isFalse();
        for (JsonElement output : c.getAsJsonArray("outputs")) {
          assertThat(output.getAsJsonObject().get("output_type").getAsString())
              .as(name + " output")
              .isNotEqualTo("error");
        }
      }
      assertThat(code).as(name + " code cells").isGreaterThanOrEqualTo(5);
    }
  }

  @Test
  void theResultsOverviewShowsEveryEffectTheDemoPrinted() throws IOException {
    List<String[]> printed = new ArrayList<>();
    demoOutput
        .lines()
        .map(EFFECT_LINE::matcher)
        .filter(Matcher::matches)
        .forEach(m -> printed.add(new String[] {m.group(1), m.group(2), m.group(3)}));
    assertThat(printed).hasSize(14); // 7 outcomes x (TWFE, 2x2)

    List<Double> shown = tableEffects(text(cells("01-results-overview"), "text/html"));
    assertThat(shown).hasSize(14);
    for (String[] effect : printed) {
      double value = Double.parseDouble(effect[2]);
      // the notebook rounds to 4 significant digits for costs (e.g. -4.286), 4 decimals otherwise
      assertThat(shown)
          .as("notebook effects %s vs the demo's %s %s %s", shown, effect[0], effect[1], effect[2])
          .anySatisfy(v -> assertThat(Math.abs(v - value)).isLessThanOrEqualTo(5.1e-4));
    }
    assertThat(text(cells("01-results-overview"), "image/svg+xml")).contains("<svg");
  }

  @Test
  void theReEstimationNotebookGotThePipelinesEffectsExactly() throws IOException {
    JsonArray cells = cells("03-re-estimation");
    assertThat(streams(cells))
        .contains("All 14 effects re-estimated equal results/did_effects of run");
    String html = text(cells, "text/html");
    assertThat(html).contains("vs re-estimated in this notebook");
    // one row per outcome and estimator; the last cell is the relative difference
    Matcher rows =
        Pattern.compile(
                "<tr><td>([a-z_]+)</td><td>(TWFE|DID_2X2)</td>(?:<td[^>]*>[^<]*</td>){4}"
                    + "<td>([^<]+)</td></tr>")
            .matcher(html);
    List<Double> differences = new ArrayList<>();
    while (rows.find()) {
      differences.add(Double.parseDouble(rows.group(3)));
    }
    assertThat(differences).hasSize(14).allSatisfy(d -> assertThat(d).isEqualTo(0.0));
  }

  @Test
  void theStoredHtmlOpensOfflineWithTheNotebooksOutputs() throws IOException {
    for (String name : NOTEBOOKS) {
      String html = Files.readString(notebooks.resolve(name + ".html"), StandardCharsets.UTF_8);
      assertThat(html)
          .as(name + ".html")
          .doesNotContain("<script src=")
          .doesNotContain("cdnjs")
          .doesNotContain("file:///usr/share/javascript")
          .contains("<svg");
    }
    String overview =
        Files.readString(notebooks.resolve("01-results-overview.html"), StandardCharsets.UTF_8);
    assertThat(overview).contains(notebooks.getParent().getFileName().toString()); // the run id
  }

  // ---- helpers ----

  private static JsonArray cells(String name) throws IOException {
    return JsonParser.parseString(
            Files.readString(notebooks.resolve(name + ".ipynb"), StandardCharsets.UTF_8))
        .getAsJsonObject()
        .getAsJsonArray("cells");
  }

  /** Every output of one MIME type in a notebook, concatenated. */
  private static String text(JsonArray cells, String mime) {
    StringBuilder all = new StringBuilder();
    for (JsonElement cell : cells) {
      JsonArray outputs = cell.getAsJsonObject().getAsJsonArray("outputs");
      if (outputs == null) {
        continue;
      }
      for (JsonElement output : outputs) {
        JsonObject data = output.getAsJsonObject().getAsJsonObject("data");
        if (data != null && data.has(mime)) {
          JsonElement value = data.get(mime);
          if (value.isJsonArray()) {
            value.getAsJsonArray().forEach(line -> all.append(line.getAsString()));
          } else {
            all.append(value.getAsString());
          }
          all.append('\n');
        }
      }
    }
    return all.toString();
  }

  /**
   * The effect column of the notebook's effects table (the first table with an "effect" header).
   */
  private static List<Double> tableEffects(String html) {
    int table = html.indexOf("<th>effect</th>");
    assertThat(table).as("effects table in the results overview").isPositive();
    String body = html.substring(table, html.indexOf("</table>", table));
    Matcher cell =
        Pattern.compile("<td>(?:TWFE|2x2)</td><td style=\"text-align:right\">([^<]+)</td>")
            .matcher(body);
    List<Double> values = new ArrayList<>();
    while (cell.find()) {
      values.add(Double.parseDouble(cell.group(1).replace(",", "").strip()));
    }
    return values;
  }

  private static String streams(JsonArray cells) {
    StringBuilder all = new StringBuilder();
    for (JsonElement cell : cells) {
      JsonArray outputs = cell.getAsJsonObject().getAsJsonArray("outputs");
      if (outputs == null) {
        continue;
      }
      for (JsonElement output : outputs) {
        JsonObject o = output.getAsJsonObject();
        if (o.get("output_type").getAsString().equals("stream")) {
          JsonElement text = o.get("text");
          if (text.isJsonArray()) {
            text.getAsJsonArray().forEach(line -> all.append(line.getAsString()));
          } else {
            all.append(text.getAsString());
          }
        }
      }
    }
    return all.toString();
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
