package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.pioneereval.estimators.internal.Matrices;

/**
 * The result of {@link CallawaySantAnna#fit}: every estimated ATT(g,t) with its analytic standard
 * error, the parameters that produced them, what was dropped and why, and the per-unit influence
 * functions from which aggregations ({@link #aggregate}), the Wald pre-test ({@link
 * #preTrendTest()}) and the multiplier bootstrap ({@link MultiplierBootstrap}) are computed.
 * Effects are ordered by group, then period.
 */
public final class GroupTimeEffects {
  private final CallawaySantAnnaParameters parameters;
  private final List<GroupTimeEffect> effects;
  private final double[][] influence;
  private final int[] unitGroup;
  private final double[] unitWeights;
  private final int[] periods;
  private final List<Exclusion> exclusions;
  private final SamplingDesign design;
  private final int[] unitCluster;

  /**
   * @param unitGroup per influence-function row (unit, or observation for repeated cross-sections):
   *     the cohort
   * @param unitCluster per influence-function row: a dense cluster code (0.. in order of first
   *     appearance), or null when no clusters were given
   */
  GroupTimeEffects(
      CallawaySantAnnaParameters parameters,
      SamplingDesign design,
      List<GroupTimeEffect> effects,
      double[][] influence,
      int[] unitGroup,
      double[] unitWeights,
      int[] unitCluster,
      int[] periods,
      List<Exclusion> exclusions) {
    this.parameters = parameters;
    this.design = design;
    this.effects = List.copyOf(effects);
    this.influence = influence;
    this.unitGroup = unitGroup;
    this.unitWeights = unitWeights;
    this.unitCluster = unitCluster;
    this.periods = periods;
    this.exclusions = List.copyOf(exclusions);
  }

  /** Dense codes (0.. in order of first appearance) of per-unit cluster labels. */
  static int[] clusterCodes(long[] labels) {
    java.util.Map<Long, Integer> code = new java.util.HashMap<>();
    int[] out = new int[labels.length];
    for (int u = 0; u < labels.length; u++) {
      out[u] = code.computeIfAbsent(labels[u], k -> code.size());
    }
    return out;
  }

  public CallawaySantAnnaParameters parameters() {
    return parameters;
  }

  public List<GroupTimeEffect> effects() {
    return effects;
  }

  /** The effect of cohort {@code group} in {@code period}. */
  public GroupTimeEffect effect(int group, int period) {
    for (GroupTimeEffect e : effects) {
      if (e.group() == group && e.period() == period) {
        return e;
      }
    }
    List<String> known = new ArrayList<>();
    effects.forEach(e -> known.add(e.group() + "/" + e.period()));
    throw EstimationErrors.unknownCoefficient(
        "ATT(" + group + "," + period + ")", "group/period cells " + known);
  }

  /** Units dropped, cohorts re-coded and cells not estimated, each with its reason. */
  public List<Exclusion> exclusions() {
    return exclusions;
  }

  /**
   * Number n behind the standard errors {@code sqrt(mean(IF^2)/n)}, after dropping always-treated
   * units: units for panels, observations for repeated cross-sections ({@link #design()}).
   */
  public int unitCount() {
    return unitGroup.length;
  }

  /** How the data were sampled: what {@link #unitCount()} counts. */
  public SamplingDesign design() {
    return design;
  }

  /**
   * Number of clusters given with the data (for {@link MultiplierBootstrap#clustered}), 0 when none
   * were given.
   */
  public int clusterCount() {
    if (unitCluster == null) {
      return 0;
    }
    int max = -1;
    for (int c : unitCluster) {
      max = Math.max(max, c);
    }
    return max + 1;
  }

  int[] clusterView() {
    return unitCluster;
  }

  /**
   * The periods used (after any dropped by {@link
   * Exclusion.Reason#LAST_COHORT_USED_AS_COMPARISON}).
   */
  public int[] periods() {
    return periods.clone();
  }

  /**
   * A copy of the influence function of effect {@code index} ({@link #effects()} order), per unit.
   */
  public double[] influenceFunction(int index) {
    return influence[index].clone();
  }

