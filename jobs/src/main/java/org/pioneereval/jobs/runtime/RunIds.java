package org.pioneereval.jobs.runtime;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/** Run identifiers: sortable by start time, unique enough for one evaluation team. */
public final class RunIds {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  private RunIds() {}

  /** e.g. {@code run-20261122T181500Z-3f9a}. */
  public static String newRunId() {
    return "run-"
        + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP)
        + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }
}
