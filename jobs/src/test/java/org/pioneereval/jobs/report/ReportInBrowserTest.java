package org.pioneereval.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.report.browser.DevToolsPage;
import org.pioneereval.jobs.report.browser.HeadlessBrowser;
import org.pioneereval.jobs.report.browser.PdfDocument;

/**
 * The report of the {@link CraftedLake} in a real browser: headless Chromium (Debian's {@code
 * chromium}, installed by {@code scripts/setup-machine.sh report}) driven over the DevTools
 * Protocol. It opens the file, and checks that every section renders, that no request leaves the
 * file, that nothing is logged as an error, that every chart is drawn with its title, axis labels
 * and alt text, and that the print styles and the PDF are right. Screenshots go to {@code
 * target/report-browser/}.
 *
 * <p>Without Chromium every test fails (not skipped) with the command that installs it.
 */
class ReportInBrowserTest {

  /** Where screenshots, the PDF copy and Chromium's log go. */
  static final Path OUT = Path.of("target", "report-browser").toAbsolutePath();

  /** The sections and their headings, in order. */
  static final List<String> SECTIONS =
      List.of(
          "summary",
          "trends",
          "event-studies",
          "staggered-adoption",
          "outcome-models",
          "patient-panel",
          "matched-cohort",
          "data-quality",
          "methods",
          "disclosure-control",
          "provenance");

  static final List<String> HEADINGS =
      List.of(
          "Effects",
          "Trends: pioneer and comparison sites",
          "Event studies and pre-trend tests",
          "Staggered adoption: estimates robust to the waves",
          "Outcome models: rate ratios and survey-weighted effects",
          "Patient-level panel: every resident, every month",
          "Matched patient cohort: enrolled patients and their controls",
          "Data quality",
          "Methods",
          "Disclosure control",
          "Provenance");

  static CraftedReport.Written report;
  static HeadlessBrowser browser;
  static DevToolsPage page;
  static String reportUrl;

