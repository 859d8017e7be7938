package org.pioneereval.jobs.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * The report of the {@link CraftedLake}, written once per test JVM (with its PDF, by the Chromium
 * on the PATH) and shared by the report's test classes, so that Spark writes the lake once.
 */
final class CraftedReport {

  /** The lake, the report's HTML file and text, and what the job printed as warnings. */
  record Written(
      Lakehouse lake, Path root, Path reportsRoot, Path html, String text, String warnings) {
    Path pdf() {
      return html.resolveSibling(ReportJob.PDF_FILE);
    }
  }

  private static Written written;

  private CraftedReport() {}

  static synchronized Written get() {
    if (written == null) {
      written = write();
    }
    return written;
  }

  private static Written write() {
    try {
      Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(tmp);
      Path root = Files.createTempDirectory(tmp, "crafted-report-");
      Lakehouse lake = CraftedLake.write(SparkTestSession.get(), root.resolve("lake"));
      ByteArrayOutputStream warnings = new ByteArrayOutputStream();
      Path reports = root.resolve("reports");
      Path html =
          ReportJob.create(lake, CraftedLake.RUN_ID, reports)
              .withWarningsTo(new PrintStream(warnings, true, StandardCharsets.UTF_8))
              .execute();
      return new Written(
          lake,
          root,
          reports,
          html,
          Files.readString(html, StandardCharsets.UTF_8),
          warnings.toString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
