package org.pioneereval.estimators.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.pioneereval.estimators.EstimationErrors;

/**
 * A balanced panel for a block design: one outcome per unit (site) and period, a set of treated
 * units (one site or a block of sites) that are all treated from the same first treated period on,
 * and control units that are never treated. This is the input of {@link SyntheticDid}: a Spark job
 * aggregates the extract to one outcome per site and period (e.g. emergency admissions per 1,000
 * per month) and collects this small matrix.
 *
 * <p>Periods before {@link #firstTreatedPeriod()} are the pre-periods ({@code T0} of them), the
 * others are post-periods ({@code T1}). The estimators order the rows as {@code synthdid}'s {@code
 * panel.matrices} does: the controls in the order given here, then the treated units. That order
 * matters only for the placebo permutations (which control becomes pseudo-treated) and for
 * floating-point ties. {@link #fromRows} orders units by label ({@link String#compareTo}, i.e. the
 * C collation R uses with {@code sort(method = "radix")}). All arrays are validated and copied; the
 * panel is immutable.
 */
public final class SynthPanel {
  private final List<String> units;
  private final int[] periods;
  private final int firstTreatedPeriod;
  private final List<String> controls;
  private final List<String> treated;

  /** Rows in estimation order: controls, then treated; columns are periods. */
  private final double[][] ordered;

  private final int prePeriods;

