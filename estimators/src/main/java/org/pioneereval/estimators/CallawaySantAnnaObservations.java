package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@link CallawaySantAnna#fit(StaggeredObservations)}: group-time effects from repeated
 * cross-sections or an unbalanced panel, as did's {@code compute.att_gt} does with {@code panel =
 * FALSE}. Each cell (g, t) takes the rows observed in t and in its base period that belong to
 * cohort g or to the comparison group, and runs DRDID's repeated-cross-section estimator on them
 * ({@link DrDidRepeatedCrossSection}; without covariates the 2x2 of four weighted means, which all
 * three estimators reduce to). The cell's influence function (one value per row) is multiplied by
 * n/n1 (n1 = rows of the cell) and, for an unbalanced panel, summed over the rows of each unit.
 */
final class CallawaySantAnnaObservations {
  private final CallawaySantAnnaParameters parameters;

  CallawaySantAnnaObservations(CallawaySantAnnaParameters parameters) {
    this.parameters = parameters;
  }

  GroupTimeEffects fit(StaggeredObservations input) {
    validate(input);
    List<Exclusion> exclusions = new ArrayList<>();
    int delta = parameters.anticipation();
    StaggeredObservations obs = recodeLateAndDropAlwaysTreated(input, exclusions);
    boolean anyNever = false;
    for (int i = 0; i < obs.observationCount(); i++) {
      anyNever |= obs.firstTreatedOf(i) == StaggeredPanel.NEVER_TREATED;
    }
    if (!anyNever) {
      if (parameters.comparisonGroup() == ComparisonGroup.NEVER_TREATED) {
        throw EstimationErrors.noNeverTreatedUnits();
      }
      obs = lastCohortAsComparison(obs, exclusions);
    }
    int rows = obs.observationCount();
    int n = obs.unitCount();
    int[] periods = obs.periodLabelsView();
    if (periods.length < 2) {
      throw EstimationErrors.tooFewPrePeriods(periods.length, "CallawaySantAnna");
    }
    int[] g = obs.firstTreatedView();
    int[] groups =
        Arrays.stream(g)
            .filter(v -> v != StaggeredPanel.NEVER_TREATED)
            .distinct()
            .sorted()
            .toArray();
    if (groups.length == 0) {
      throw EstimationErrors.noTreatedGroups("every remaining unit is never treated");
    }
    int[][] rowsByPeriod = rowsByPeriod(obs, periods);
    double[][] cov = new double[parameters.covariates().size()][];
    for (int j = 0; j < cov.length; j++) {
      cov[j] = obs.covariateView(parameters.covariates().get(j));
    }
    List<GroupTimeEffect> effects = new ArrayList<>();
    List<double[]> influence = new ArrayList<>();
    int[] stamp = new int[n];
    int stampValue = 0;
    int firstT = parameters.basePeriod() == BasePeriod.VARYING ? 1 : 0;
    for (int group : groups) {
      int baseForPost = -1;
      for (int p = 0; p < periods.length; p++) {
        if (periods[p] + delta < group) {
          baseForPost = p;
        }
      }
      for (int p = firstT; p < periods.length; p++) {
        boolean postTreatment = group <= periods[p];
        int base =
            postTreatment || parameters.basePeriod() == BasePeriod.UNIVERSAL ? baseForPost : p - 1;
        if (base == p) {
          effects.add(
              new GroupTimeEffect(group, periods[p], periods[base], false, 0.0, Double.NaN, 0, 0));
          influence.add(new double[n]);
          continue;
        }
        int latest = periods[Math.max(p, base)];
        int n1 = 0;
        int[] counts = new int[4]; // comparison pre/post, treated pre/post
        for (int q : new int[] {base, p}) {
          for (int i : rowsByPeriod[q]) {
            int role = role(g[i], group, latest);
            if (role >= 0) {
              counts[role * 2 + (q == p ? 1 : 0)]++;
              n1++;
            }
          }
        }
        Exclusion empty = emptyCell(group, periods[p], periods[base], counts);
        if (empty != null) {
          exclusions.add(empty);
          continue;
        }
        double[] y = new double[n1];
        boolean[] post = new boolean[n1];
        double[] d = new double[n1];
        double[] w = new double[n1];
        double[][] x = cov.length == 0 ? null : new double[n1][cov.length + 1];
        int[] unitOfCellRow = new int[n1];
        int treatedUnits = 0;
        int comparisonUnits = 0;
        stampValue++;
        int k = 0;
        for (int q : new int[] {base, p}) {
          for (int i : rowsByPeriod[q]) {
            int role = role(g[i], group, latest);
            if (role < 0) {
              continue;
            }
            y[k] = obs.outcome(i);
            post[k] = q == p;
            d[k] = role;
            w[k] = obs.weight(i);
            if (x != null) {
              x[k][0] = 1.0;
              for (int j = 0; j < cov.length; j++) {
                x[k][j + 1] = cov[j][i];
              }
            }
            int u = obs.unitOf(i);
            unitOfCellRow[k] = u;
            if (stamp[u] != stampValue) {
              stamp[u] = stampValue;
              treatedUnits += role;
              comparisonUnits += 1 - role;
            }
            k++;
          }
        }
        int min = parameters.minimumCellSize();
        int smallest = Math.min(Math.min(counts[0], counts[1]), Math.min(counts[2], counts[3]));
        if (smallest < min) {
          exclusions.add(
              new Exclusion(
                  Exclusion.Reason.CELL_BELOW_MINIMUM_SIZE,
                  group,
                  periods[p],
                  n1,
                  String.format(
                      Locale.ROOT,
                      "treated %d/%d and comparison %d/%d observations in periods %d/%d,"
                          + " minimum %d",
                      counts[2],
                      counts[3],
                      counts[0],
                      counts[1],
                      periods[base],
                      periods[p],
                      min)));
          continue;
        }
        DrDidRepeatedCrossSection.Result r =
            x == null
                ? DrDidRepeatedCrossSection.fourMeans(y, post, d, w)
                : DrDidRepeatedCrossSection.estimate(parameters.method(), y, post, d, x, w);
        if (r.problem() != DrDidPanel.Problem.NONE) {
          exclusions.add(CallawaySantAnna.problemExclusion(r.problem(), group, periods[p], n1));
          continue;
        }
        double[] inf = new double[n];
        double scale = (double) n / n1;
        for (int i = 0; i < n1; i++) {
          inf[unitOfCellRow[i]] += scale * r.influence()[i];
        }
        effects.add(
            new GroupTimeEffect(
                group,
                periods[p],
                periods[base],
                postTreatment,
                r.att(),
                CallawaySantAnna.standardError(inf, n),
                treatedUnits,
                comparisonUnits));
        influence.add(inf);
      }
    }
    int[] unitGroup = new int[n];
    double[] unitWeights = new double[n];
    long[] unitClusters = obs.hasClusters() ? new long[n] : null;
    for (int i = 0; i < rows; i++) {
      int u = obs.unitOf(i);
      unitGroup[u] = g[i];
      unitWeights[u] = obs.weight(i);
      if (unitClusters != null) {
        unitClusters[u] = obs.clusterOf(i);
      }
    }
    return new GroupTimeEffects(
        parameters,
        obs.design(),
        effects,
        influence.toArray(new double[0][]),
        unitGroup,
        unitWeights,
        unitClusters == null ? null : GroupTimeEffects.clusterCodes(unitClusters),
        periods.clone(),
        exclusions);
  }