  double[][] influenceView() {
    return influence;
  }

  /**
   * did's Wald pre-test of parallel trends: {@code W = n a' V^-1 a} over the pre-treatment cells
   * (period < group) with a standard error, {@code V = IF'IF/n}; chi-squared with as many degrees
   * of freedom as cells. With a varying base period these are the placebo 2x2 effects.
   *
   * @throws EstimationException if there is no pre-treatment cell or V is singular
   */
  public ChiSquaredTest preTrendTest() {
    List<Integer> pre = new ArrayList<>();
    for (int k = 0; k < effects.size(); k++) {
      GroupTimeEffect e = effects.get(k);
      if (e.period() < e.group() && !Double.isNaN(e.standardError())) {
        pre.add(k);
      }
    }
    if (pre.isEmpty()) {
      throw EstimationErrors.noPreTreatmentEffects();
    }
    int q = pre.size();
    int n = unitCount();
    double[][] v = new double[q][q];
    double[] a = new double[q];
    for (int i = 0; i < q; i++) {
      a[i] = effects.get(pre.get(i)).att();
      for (int j = 0; j <= i; j++) {
        double s = 0.0;
        double[] fi = influence[pre.get(i)];
        double[] fj = influence[pre.get(j)];
        for (int u = 0; u < n; u++) {
          s += fi[u] * fj[u];
        }
        v[i][j] = s / n;
        v[j][i] = s / n;
      }
    }
    double[][] vi = Matrices.invertSpd(v, null);
    if (vi == null) {
      throw EstimationErrors.singularPreTrendCovariance();
    }
    double w = n * Matrices.quadraticForm(vi, a);
    double p = 1.0 - new ChiSquaredDistribution(null, q).cumulativeProbability(w);
    return new ChiSquaredTest(w, q, p);
  }

  /** Group shares P(G = g) = mean(w 1{G = g}) over all n units, per effect. */
  private double[] groupShares() {
    double total = 0.0;
    for (double w : unitWeights) {
      total += w;
    }
    double[] pg = new double[effects.size()];
    for (int k = 0; k < pg.length; k++) {
      pg[k] = groupShare(effects.get(k).group(), total);
    }
    return pg;
  }

  private double groupShare(int group, double totalWeight) {
    double s = 0.0;
    for (int u = 0; u < unitGroup.length; u++) {
      if (unitGroup[u] == group) {
        s += unitWeights[u];
      }
    }
    return s / totalWeight;
  }

  /** Aggregates as did {@code aggte(type)}; the dynamic aggregation uses every event time. */
  public AggregatedEffects aggregate(Aggregation type) {
    if (type == null) {
      throw EstimationErrors.missingInput("an aggregation type", "aggregate(Aggregation.SIMPLE)");
    }
    return switch (type) {
      case SIMPLE -> simple();
      case GROUP -> byGroup();
      case CALENDAR -> byCalendarPeriod();
      case DYNAMIC -> aggregateDynamic(EventTimeWindow.all());
    };
  }

  private AggregatedEffects simple() {
    double[] pg = groupShares();
    List<Integer> keep = new ArrayList<>();
    for (int k = 0; k < effects.size(); k++) {
      if (effects.get(k).postTreatment()) {
        keep.add(k);
      }
    }
    if (keep.isEmpty()) {
      throw EstimationErrors.noPostTreatmentEffects("SIMPLE");
    }
    Combination c = weighted(keep, pg);
    return new AggregatedEffects(
        Aggregation.SIMPLE, null, c.att, c.inf, List.of(), new double[0][], this);
  }

