package org.pioneereval.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.jobs.runtime.PioneerEvalException;

/** The nightly configuration file: what it accepts and how it reports every problem at once. */
class NightlyConfigTest {

  @TempDir Path work;

  @Test
  void theExampleConfigurationLoadsWithItsDefaults() throws IOException {
    Files.createDirectories(work.resolve("pioneer-eval-data/extracts"));
    Path example = Path.of("..", "conf", "nightly.example.yaml");
    Path copy = work.resolve("nightly.yaml");
    Files.writeString(
        copy,
        Files.readString(example)
            .replace("data: pioneer-eval-data", "data: " + work.resolve("pioneer-eval-data")));

    NightlyConfig config = NightlyConfig.load(copy);

    assertThat(config.dataPath()).isEqualTo(work.resolve("pioneer-eval-data/extracts"));
    assertThat(config.quarantineWarningPercent()).isEqualTo(1.0);
    assertThat(config.notebooks()).isNull();
  }

  @Test
  void everyProblemIsListedWithItsKey() throws IOException {
    Path file =
        yaml(
            "lake: ftp://host/lake\n"
                + "reports: s3a://bucket/reports\n"
                + "quarantine_warning_percent: 120\n"
                + "notebooks: "
                + work.resolve("no-notebooks-here")
                + "\n"
                + "schedule: nightly\n");

    assertThatThrownBy(() -> NightlyConfig.load(file))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("unknown key 'schedule'")
        .hasMessageContaining("data: missing")
        .hasMessageContaining("lake: scheme 'ftp' is not supported")
        .hasMessageContaining("reports: 's3a://bucket/reports' must be a local folder")
        .hasMessageContaining("quarantine_warning_percent: 120.0 is outside 0 to 100")
        .hasMessageContaining("notebooks: folder " + work.resolve("no-notebooks-here"))
        .hasMessageContaining("has no execute.sh");
  }

  @Test
  void notebooksAreANamedFolderNoneOrNotRunForALakeOnAnObjectStore() throws IOException {
    Path notebooks = Files.createDirectories(work.resolve("checkout/notebooks"));
    Files.writeString(notebooks.resolve("execute.sh"), "#!/bin/sh\n");
    Files.createDirectories(work.resolve("data"));
    String base = "data: " + work.resolve("data") + "\nreports: " + work.resolve("reports") + "\n";

    NightlyConfig local = NightlyConfig.load(yaml(base + "lake: lake\nnotebooks: " + notebooks));
    assertThat(local.notebooksFolder()).contains(notebooks);
    assertThat(NightlyConfig.load(yaml(base + "lake: lake\nnotebooks: none")).notebooksFolder())
        .isEmpty();
    assertThat(
            NightlyConfig.load(yaml(base + "lake: s3a://bucket/lake\nnotebooks: " + notebooks))
                .notebooksFolder())
        .isEmpty();
  }

  private Path yaml(String text) throws IOException {
    Path file = Files.createTempFile(work, "nightly", ".yaml");
    Files.writeString(file, text);
    return file;
  }
}