  /** 1 for the treated cohort, 0 for a comparison row, -1 for rows outside the cell. */
  private int role(int g, int group, int latest) {
    if (g == group) {
      return 1;
    }
    boolean comparison =
        g == StaggeredPanel.NEVER_TREATED
            || (parameters.comparisonGroup() == ComparisonGroup.NOT_YET_TREATED
                && g > latest + parameters.anticipation());
    return comparison ? 0 : -1;
  }

  /** did skips a cell when a group has no observation in one of its two periods. */
  private Exclusion emptyCell(int group, int period, int base, int[] counts) {
    if (counts[2] == 0 || counts[3] == 0) {
      return new Exclusion(
          Exclusion.Reason.NO_TREATED_OBSERVATIONS,
          group,
          period,
          counts[2] + counts[3],
          "no observation of cohort " + group + " in period " + (counts[3] == 0 ? period : base));
    }
    if (counts[0] == 0 || counts[1] == 0) {
      return new Exclusion(
          Exclusion.Reason.NO_COMPARISON_UNITS,
          group,
          period,
          counts[2] + counts[3],
          "no "
              + (parameters.comparisonGroup() == ComparisonGroup.NEVER_TREATED
                  ? "never-treated"
                  : "never- or not-yet-treated")
              + " observation in period "
              + (counts[1] == 0 ? period : base));
    }
    return null;
  }