  private AggregatedEffects byGroup() {
    TreeSet<Integer> groups = new TreeSet<>();
    effects.forEach(e -> groups.add(e.group()));
    List<AggregatedEffect> parts = new ArrayList<>();
    List<double[]> partInf = new ArrayList<>();
    List<Double> shares = new ArrayList<>();
    List<Integer> partGroups = new ArrayList<>();
    double total = Arrays.stream(unitWeights).sum();
    int n = unitCount();
    for (int g : groups) {
      List<Integer> cells = new ArrayList<>();
      for (int k = 0; k < effects.size(); k++) {
        if (effects.get(k).group() == g && effects.get(k).postTreatment()) {
          cells.add(k);
        }
      }
      if (cells.isEmpty()) {
        continue;
      }
      double att = 0.0;
      double[] inf = new double[n];
      for (int k : cells) {
        att += effects.get(k).att() / cells.size();
        for (int u = 0; u < n; u++) {
          inf[u] += influence[k][u] / cells.size();
        }
      }
      parts.add(new AggregatedEffect(g, att, CallawaySantAnna.standardError(inf, n)));
      partInf.add(inf);
      shares.add(groupShare(g, total));
      partGroups.add(g);
    }
    if (parts.isEmpty()) {
      throw EstimationErrors.noPostTreatmentEffects("GROUP");
    }
    double[] atts = parts.stream().mapToDouble(AggregatedEffect::att).toArray();
    double[] pg = shares.stream().mapToDouble(Double::doubleValue).toArray();
    int[] gr = partGroups.stream().mapToInt(Integer::intValue).toArray();
    Combination c = weighted(atts, partInf.toArray(new double[0][]), gr, pg);
    return new AggregatedEffects(
        Aggregation.GROUP, null, c.att, c.inf, parts, partInf.toArray(new double[0][]), this);
  }

  private AggregatedEffects byCalendarPeriod() {
    double[] pg = groupShares();
    int minGroup = effects.stream().mapToInt(GroupTimeEffect::group).min().orElseThrow();
    TreeSet<Integer> times = new TreeSet<>();
    effects.forEach(e -> times.add(e.period()));
    List<AggregatedEffect> parts = new ArrayList<>();
    List<double[]> partInf = new ArrayList<>();
    for (int t : times) {
      if (t < minGroup) {
        continue;
      }
      List<Integer> cells = new ArrayList<>();
      for (int k = 0; k < effects.size(); k++) {
        if (effects.get(k).period() == t && effects.get(k).postTreatment()) {
          cells.add(k);
        }
      }
      if (cells.isEmpty()) {
        continue;
      }
      Combination c = weighted(cells, pg);
      parts.add(new AggregatedEffect(t, c.att, CallawaySantAnna.standardError(c.inf, unitCount())));
      partInf.add(c.inf);
    }
    if (parts.isEmpty()) {
      throw EstimationErrors.noPostTreatmentEffects("CALENDAR");
    }
    Combination overall = mean(parts, partInf, parts.size());
    return new AggregatedEffects(
        Aggregation.CALENDAR,
        null,
        overall.att,
        overall.inf,
        parts,
        partInf.toArray(new double[0][]),
        this);
  }

