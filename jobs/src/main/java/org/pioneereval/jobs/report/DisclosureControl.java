package org.pioneereval.jobs.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Statistical disclosure control for the numbers a report shows.
 *
 * <ul>
 *   <li><b>Primary suppression</b>: a count from 1 to {@code threshold - 1} is shown as {@value
 *       #SUPPRESSED}. Zero is shown: it discloses nothing about an individual.
 *   <li><b>Secondary suppression</b>: when counts are published with their total (a row of a table
 *       with its total beside it, the rows quarantined by each rule of an extract with the
 *       extract's quarantined rows), anyone can subtract the shown counts from the total and learn
 *       the sum of the suppressed ones. So further counts are suppressed, smallest non-zero first,
 *       until at least two counts are suppressed and their sum is not itself below the threshold;
 *       when no count is left to suppress, the total is suppressed too ({@link #protect}).
 *   <li><b>Estimates</b>: a rate, mean or effect is shown only when it rests on at least {@code
 *       threshold} units ({@link #mayShowEstimate}).
 * </ul>
 *
 * <p>Each group of counts is protected on its own: a report must not publish two groups that share
 * a count in different sums (a two-way table with both margins) without protecting them together.
 * The report's tables are laid out so that every published total belongs to one group.
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

  /** A single count (with thousands separators), suppressed when small. */
  public String show(long count) {
    return isSmall(count) ? SUPPRESSED : String.format(Locale.ROOT, "%,d", count);
  }

  /** Counts and their total as they may be published: each a formatted count or {@code *}. */
  public record ProtectedCounts(List<String> parts, String total) {
    public ProtectedCounts {
      parts = Collections.unmodifiableList(new ArrayList<>(parts));
    }

    /** How many parts are suppressed. */
    public long suppressedParts() {
      return parts.stream().filter(SUPPRESSED::equals).count();
    }
  }

  /** Counts published with their sum as the total (a row of a table with its total column). */
  public ProtectedCounts protect(List<Long> parts) {
    long total = 0;
    for (long part : parts) {
      total += part;
    }
    return protect(parts, total);
  }

  /**
   * Counts published with a total counted on its own. The total may be smaller than the parts' sum
   * when a unit counts in several parts (a quarantined row that broke two rules); subtraction then
   * reveals less, and the parts are protected as if they added up to the total.
   *
   * <p>Secondary suppression: while fewer than two parts are suppressed, or the suppressed parts
   * sum to a small count (1 and 1 beside a shown total would each be known to be 1), the smallest
   * non-zero part still shown is suppressed as well. If no part is left, the total is suppressed.
   */
  public ProtectedCounts protect(List<Long> parts, long total) {
    int n = parts.size();
    boolean[] suppressed = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (parts.get(i) < 0) {
        throw new IllegalArgumentException("A count cannot be negative: " + parts);
      }
      suppressed[i] = isSmall(parts.get(i));
    }
    boolean totalSuppressed = isSmall(total);
    if (!totalSuppressed) {
      while (true) {
        int count = 0;
        long sum = 0;
        for (int i = 0; i < n; i++) {
          if (suppressed[i]) {
            count++;
            sum += parts.get(i);
          }
        }
        if (count == 0 || (count >= 2 && !isSmall(sum))) {
          break;
        }
        int next = -1;
        for (int i = 0; i < n; i++) {
          long part = parts.get(i);
          if (!suppressed[i] && part > 0 && (next < 0 || part < parts.get(next))) {
            next = i;
          }
        }
        if (next < 0) {
          totalSuppressed = true;
          break;
        }
        suppressed[next] = true;
      }
    }
    List<String> shown = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      shown.add(suppressed[i] ? SUPPRESSED : show(parts.get(i)));
    }
    return new ProtectedCounts(shown, totalSuppressed ? SUPPRESSED : show(total));
  }

  /**
   * The parts of {@link #protect(List)}: counts published together with their sum, after primary
   * and secondary suppression (the sum itself shown, or not, by the caller).
   */
  public List<String> showWithTotal(List<Long> counts) {
    return protect(counts).parts();
  }

  /** An estimate may be shown only when it rests on at least {@code threshold} units. */
  public boolean mayShowEstimate(long unitsBehindIt) {
    return unitsBehindIt >= threshold;
  }

  /**
   * An estimate comparing pioneer with comparison sites may be shown only when each group reaches
   * the threshold.
   */
  public boolean mayShowComparison(long pioneerSites, long comparisonSites) {
    return mayShowEstimate(Math.min(pioneerSites, comparisonSites));
  }

  /** The rule in words, for the report. */
  public String ruleInWords() {
    return "Counts of 1 to "
        + (threshold - 1)
        + " are shown as "
        + SUPPRESSED
        + ". Where counts are shown with their total, further counts are suppressed (smallest"
        + " first) until at least two are suppressed and together they make at least "
        + threshold
        + ", so that no suppressed count can be recovered by subtraction; if that is not possible"
        + " the total is suppressed as well. No rate, mean or effect is shown when it rests on"
        + " fewer than "
        + threshold
        + " sites in a group.";
  }
}
