package org.pioneereval.generator.internal;

import java.util.Map;

/** What writing one site (or the register) produced: files written and data rows per extract. */
public record SiteTally(long files, Map<String, Long> rowsByExtract) {
  public SiteTally {
    rowsByExtract = Map.copyOf(rowsByExtract);
  }
}