  private SynthPanel(
      List<String> units,
      int[] periods,
      int firstTreatedPeriod,
      List<String> controls,
      List<String> treated,
      double[][] ordered,
      int prePeriods) {
    this.units = units;
    this.periods = periods;
    this.firstTreatedPeriod = firstTreatedPeriod;
    this.controls = controls;
    this.treated = treated;
    this.ordered = ordered;
    this.prePeriods = prePeriods;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder pre-filled from long-format rows (one row per unit and period), as a data frame or a
   * Spark collect gives them: units are ordered by label, periods ascending. Every unit must have
   * exactly one row in every period. Set the treated units and the first treated period before
   * {@code build()}.
   */
  public static Builder fromRows(String[] unit, int[] period, double[] outcome) {
    int n = outcome.length;
    if (unit.length != n) {
      throw EstimationErrors.lengthMismatch("unit", unit.length, n);
    }
    if (period.length != n) {
      throw EstimationErrors.lengthMismatch("period", period.length, n);
    }
    int[] sortedPeriods = Arrays.stream(period).distinct().sorted().toArray();
    List<String> labels = new ArrayList<>(new TreeSet<>(Arrays.asList(unit)));
    Map<String, Integer> index = new HashMap<>();
    for (int u = 0; u < labels.size(); u++) {
      index.put(labels.get(u), u);
    }
    double[][] y = new double[labels.size()][sortedPeriods.length];
    boolean[][] seen = new boolean[labels.size()][sortedPeriods.length];
    int[] count = new int[labels.size()];
    for (int i = 0; i < n; i++) {
      int u = index.get(unit[i]);
      int p = Arrays.binarySearch(sortedPeriods, period[i]);
      if (seen[u][p]) {
        throw EstimationErrors.synthDuplicateCell(unit[i], period[i]);
      }
      seen[u][p] = true;
      count[u]++;
      y[u][p] = outcome[i];
    }
    for (int u = 0; u < labels.size(); u++) {
      if (count[u] != sortedPeriods.length) {
        int missing = 0;
        while (seen[u][missing]) {
          missing++;
        }
        throw EstimationErrors.synthUnbalanced(
            labels.get(u),
            count[u],
            sortedPeriods.length,
            "it has no row for period " + sortedPeriods[missing]);
      }
    }
    return new Builder().units(labels).periods(sortedPeriods).outcomes(y);
  }

  /** Builder; units, periods, outcomes, treated units and the first treated period are required. */
  public static final class Builder {
    private List<String> units;
    private int[] periods;
    private double[][] outcomes;
    private Set<String> treated;
    private Integer firstTreatedPeriod;

    private Builder() {}

    /** The unit (site) labels of the outcome rows, distinct. */
    public Builder units(List<String> unitLabels) {
      this.units = List.copyOf(unitLabels);
      return this;
    }

    /** The period labels of the outcome columns, strictly increasing (e.g. months 1..96). */
    public Builder periods(int... periodLabels) {
      this.periods = periodLabels.clone();
      return this;
    }

    /** {@code outcomes[unit][period]}: every unit has one finite outcome in every period. */
    public Builder outcomes(double[][] outcomesByUnitAndPeriod) {
      this.outcomes = outcomesByUnitAndPeriod;
      return this;
    }

    /** The treated units (one site or a block of sites); all other units are controls. */
    public Builder treatedUnits(Collection<String> treatedLabels) {
      this.treated = new LinkedHashSet<>(treatedLabels);
      return this;
    }

    /** The treated units (one site or a block of sites); all other units are controls. */
    public Builder treatedUnits(String... treatedLabels) {
      return treatedUnits(Arrays.asList(treatedLabels));
    }

    /**
     * The first period in which the treated units are treated (same label scale as the periods):
     * periods before it are pre-periods, the others post-periods.
     */
    public Builder firstTreatedPeriod(int period) {
      this.firstTreatedPeriod = period;
      return this;
    }

    public SynthPanel build() {
      if (units == null) {
        throw EstimationErrors.missingInput("unit labels", "units(List<String>)");
      }
      if (periods == null) {
        throw EstimationErrors.missingInput("period labels", "periods(int...)");
      }
      if (outcomes == null) {
        throw EstimationErrors.missingInput("outcomes", "outcomes(double[][])");
      }
      if (treated == null || treated.isEmpty()) {
        throw EstimationErrors.missingInput("at least one treated unit", "treatedUnits(String...)");
      }
      if (firstTreatedPeriod == null) {
        throw EstimationErrors.missingInput("the first treated period", "firstTreatedPeriod(int)");
      }
      int t = periods.length;
      for (int p = 1; p < t; p++) {
        if (periods[p] <= periods[p - 1]) {
          throw EstimationErrors.periodsNotIncreasing(p, periods[p - 1], periods[p]);
        }
      }
      if (outcomes.length != units.size()) {
        throw EstimationErrors.lengthMismatch("units", units.size(), outcomes.length);
      }
      Map<String, Integer> row = new HashMap<>();
      for (int u = 0; u < units.size(); u++) {
        if (row.put(units.get(u), u) != null) {
          throw EstimationErrors.synthDuplicateUnit(units.get(u));
        }
      }
      for (String label : treated) {
        if (!row.containsKey(label)) {
          throw EstimationErrors.synthUnknownTreatedUnit(label, units.size());
        }
      }
      List<String> controlLabels = new ArrayList<>();
      for (String label : units) {
        if (!treated.contains(label)) {
          controlLabels.add(label);
        }
      }
      if (controlLabels.isEmpty()) {
        throw EstimationErrors.synthNoControls(units.size());
      }
      int pre = 0;
      while (pre < t && periods[pre] < firstTreatedPeriod) {
        pre++;
      }
      if (pre == 0) {
        throw EstimationErrors.synthNoPrePeriods(
            firstTreatedPeriod, t == 0 ? firstTreatedPeriod : periods[0]);
      }
      if (pre == t) {
        throw EstimationErrors.synthNoPostPeriods(firstTreatedPeriod, periods[t - 1]);
      }
      List<String> treatedLabels = new ArrayList<>(treated);
      List<String> order = new ArrayList<>(controlLabels);
      order.addAll(treatedLabels);
      double[][] y = new double[order.size()][];
      for (int r = 0; r < order.size(); r++) {
        String label = order.get(r);
        double[] source = outcomes[row.get(label)];
        if (source.length != t) {
          throw EstimationErrors.synthUnbalanced(
              label, source.length, t, "its outcome row has " + source.length + " values");
        }
        for (int p = 0; p < t; p++) {
          if (!Double.isFinite(source[p])) {
            if (r < controlLabels.size()) {
              throw EstimationErrors.synthControlMissingValue(label, periods[p], source[p]);
            }
            throw EstimationErrors.synthTreatedMissingValue(label, periods[p], source[p]);
          }
        }
        y[r] = source.clone();
      }
      return new SynthPanel(
          units,
          periods.clone(),
          firstTreatedPeriod,
          Collections.unmodifiableList(controlLabels),
          Collections.unmodifiableList(treatedLabels),
          y,
          pre);
    }
  }

  /** All unit labels in input order. */
  public List<String> units() {
    return units;
  }

  /** Control unit labels in estimation order. */
  public List<String> controlUnits() {
    return controls;
  }

  /** Treated unit labels in estimation order. */
  public List<String> treatedUnits() {
    return treated;
  }

  public int[] periods() {
    return periods.clone();
  }

  public int firstTreatedPeriod() {
    return firstTreatedPeriod;
  }

  /** N0. */
  public int controlCount() {
    return controls.size();
  }

  /** N1. */
  public int treatedCount() {
    return treated.size();
  }

  /** T0: periods before the first treated period. */
  public int prePeriodCount() {
    return prePeriods;
  }

  /** T1: periods from the first treated period on. */
  public int postPeriodCount() {
    return periods.length - prePeriods;
  }

  /** The outcome of a unit in a period (by label). */
  public double outcome(String unit, int period) {
    int r = controls.indexOf(unit);
    if (r < 0) {
      int k = treated.indexOf(unit);
      r = k < 0 ? -1 : controls.size() + k;
    }
    int p = Arrays.binarySearch(periods, period);
    if (r < 0 || p < 0) {
      throw EstimationErrors.synthUnknownCell(unit, period);
    }
    return ordered[r][p];
  }

  /** Rows in estimation order (controls, then treated); not copied: callers must not modify. */
  double[][] orderedOutcomes() {
    return ordered;
  }
}