  @BeforeAll
  static void openTheReport() throws Exception {
    browser = HeadlessBrowser.launch(OUT);
    report = CraftedReport.get();
    page = browser.newPage();
    for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
      page.call(domain + ".enable", null);
    }
    reportUrl = report.html().toUri().toString();
    page.call("Page.navigate", DevToolsPage.params().put("url", reportUrl));
    page.awaitEvent("Page.loadEventFired", Duration.ofSeconds(60));
    assertThat(page.evaluate("document.readyState").asText()).isEqualTo("complete");
  }

  @AfterAll
  static void closeTheBrowser() throws Exception {
    if (page != null) {
      page.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  void everySectionRendersVisibleAndNonEmpty() {
    JsonNode found =
        page.evaluate(
            "(() => [...document.querySelectorAll('main > section')].map(s => {"
                + " const r = s.getBoundingClientRect(); const st = getComputedStyle(s);"
                + " const h = s.querySelector('h2');"
                + " return {id: s.id, heading: h ? h.innerText : '', width: r.width,"
                + " height: r.height, display: st.display, visibility: st.visibility,"
                + " text: s.innerText.trim().length}; }))()");
    List<String> ids = new ArrayList<>();
    found.forEach(s -> ids.add(s.path("id").asText()));
    assertThat(ids).as("sections of the report, in order").containsExactlyElementsOf(SECTIONS);
    for (int i = 0; i < found.size(); i++) {
      JsonNode s = found.get(i);
      String id = s.path("id").asText();
      assertThat(s.path("heading").asText()).as("heading of #%s", id).isEqualTo(HEADINGS.get(i));
      assertThat(s.path("display").asText()).as("display of #%s", id).isNotEqualTo("none");
      assertThat(s.path("visibility").asText()).as("visibility of #%s", id).isEqualTo("visible");
      assertThat(s.path("width").asDouble()).as("width of #%s", id).isGreaterThan(300);
      assertThat(s.path("height").asDouble()).as("height of #%s", id).isGreaterThan(100);
      assertThat(s.path("text").asInt()).as("characters of text in #%s", id).isGreaterThan(200);
    }
  }

  @Test
  void noRequestLeavesTheFile() {
    List<String> urls = new ArrayList<>();
    for (JsonNode e : page.events("Network.requestWillBeSent")) {
      urls.add(e.path("params").path("request").path("url").asText());
    }
    assertThat(urls)
        .as("requests seen while loading (the report itself at least)")
        .contains(reportUrl);
    assertThat(urls)
        .as("every request stays in the file (file: or data: URLs only)")
        .allSatisfy(url -> assertThat(url).matches("(?s)(file|data):.*"));
  }

  @Test
  void nothingIsLoggedAsAnErrorAndNoScriptThrows() {
    List<String> problems = errors(page);
    assertThat(problems).as("console errors, exceptions and error log entries").isEmpty();
  }

  @Test
  void everyChartIsDrawnWithItsTitleAxisLabelsAndAltText() {
    JsonNode charts =
        page.evaluate(
            "(() => [...document.querySelectorAll('svg')].map(svg => {"
                + " const r = svg.getBoundingClientRect();"
                + " const t = svg.querySelector('title');"
                + " const x = svg.querySelector('text.axis-label.x');"
                + " const y = svg.querySelector('text.axis-label.y');"
                + " const xb = x ? x.getBBox() : null;"
                + " return {section: svg.closest('section').id, role: svg.getAttribute('role'),"
                + " label: svg.getAttribute('aria-label') || '', title: t ? t.textContent : '',"
                + " x: x ? x.textContent : '', y: y ? y.textContent : '',"
                + " xLabelWidth: xb ? xb.width : 0, width: r.width, height: r.height,"
                + " marks: svg.querySelectorAll('line,polyline,polygon,rect,circle').length}; }))()");
    assertThat(charts.size())
        .as(
            "forest plot, 7 trends, 3 event studies, 2 by time since go-live, Goodman-Bacon,"
                + " love plot")
        .isEqualTo(15);
    for (JsonNode c : charts) {
      String title = c.path("title").asText();
      assertThat(title).as("a chart in #%s", c.path("section").asText()).isNotBlank();
      assertThat(c.path("role").asText()).as(title).isEqualTo("img");
      assertThat(c.path("label").asText()).as(title).startsWith(title + ". ");
      assertThat(c.path("x").asText()).as("x axis label of %s", title).isNotBlank();
      assertThat(c.path("y").asText()).as("y axis label of %s", title).isNotBlank();
      assertThat(c.path("xLabelWidth").asDouble()).as("x axis label drawn, %s", title).isPositive();
      assertThat(c.path("width").asDouble()).as("width of %s", title).isGreaterThan(300);
      assertThat(c.path("height").asDouble()).as("height of %s", title).isGreaterThan(100);
      assertThat(c.path("marks").asInt()).as("lines and marks of %s", title).isGreaterThan(10);
    }
  }

  @Test
  void everyTableHasACaptionAndColumnHeaders() {
    JsonNode tables =
        page.evaluate(
            "(() => [...document.querySelectorAll('table')].map(t => ({"
                + " caption: t.caption ? t.caption.innerText : '',"
                + " headers: t.querySelectorAll('thead th[scope=col]').length,"
                + " rows: t.tBodies.length ? t.tBodies[0].rows.length : 0})))()");
    assertThat(tables.size()).isGreaterThanOrEqualTo(10);
    for (JsonNode t : tables) {
      assertThat(t.path("caption").asText()).isNotBlank();
      assertThat(t.path("headers").asInt()).as(t.path("caption").asText()).isGreaterThan(1);
      assertThat(t.path("rows").asInt()).as(t.path("caption").asText()).isPositive();
    }
  }

  @Test
  void aScreenshotOfTheWholeReportAndOfEachSectionIsSaved() throws Exception {
    page.call("Page.bringToFront", null);
    JsonNode metrics = page.call("Page.getLayoutMetrics", null);
    int height = (int) Math.ceil(metrics.path("cssContentSize").path("height").asDouble());
    assertThat(height).as("page height in CSS pixels").isGreaterThan(3000);
    Path full = OUT.resolve("report.png");
    byte[] png =
        screenshot(
            DevToolsPage.params()
                .put("format", "png")
                .put("captureBeyondViewport", true)
                .set(
                    "clip",
                    DevToolsPage.params()
                        .put("x", 0)
                        .put("y", 0)
                        .put("width", 1280)
                        .put("height", Math.min(height, 16_000))
                        .put("scale", 1)));
    Files.write(full, png);
    assertThat(pngWidth(png)).isEqualTo(1280);
    assertThat(pngHeight(png)).isEqualTo(Math.min(height, 16_000));
    for (String id : SECTIONS) {
      JsonNode box =
          page.evaluate(
              "(() => { const r = document.getElementById('"
                  + id
                  + "').getBoundingClientRect(); return {x: r.left + scrollX, y: r.top + scrollY,"
                  + " width: r.width, height: r.height}; })()");
      byte[] section =
          screenshot(
              DevToolsPage.params()
                  .put("format", "png")
                  .put("captureBeyondViewport", true)
                  .set(
                      "clip",
                      DevToolsPage.params()
                          .put("x", box.path("x").asDouble())
                          .put("y", box.path("y").asDouble())
                          .put("width", box.path("width").asDouble())
                          .put("height", Math.min(box.path("height").asDouble(), 8_000))
                          .put("scale", 1)));
      Files.write(OUT.resolve("section-" + id + ".png"), section);
      assertThat(pngHeight(section)).as("screenshot of #%s", id).isGreaterThan(100);
    }
  }

  /**
   * Print media: every section after the first starts a new page, charts, figures and table rows
   * are never cut, and the table of contents is not printed.
   */
  @Test
  void printStylesStartEachSectionOnANewPageAndKeepChartsWhole() throws Exception {
    try (DevToolsPage print = browser.newPage()) {
      print.call("Page.enable", null);
      print.call("Emulation.setEmulatedMedia", DevToolsPage.params().put("media", "print"));
      print.call("Page.navigate", DevToolsPage.params().put("url", reportUrl));
      print.awaitEvent("Page.loadEventFired", Duration.ofSeconds(60));
      JsonNode styles =
          print.evaluate(
              "(() => ({"
                  + " sections: [...document.querySelectorAll('main > section')].map(s =>"
                  + " getComputedStyle(s).breakBefore),"
                  + " figures: [...document.querySelectorAll('figure')].map(f =>"
                  + " getComputedStyle(f).breakInside),"
                  + " svgs: [...document.querySelectorAll('svg')].map(f =>"
                  + " getComputedStyle(f).breakInside),"
                  + " rows: [...document.querySelectorAll('tr')].map(r =>"
                  + " getComputedStyle(r).breakInside),"
                  + " nav: getComputedStyle(document.querySelector('nav')).display }))()");
      List<String> breaks = new ArrayList<>();
      styles.path("sections").forEach(b -> breaks.add(b.asText()));
      assertThat(breaks).hasSize(SECTIONS.size());
      assertThat(breaks.get(0)).as("the summary follows the title on page 1").isEqualTo("auto");
      assertThat(breaks.subList(1, breaks.size())).as("later sections").containsOnly("page");
      assertThat(styles.path("figures").size()).isGreaterThanOrEqualTo(14);
      styles.path("figures").forEach(f -> assertThat(f.asText()).isEqualTo("avoid"));
      styles.path("svgs").forEach(f -> assertThat(f.asText()).isEqualTo("avoid"));
      styles.path("rows").forEach(f -> assertThat(f.asText()).isEqualTo("avoid"));
      assertThat(styles.path("nav").asText()).isEqualTo("none");
      assertThat(errors(print)).isEmpty();
    }
  }

  /**
   * The PDF the report job printed beside the HTML: a complete PDF, at least one page per section
   * (each starts a page) and not more than the sections, the charts and the long tables could fill,
   * with a bookmark for every section and for each outcome's heading.
   */
  @Test
  void theReportsPdfHasItsPagesAndABookmarkForEveryHeading() throws Exception {
    Path pdfFile = report.pdf();
    assertThat(pdfFile).as("report.pdf beside report.html").exists();
    Files.copy(pdfFile, OUT.resolve("report.pdf"), StandardCopyOption.REPLACE_EXISTING);
    PdfDocument pdf = new PdfDocument(Files.readAllBytes(pdfFile));

    assertThat(pdf.isCompletePdf()).as("%PDF- at the start, %%EOF at the end").isTrue();
    assertThat(pdf.pageCount()).as("pages").isBetween(SECTIONS.size(), SECTIONS.size() + 14 + 6);
    assertThat(pdf.titles()).contains("pioneer-eval report " + CraftedLake.RUN_ID);
    assertThat(pdf.titles()).containsAll(HEADINGS);
    assertThat(pdf.titles())
        .contains(
            PanelOutcome.EMERGENCY_ADMISSIONS_RATE.label(),
            PanelOutcome.COST_PER_CAPITA.label(),
            "Goodman-Bacon decomposition of the TWFE estimate");
  }

  /** The checks are not vacuous: a page that calls out and logs an error is caught by them. */
  @Test
  void theChecksCatchAnOutsideRequestAConsoleErrorAndAnException() throws Exception {
    try (DevToolsPage bad = browser.newPage()) {
      for (String domain : List.of("Page", "Network", "Runtime", "Log")) {
        bad.call(domain + ".enable", null);
      }
      String html =
          "<!DOCTYPE html><img src=\"http://127.0.0.1:9/pixel.png\" alt=\"\">"
              + "<script>console.error('deliberate console error');"
              + "setTimeout(() => { throw new Error('deliberate exception'); }, 0);</script>";
      bad.call(
          "Page.navigate",
          DevToolsPage.params()
              .put(
                  "url",
                  "data:text/html;charset=utf-8,"
                      + URLEncoder.encode(html, StandardCharsets.UTF_8).replace("+", "%20")));
      bad.awaitEvent("Page.loadEventFired", Duration.ofSeconds(30));
      bad.awaitEvent("Runtime.exceptionThrown", Duration.ofSeconds(10));
      List<String> urls = new ArrayList<>();
      bad.events("Network.requestWillBeSent")
          .forEach(e -> urls.add(e.path("params").path("request").path("url").asText()));
      assertThat(urls).contains("http://127.0.0.1:9/pixel.png");
      assertThat(errors(bad))
          .anySatisfy(p -> assertThat(p).contains("deliberate console error"))
          .anySatisfy(p -> assertThat(p).contains("deliberate exception"));
    }
  }

  /** Console errors and assertions, uncaught exceptions and error-level log entries, as text. */
  static List<String> errors(DevToolsPage p) {
    List<String> problems = new ArrayList<>();
    for (JsonNode e : p.events("Runtime.consoleAPICalled")) {
      String type = e.path("params").path("type").asText();
      if (type.equals("error") || type.equals("assert")) {
        problems.add("console." + type + ": " + e.path("params").path("args"));
      }
    }
    for (JsonNode e : p.events("Runtime.exceptionThrown")) {
      problems.add("exception: " + e.path("params").path("exceptionDetails"));
    }
    for (JsonNode e : p.events("Log.entryAdded")) {
      JsonNode entry = e.path("params").path("entry");
      if (entry.path("level").asText().equals("error")) {
        problems.add("log: " + entry.path("text").asText() + " " + entry.path("url").asText());
      }
    }
    return problems;
  }

  private static byte[] screenshot(com.fasterxml.jackson.databind.node.ObjectNode params) {
    byte[] png =
        Base64.getDecoder()
            .decode(page.call("Page.captureScreenshot", params).path("data").asText());
    assertThat(png).as("PNG signature").startsWith(0x89, 'P', 'N', 'G');
    return png;
  }

  private static int pngWidth(byte[] png) {
    return java.nio.ByteBuffer.wrap(png, 16, 4).getInt();
  }

  private static int pngHeight(byte[] png) {
    return java.nio.ByteBuffer.wrap(png, 20, 4).getInt();
  }
}
