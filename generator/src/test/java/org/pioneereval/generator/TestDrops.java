package org.pioneereval.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reading generated drops back in tests. */
final class TestDrops {
  private TestDrops() {}

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Relative path -> SHA-256 of every file under {@code root}, sorted by path. */
  static Map<String, String> checksums(Path root) {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        sums.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sums;
  }

  /** Every CSV of one extract, sorted by path. */
  static List<Path> csvFiles(Path root, String extract) {
    try (Stream<Path> files = Files.walk(root.resolve("drops").resolve(extract))) {
      return files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every manifest.json under the root, sorted by path. */
  static List<Path> manifests(Path root) {
    try (Stream<Path> files = Files.walk(root.resolve("drops"))) {
      return files
          .filter(p -> p.getFileName().toString().equals("manifest.json"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String headerLine(Path csv) {
    return lines(csv).get(0);
  }

  /** Data rows split on commas (our values contain no commas), empty fields kept. */
  static List<String[]> rows(Path csv) {
    List<String> lines = lines(csv);
    List<String[]> rows = new ArrayList<>(lines.size());
    for (String line : lines.subList(1, lines.size())) {
      rows.add(line.split(",", -1));
    }
    return rows;
  }

  /** Rows of every drop of one extract. */
  static List<String[]> allRows(Path root, String extract) {
    List<String[]> rows = new ArrayList<>();
    for (Path csv : csvFiles(root, extract)) {
      rows.addAll(rows(csv));
    }
    return rows;
  }

  private static List<String> lines(Path csv) {
    try {
      return Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