  private static int[][] rowsByPeriod(StaggeredObservations obs, int[] periods) {
    int[] count = new int[periods.length];
    int[] index = new int[obs.observationCount()];
    for (int i = 0; i < index.length; i++) {
      index[i] = Arrays.binarySearch(periods, obs.periodOf(i));
      count[index[i]]++;
    }
    int[][] out = new int[periods.length][];
    for (int p = 0; p < periods.length; p++) {
      out[p] = new int[count[p]];
    }
    int[] fill = new int[periods.length];
    for (int i = 0; i < index.length; i++) {
      out[index[i]][fill[index[i]]++] = i;
    }
    return out;
  }

  private void validate(StaggeredObservations obs) {
    if (obs == null) {
      throw EstimationErrors.missingInput("observations", "StaggeredObservations.builder()");
    }
    for (String c : parameters.covariates()) {
      if (!obs.covariateNames().contains(c)) {
        throw EstimationErrors.unknownCovariate(c, obs.covariateNames().toString());
      }
    }
    if (obs.periodCount() < 2) {
      throw EstimationErrors.tooFewPrePeriods(obs.periodCount(), "CallawaySantAnna");
    }
  }

  /** As for panels: cohorts after the last period are never treated, always-treated rows go. */
  private StaggeredObservations recodeLateAndDropAlwaysTreated(
      StaggeredObservations obs, List<Exclusion> exclusions) {
    int[] periods = obs.periodLabelsView();
    int first = periods[0];
    int last = periods[periods.length - 1];
    int rows = obs.observationCount();
    int[] g = obs.firstTreatedView().clone();
    TreeMap<Integer, java.util.Set<Integer>> late = new TreeMap<>();
    TreeMap<Integer, java.util.Set<Integer>> always = new TreeMap<>();
    boolean[] keep = new boolean[rows];
    boolean anyDropped = false;
    for (int i = 0; i < rows; i++) {
      keep[i] = true;
      if (g[i] == StaggeredPanel.NEVER_TREATED) {
        continue;
      }
      if (g[i] > last) {
        late.computeIfAbsent(g[i], c -> new java.util.HashSet<>()).add(obs.unitOf(i));
        g[i] = StaggeredPanel.NEVER_TREATED;
      } else if (g[i] <= first + parameters.anticipation()) {
        always.computeIfAbsent(g[i], c -> new java.util.HashSet<>()).add(obs.unitOf(i));
        keep[i] = false;
        anyDropped = true;
      }
    }
    String what = obs.design() == SamplingDesign.REPEATED_CROSS_SECTIONS ? "observations" : "units";
    late.forEach(
        (cohort, units) ->
            exclusions.add(
                new Exclusion(
                    Exclusion.Reason.TREATED_AFTER_LAST_PERIOD,
                    cohort,
                    0,
                    units.size(),
                    "first treated after the last period " + last + "; used as never treated")));
    always.forEach(
        (cohort, units) ->
            exclusions.add(
                new Exclusion(
                    Exclusion.Reason.ALWAYS_TREATED,
                    cohort,
                    0,
                    units.size(),
                    "treated by the first period "
                        + first
                        + (parameters.anticipation() > 0
                            ? " (anticipation " + parameters.anticipation() + ")"
                            : "")
                        + ": no pre-treatment period; "
                        + what
                        + " dropped")));
    StaggeredObservations out = late.isEmpty() ? obs : obs.withFirstTreated(g);
    return anyDropped ? out.rows(keep) : out;
  }

  /** did: without never-treated units the last cohort is the comparison, its periods dropped. */
  private StaggeredObservations lastCohortAsComparison(
      StaggeredObservations obs, List<Exclusion> exclusions) {
    int[] g = obs.firstTreatedView().clone();
    int gMax = Arrays.stream(g).max().orElseThrow();
    java.util.Set<Integer> units = new java.util.HashSet<>();
    boolean[] keep = new boolean[g.length];
    for (int i = 0; i < g.length; i++) {
      if (g[i] == gMax) {
        g[i] = StaggeredPanel.NEVER_TREATED;
        units.add(obs.unitOf(i));
      }
      keep[i] = obs.periodOf(i) < gMax - parameters.anticipation();
    }
    exclusions.add(
        new Exclusion(
            Exclusion.Reason.LAST_COHORT_USED_AS_COMPARISON,
            gMax,
            0,
            units.size(),
            "no never-treated units: cohort "
                + gMax
                + " serves as comparison; periods from "
                + (gMax - parameters.anticipation())
                + " on are dropped"));
    StaggeredObservations out = obs.withFirstTreated(g).rows(keep);
    if (out.periodCount() < 2) {
      throw EstimationErrors.noTreatedGroups("fewer than 2 periods before the last cohort adopts");
    }
    return out;
  }
}
