package org.pioneereval.jobs.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Statistical disclosure control for counts shown in reports: counts from 1 to {@code threshold -
 * 1} are suppressed (shown as {@code *}), and when a row of counts is published with its total, a
 * second count is suppressed whenever a single suppressed one could otherwise be recovered by
 * subtraction. Zero is shown: it discloses nothing about an individual.
 */
public final class DisclosureControl {

  /** NHS Digital's usual rule: counts of 1-7 are suppressed. */
  public static final int THRESHOLD_DEFAULT = 8;

  /** What a suppressed cell shows. */
  public static final String SUPPRESSED = "*";

  private final int threshold;

  private DisclosureControl(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException(
          "The disclosure threshold must be at least 1 (got " + threshold + ").");
    }
    this.threshold = threshold;
  }

  public static DisclosureControl withThreshold(int threshold) {
    return new DisclosureControl(threshold);
  }

  public static DisclosureControl defaults() {
    return new DisclosureControl(THRESHOLD_DEFAULT);
  }

  public int threshold() {
    return threshold;
  }

  /** True when a count must not be shown on its own. */
  public boolean isSmall(long count) {
    return count > 0 && count < threshold;
  }

  /** A single count, suppressed when small. */
  public String show(long count) {
    return isSmall(count) ? SUPPRESSED : String.format("%,d", count);
  }

  /**
   * A group of counts published together with their total: primary suppression of small counts,
   * then secondary suppression of the smallest other non-zero count when exactly one was suppressed
   * (otherwise total minus the rest reveals it). The total itself is shown unless it is small.
   */
  public List<String> showWithTotal(List<Long> counts) {
    List<String> shown = new ArrayList<>();
    int suppressed = 0;
    for (long count : counts) {
      shown.add(show(count));
      if (isSmall(count)) {
        suppressed++;
      }
    }
    if (suppressed == 1) {
      int smallest = -1;
      for (int i = 0; i < counts.size(); i++) {
        long count = counts.get(i);
        if (count > 0 && !isSmall(count) && (smallest < 0 || count < counts.get(smallest))) {
          smallest = i;
        }
      }
      if (smallest >= 0) {
        shown.set(smallest, SUPPRESSED);
      }
    }
    return shown;
  }

  /** An estimate may be shown only when it rests on at least {@code threshold} units. */
  public boolean mayShowEstimate(long unitsBehindIt) {
    return unitsBehindIt >= threshold;
  }
}