  /**
   * The event-study aggregation (did {@code aggte(type = "dynamic", min_e, max_e, balance_e)}): for
   * each event time e, {@code theta(e) = sum_g P(G=g|e) ATT(g, g+e)} with the estimated-weights
   * term in its influence function; overall = mean of theta(e) over reported e >= 0.
   */
  public AggregatedEffects aggregateDynamic(EventTimeWindow window) {
    if (window == null) {
      throw EstimationErrors.missingInput("an event-time window", "EventTimeWindow.all()");
    }
    double[] pg = groupShares();
    int lastPeriod = periods[periods.length - 1];
    int span = lastPeriod - periods[0];
    boolean[] include = new boolean[effects.size()];
    TreeSet<Integer> eventTimes = new TreeSet<>();
    for (int k = 0; k < effects.size(); k++) {
      GroupTimeEffect e = effects.get(k);
      include[k] =
          window.balanceEventTime() == null || lastPeriod - e.group() >= window.balanceEventTime();
      eventTimes.add(e.eventTime());
    }
    List<AggregatedEffect> parts = new ArrayList<>();
    List<double[]> partInf = new ArrayList<>();
    for (int et : eventTimes) {
      if (window.balanceEventTime() != null
          && (et > window.balanceEventTime() || et < window.balanceEventTime() - span)) {
        continue;
      }
      if (et < window.minEventTime() || et > window.maxEventTime()) {
        continue;
      }
      List<Integer> cells = new ArrayList<>();
      for (int k = 0; k < effects.size(); k++) {
        if (include[k] && effects.get(k).eventTime() == et) {
          cells.add(k);
        }
      }
      if (cells.isEmpty()) {
        continue;
      }
      Combination c = weighted(cells, pg);
      parts.add(
          new AggregatedEffect(et, c.att, CallawaySantAnna.standardError(c.inf, unitCount())));
      partInf.add(c.inf);
    }
    List<AggregatedEffect> postParts = new ArrayList<>();
    List<double[]> postInf = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i).key() >= 0) {
        postParts.add(parts.get(i));
        postInf.add(partInf.get(i));
      }
    }
    if (postParts.isEmpty()) {
      throw EstimationErrors.eventWindowEmpty(
          String.format(
              Locale.ROOT,
              "min %d, max %d, balance %s",
              window.minEventTime(),
              window.maxEventTime(),
              window.balanceEventTime()));
    }
    Combination overall = mean(postParts, postInf, postParts.size());
    return new AggregatedEffects(
        Aggregation.DYNAMIC,
        window,
        overall.att,
        overall.inf,
        parts,
        partInf.toArray(new double[0][]),
        this);
  }

  private record Combination(double att, double[] inf) {}

  private Combination mean(List<AggregatedEffect> parts, List<double[]> inf, int count) {
    int n = unitCount();
    double att = 0.0;
    double[] f = new double[n];
    for (int i = 0; i < count; i++) {
      att += parts.get(i).att() / count;
      for (int u = 0; u < n; u++) {
        f[u] += inf.get(i)[u] / count;
      }
    }
    return new Combination(att, f);
  }

  /** Cells weighted by their group shares, with did's weight-estimation term ({@code wif}). */
  private Combination weighted(List<Integer> cells, double[] pgAll) {
    int m = cells.size();
    double[] atts = new double[m];
    double[][] inf = new double[m][];
    int[] groups = new int[m];
    double[] pg = new double[m];
    for (int i = 0; i < m; i++) {
      int k = cells.get(i);
      atts[i] = effects.get(k).att();
      inf[i] = influence[k];
      groups[i] = effects.get(k).group();
      pg[i] = pgAll[k];
    }
    return weighted(atts, inf, groups, pg);
  }

  /**
   * {@code att = sum_k pg_k att_k / sum pg}; influence function {@code sum_k (pg_k/S) IF_k + wif *
   * att} with {@code wif_ik = (w_i 1{G_i=g_k} - pg_k)/S - pg_k/S^2 sum_l (w_i 1{G_i=g_l} - pg_l)}
   * (did {@code wif}; weights normalised to mean 1).
   */
  private Combination weighted(double[] atts, double[][] inf, int[] groups, double[] pg) {
    int m = atts.length;
    int n = unitCount();
    double s = 0.0;
    for (double v : pg) {
      s += v;
    }
    double meanW = Arrays.stream(unitWeights).sum() / n;
    double att = 0.0;
    for (int k = 0; k < m; k++) {
      att += pg[k] / s * atts[k];
    }
    double[] f = new double[n];
    for (int u = 0; u < n; u++) {
      double w = unitWeights[u] / meanW;
      double sumDev = 0.0;
      double[] dev = new double[m];
      for (int k = 0; k < m; k++) {
        dev[k] = (unitGroup[u] == groups[k] ? w : 0.0) - pg[k];
        sumDev += dev[k];
      }
      double v = 0.0;
      for (int k = 0; k < m; k++) {
        v += pg[k] / s * inf[k][u];
        double wif = dev[k] / s - sumDev * pg[k] / (s * s);
        v += wif * atts[k];
      }
      f[u] = v;
    }
    return new Combination(att, f);
  }
}
