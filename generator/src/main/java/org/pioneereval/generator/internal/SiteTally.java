package org.pioneereval.generator.internal;

import java.util.List;
import java.util.Map;

/**
 * What writing one site (or the register) produced: files written, data rows per extract, and the
 * site's patients enrolled in the programme (for the cohort truth).
 */
public record SiteTally(
    long files, Map<String, Long> rowsByExtract, List<EnrolledPatient> enrolled) {
  public SiteTally {
    rowsByExtract = Map.copyOf(rowsByExtract);
    enrolled = List.copyOf(enrolled);
  }
}
