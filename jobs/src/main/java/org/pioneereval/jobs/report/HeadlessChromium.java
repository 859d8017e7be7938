package org.pioneereval.jobs.report;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium, which prints the report to PDF (and, in the tests, renders it). Debian's
 * {@code chromium} package, installed by {@value #SETUP_COMMAND}; found on the {@code PATH}.
 *
 * <p>Every run is isolated: a fresh profile folder deleted afterwards, no first-run, sync,
 * component updates, background networking or QUIC, so that printing a self-contained file makes no
 * request at all. {@code --no-sandbox} because build machines and containers often run as root,
 * where Chromium's sandbox refuses to start; the pages it opens are our own files.
 */
public final class HeadlessChromium {

  /** The project's command that installs Chromium. */
  public static final String SETUP_COMMAND = "scripts/setup-machine.sh report";

  /** Names the executable goes by, in the order they are looked for. */
  public static final List<String> EXECUTABLE_NAMES =
      List.of("chromium", "chromium-browser", "google-chrome-stable", "google-chrome");

  /** Longest a print may take before the browser is stopped. */
  public static final Duration PRINT_TIMEOUT = Duration.ofMinutes(2);

  /** Flags of every headless run, before the profile folder and the run's own flags. */
  public static final List<String> ISOLATION_FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage");

  private final Path executable;

  private HeadlessChromium(Path executable) {
    this.executable = executable;
  }

  /** Chromium on this machine's {@code PATH}, if installed. */
  public static Optional<HeadlessChromium> onPath() {
    return onPath(System.getenv("PATH"));
  }

  /** Chromium on a search path (folders separated as in {@code PATH}), if there. */
  public static Optional<HeadlessChromium> onPath(String searchPath) {
    if (searchPath == null || searchPath.isBlank()) {
      return Optional.empty();
    }
    for (String name : EXECUTABLE_NAMES) {
      for (String folder : searchPath.split(File.pathSeparator)) {
        if (folder.isBlank()) {
          continue;
        }
        Path candidate = Path.of(folder).resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return Optional.of(new HeadlessChromium(candidate));
        }
      }
    }
    return Optional.empty();
  }

  /** What to tell a user whose machine has no Chromium. */
  public static String notInstalledMessage() {
    return "Chromium is not installed (looked for "
        + String.join(", ", EXECUTABLE_NAMES)
        + " on the PATH). Install it with "
        + SETUP_COMMAND
        + " (Debian's chromium package).";
  }

  public Path executable() {
    return executable;
  }

  /** The command line of a headless run with a given profile folder and the run's own flags. */
  public List<String> command(Path profile, List<String> flags) {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(ISOLATION_FLAGS);
    command.add("--user-data-dir=" + profile.toAbsolutePath());
    command.addAll(flags);
    return command;
  }

  /** Why a print failed, in words: the problem, what Chromium said, and what to do. */
  public static final class PrintFailure extends Exception {
    private static final long serialVersionUID = 1L;

    PrintFailure(String message) {
      super(message);
    }
  }

  /**
   * Prints an HTML file to PDF as Chromium's print preview would with the page's print styles, A4
   * from the page's {@code @page} rule, no browser header or footer, with a document outline
   * (bookmarks) from the headings.
   */
  public void printToPdf(Path html, Path pdf) throws PrintFailure {
    Path profile;
    try {
      profile = Files.createTempDirectory("pioneer-eval-chromium-");
    } catch (IOException e) {
      throw new PrintFailure("Could not create a temporary profile folder for Chromium: " + e);
    }
    Path log = profile.resolve("print.log");
    try {
      Files.deleteIfExists(pdf);
      List<String> command =
          command(
              profile,
              List.of(
                  "--no-pdf-header-footer",
                  "--generate-pdf-document-outline",
                  "--print-to-pdf=" + pdf.toAbsolutePath(),
                  html.toAbsolutePath().toUri().toString()));
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(PRINT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        throw new PrintFailure(
            "Chromium did not finish printing "
                + html
                + " within "
                + PRINT_TIMEOUT.toSeconds()
                + " s and was stopped. "
                + tail(log));
      }
      if (process.exitValue() != 0 || !isPdf(pdf)) {
        throw new PrintFailure(
            "Chromium ("
                + executable
                + ") exited with code "
                + process.exitValue()
                + " without writing a PDF to "
                + pdf
                + ". "
                + tail(log));
      }
    } catch (IOException e) {
      throw new PrintFailure("Could not run Chromium (" + executable + "): " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrintFailure("Interrupted while Chromium printed " + html);
    } finally {
      deleteRecursively(profile);
    }
  }

  /** True when the file exists and starts with the PDF signature. */
  public static boolean isPdf(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(5);
      return Arrays.equals(head, "%PDF-".getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> useful =
          lines.stream().filter(l -> !l.contains("dbus") && !l.isBlank()).toList();
      if (useful.isEmpty()) {
        return "Chromium printed nothing.";
      }
      return "Chromium's last words: "
          + String.join(" | ", useful.subList(Math.max(0, useful.size() - 5), useful.size()));
    } catch (IOException e) {
      return "";
    }
  }

  static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A profile folder left behind in the temporary directory is harmless.
    }
  }
}
