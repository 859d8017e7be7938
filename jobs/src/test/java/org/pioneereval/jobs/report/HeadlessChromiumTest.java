package org.pioneereval.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding Chromium and reporting a failed print, with stand-in executables (no browser runs). */
class HeadlessChromiumTest {

  @Test
  void chromiumIsFoundOnTheSearchPathUnderItsDebianName(@TempDir Path work) throws Exception {
    Path empty = Files.createDirectories(work.resolve("empty"));
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path chromium = executable(bin.resolve("chromium"), "exit 0");

    assertThat(HeadlessChromium.onPath(empty + File.pathSeparator + bin))
        .hasValueSatisfying(c -> assertThat(c.executable()).isEqualTo(chromium));
  }

  @Test
  void withoutChromiumNothingIsFoundAndTheMessageSaysHowToInstallIt(@TempDir Path work)
      throws Exception {
    Path bin = Files.createDirectories(work.resolve("bin"));
    Files.writeString(bin.resolve("chromium"), "not executable");

    assertThat(HeadlessChromium.onPath(bin.toString())).isEmpty();
    assertThat(HeadlessChromium.onPath("")).isEmpty();
    assertThat(HeadlessChromium.notInstalledMessage())
        .isEqualTo(
            "Chromium is not installed (looked for chromium, chromium-browser,"
                + " google-chrome-stable, google-chrome on the PATH). Install it with"
                + " scripts/setup-machine.sh report (Debian's chromium package).");
  }

  @Test
  void everyRunIsHeadlessIsolatedAndUsesItsOwnProfile(@TempDir Path work) throws Exception {
    Path chromium = executable(work.resolve("chromium"), "exit 0");
    HeadlessChromium browser = HeadlessChromium.onPath(work.toString()).orElseThrow();

    assertThat(browser.command(work.resolve("profile"), java.util.List.of("--flag")))
        .containsExactly(
            chromium.toString(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--user-data-dir=" + work.resolve("profile").toAbsolutePath(),
            "--flag");
  }

  @Test
  void aChromiumThatFailsIsReportedWithItsOwnWords(@TempDir Path work) throws Exception {
    Path bin = Files.createDirectories(work.resolve("bin"));
    executable(bin.resolve("chromium"), "echo 'cannot open display' >&2\nexit 3");
    HeadlessChromium browser = HeadlessChromium.onPath(bin.toString()).orElseThrow();
    Path html = Files.writeString(work.resolve("report.html"), "<p>x</p>");

    assertThatThrownBy(() -> browser.printToPdf(html, work.resolve("report.pdf")))
        .isInstanceOf(HeadlessChromium.PrintFailure.class)
        .hasMessageContaining("exited with code 3 without writing a PDF")
        .hasMessageContaining("Chromium's last words: cannot open display");
    assertThat(work.resolve("report.pdf")).doesNotExist();
  }

  @Test
  void aFileIsAPdfOnlyWithThePdfSignature(@TempDir Path work) throws Exception {
    Path pdf = Files.writeString(work.resolve("a.pdf"), "%PDF-1.4\n...", StandardCharsets.US_ASCII);
    Path html = Files.writeString(work.resolve("b.pdf"), "<html>", StandardCharsets.US_ASCII);

    assertThat(HeadlessChromium.isPdf(pdf)).isTrue();
    assertThat(HeadlessChromium.isPdf(html)).isFalse();
    assertThat(HeadlessChromium.isPdf(work.resolve("missing.pdf"))).isFalse();
  }

  private static Path executable(Path file, String body) throws Exception {
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
