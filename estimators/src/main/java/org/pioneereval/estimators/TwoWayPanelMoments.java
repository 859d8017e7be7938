package org.pioneereval.estimators;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-cluster sufficient statistics of a two-way fixed-effects regression {@code y_it = a_i + l_t +
 * x_it'b + e_it} built one unit at a time, so that a distributed job reduces a panel of any number
 * of rows (e.g. patients x months) to one small matrix per cluster without collecting a row.
 *
 * <p>Absorption is exact, as in {@link TwoWayFixedEffectsDid} (Frisch-Waugh-Lovell): the unit
 * effects by weighted within-unit demeaning, the period effects as within-unit-demeaned period
 * dummies (period 0 omitted), which is exact for unbalanced panels and for several rows per unit
 * and period. Because a unit's rows are demeaned by its own means, each unit adds its exact
 * contribution to its cluster's {@code X'WX}, {@code X'Wy} and {@code y'Wy}:
 *
 * <ul>
 *   <li>dense regressors {@code x} (the treatment first, then any covariates): {@code sum_r w_r
 *       (x_r - xbar)(x_r - xbar)'} and {@code sum_r w_r (x_r - xbar)(y_r - ybar)};
 *   <li>a dense regressor with dummy p: {@code sum_{r in p} w_r (x_r - xbar)} (the dummy's own mean
 *       term vanishes because the deviations sum to 0);
 *   <li>dummies p and q: {@code 1[p=q] W_p - W_p W_q / W} with {@code W_p} the unit's weight in
 *       period p and W its total.
 * </ul>
 *
 * A unit therefore costs {@code O(rows x c^2 + periods_i^2)}: with c dense regressors a 10 million
 * row patient-month panel is a few seconds of arithmetic, and the memory is one {@code (c + P)^2}
 * matrix per cluster whatever the number of rows.
 *
 * <p>Units must be nested in clusters (every row of a unit in the cluster given to {@link
 * #startUnit}); the cluster-robust variance then follows {@link LinearRegression} with the unit
 * effects counted as absorbed parameters (Stata {@code areg}/{@code didregress} for {@link
 * VarianceType#CR1_STATA}, left out as nested for {@link VarianceType#CR1_FIXEST} as fixest and
 * {@code reghdfe} do). Several outcomes share one pass ({@link #fit} by outcome index).
 *
 * <p>Accumulators are mergeable ({@link #merge}) when no unit is open, so partitions of a panel can
 * be reduced separately; a unit must not be split across accumulators.
 */
public final class TwoWayPanelMoments implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int periods;
  private final int dense;
  private final int outcomes;
  private final int dimension;
  private final TreeMap<Integer, ClusterSums> clusters = new TreeMap<>();
  private long units;
  private long treatedUnits;

  // the open unit
  // transient fields are false/0 after deserialisation: no unit is open in a shipped accumulator
  private transient boolean open;
  private transient int openCluster;
  private transient int openRows;
  private transient int[] rowPeriod;
  private transient double[] rowWeight;
  private transient double[] rowX; // openRows x dense, row major
  private transient double[] rowY; // openRows x outcomes, row major
  // per-period scratch of the open unit: [W_p, sum w dx (dense), sum w dy (outcomes)]
  private transient double[][] periodSlot;
  private transient int[] touched;

  private TwoWayPanelMoments(int periods, int dense, int outcomes) {
    this.periods = periods;
    this.dense = dense;
    this.outcomes = outcomes;
    this.dimension = dense + periods;
  }

  /**
   * An empty accumulator for {@code periods} periods (indexed 0..periods-1, period 0 the
   * reference), {@code denseRegressors} regressors given per row (the treatment first) and {@code
   * outcomes} outcomes.
   */
  public static TwoWayPanelMoments create(int periods, int denseRegressors, int outcomes) {
    if (periods < 2) {
      throw EstimationErrors.panelMomentsShape("periods", periods, 2);
    }
    if (denseRegressors < 1) {
      throw EstimationErrors.panelMomentsShape("dense regressors", denseRegressors, 1);
    }
    if (outcomes < 1) {
      throw EstimationErrors.panelMomentsShape("outcomes", outcomes, 1);
    }
    return new TwoWayPanelMoments(periods, denseRegressors, outcomes);
  }

  /** Opens the next unit, all of whose rows lie in {@code cluster} (a non-negative index). */
  public TwoWayPanelMoments startUnit(int cluster) {
    if (open) {
      throw new IllegalStateException("startUnit before finishUnit of the previous unit");
    }
    if (cluster < 0) {
      throw new IllegalArgumentException("cluster index must be >= 0, got " + cluster);
    }
    if (rowPeriod == null) {
      rowPeriod = new int[16];
      rowWeight = new double[16];
      rowX = new double[16 * dense];
      rowY = new double[16 * outcomes];
      periodSlot = new double[periods][];
      touched = new int[periods];
    }
    open = true;
    openCluster = cluster;
    openRows = 0;
    return this;
  }

  /**
   * Adds a row of the open unit: its period index, dense regressors {@code x} (treatment first),
   * outcomes {@code y} and analytic weight {@code w} (1 for OLS). The arrays are copied.
   */
  public TwoWayPanelMoments add(int period, double[] x, double[] y, double w) {
    if (!open) {
      throw new IllegalStateException("add outside startUnit/finishUnit");
    }
    if (period < 0 || period >= periods) {
      throw EstimationErrors.panelMomentsPeriod(period, periods);
    }
    if (x.length != dense) {
      throw EstimationErrors.dimensionMismatch(dense, x.length);
    }
    if (y.length != outcomes) {
      throw EstimationErrors.dimensionMismatch(outcomes, y.length);
    }
    if (!(w > 0.0) || Double.isInfinite(w)) {
      throw EstimationErrors.invalidWeight(openRows, w);
    }
    if (openRows == rowPeriod.length) {
      int n = openRows * 2;
      rowPeriod = Arrays.copyOf(rowPeriod, n);
      rowWeight = Arrays.copyOf(rowWeight, n);
      rowX = Arrays.copyOf(rowX, n * dense);
      rowY = Arrays.copyOf(rowY, n * outcomes);
    }
    rowPeriod[openRows] = period;
    rowWeight[openRows] = w;
    System.arraycopy(x, 0, rowX, openRows * dense, dense);
    System.arraycopy(y, 0, rowY, openRows * outcomes, outcomes);
    openRows++;
    return this;
  }

  /** Closes the open unit and adds its within-unit contribution to its cluster. */
  public TwoWayPanelMoments finishUnit() {
    if (!open) {
      throw new IllegalStateException("finishUnit without startUnit");
    }
    int cluster = openCluster;
    open = false;
    if (openRows == 0) {
      return this;
    }
    ClusterSums sums = clusters.computeIfAbsent(cluster, c -> new ClusterSums(dimension, outcomes));
    units++;
    int m = openRows;
    for (int r = 0; r < m; r++) {
      if (rowX[r * dense] == 1.0) {
        treatedUnits++;
        break;
      }
    }
    double total = 0.0;
    double[] xbar = new double[dense];
    double[] ybar = new double[outcomes];
    for (int r = 0; r < m; r++) {
      double w = rowWeight[r];
      total += w;
      for (int i = 0; i < dense; i++) {
        xbar[i] += w * rowX[r * dense + i];
      }
      for (int o = 0; o < outcomes; o++) {
        ybar[o] += w * rowY[r * outcomes + o];
      }
    }
    for (int i = 0; i < dense; i++) {
      xbar[i] /= total;
    }
    for (int o = 0; o < outcomes; o++) {
      ybar[o] /= total;
    }
    int np = 0;
    double[] dx = new double[dense];
    double[] dy = new double[outcomes];
    for (int r = 0; r < m; r++) {
      double w = rowWeight[r];
      for (int i = 0; i < dense; i++) {
        dx[i] = rowX[r * dense + i] - xbar[i];
      }
      for (int o = 0; o < outcomes; o++) {
        dy[o] = rowY[r * outcomes + o] - ybar[o];
      }
      for (int i = 0; i < dense; i++) {
        double wdx = w * dx[i];
        for (int j = i; j < dense; j++) {
          sums.xtwx[ClusterSums.index(dimension, i, j)] += wdx * dx[j];
        }
        for (int o = 0; o < outcomes; o++) {
          sums.xtwy[o][i] += wdx * dy[o];
        }
      }
      for (int o = 0; o < outcomes; o++) {
        sums.ytwy[o] += w * dy[o] * dy[o];
      }
      int p = rowPeriod[r];
      double[] slot = periodSlot[p];
      if (slot == null) {
        slot = new double[1 + dense + outcomes];
        periodSlot[p] = slot;
      }
      if (slot[0] == 0.0) {
        touched[np++] = p;
      }
      slot[0] += w;
      for (int i = 0; i < dense; i++) {
        slot[1 + i] += w * dx[i];
      }
      for (int o = 0; o < outcomes; o++) {
        slot[1 + dense + o] += w * dy[o];
      }
    }
    // The period block, diag(W) - W W'/total, costs np^2 per unit. For the common unit (one row
    // per period over consecutive periods, one weight c: a resident on the register from one month
    // to another) it is c on the diagonal plus the constant -c^2/total on the square of its span,
    // which the cluster adds in O(1) and expands once, when the moments are read.
    int spanFirst = np == m ? firstOfEqualWeightSpan(np) : -1;
    boolean span = spanFirst >= 0;
    for (int a = 0; a < np; a++) {
      int col = dense + touched[a];
      double[] s = periodSlot[touched[a]];
      for (int i = 0; i < dense; i++) {
        sums.xtwx[ClusterSums.index(dimension, i, col)] += s[1 + i];
      }
      for (int o = 0; o < outcomes; o++) {
        sums.xtwy[o][col] += s[1 + dense + o];
      }
      double wa = s[0];
      if (span) {
        sums.xtwx[ClusterSums.index(dimension, col, col)] += wa;
        continue;
      }
      for (int b = a; b < np; b++) {
        double v = -wa * periodSlot[touched[b]][0] / total;
        if (a == b) {
          v += wa;
        }
        sums.xtwx[ClusterSums.index(dimension, col, dense + touched[b])] += v;
      }
    }
    if (span) {
      double c = rowWeight[0];
      sums.addToSquare(periods, spanFirst, spanFirst + np - 1, -c * c / total);
    }
    for (int a = 0; a < np; a++) {
      Arrays.fill(periodSlot[touched[a]], 0.0);
    }
    sums.rows += m;
    sums.sumOfWeights += total;
    openRows = 0;
    return this;
  }

  /**
   * The first period of the open unit when its {@code np} distinct periods (one row each) are
   * consecutive and its rows share one weight; -1 otherwise.
   */
  private int firstOfEqualWeightSpan(int np) {
    int first = Integer.MAX_VALUE;
    int last = Integer.MIN_VALUE;
    double w = rowWeight[0];
    for (int r = 0; r < np; r++) {
      if (rowWeight[r] != w) {
        return -1;
      }
      first = Math.min(first, rowPeriod[r]);
      last = Math.max(last, rowPeriod[r]);
    }
    return last - first + 1 == np ? first : -1;
  }

  /**
   * The moments of this accumulator and {@code other} together (neither changes). The units of the
   * two must be disjoint; no unit may be open.
   */
  public TwoWayPanelMoments merge(TwoWayPanelMoments other) {
    if (other.periods != periods || other.dense != dense || other.outcomes != outcomes) {
      throw EstimationErrors.dimensionMismatch(dimension, other.dimension);
    }
    if (open || other.open) {
      throw new IllegalStateException("merge with an open unit");
    }
    TwoWayPanelMoments out = new TwoWayPanelMoments(periods, dense, outcomes);
    out.units = units + other.units;
    out.treatedUnits = treatedUnits + other.treatedUnits;
    for (TwoWayPanelMoments src : List.of(this, other)) {
      for (Map.Entry<Integer, ClusterSums> e : src.clusters.entrySet()) {
        ClusterSums target =
            out.clusters.computeIfAbsent(e.getKey(), c -> new ClusterSums(dimension, outcomes));
        target.addAll(e.getValue());
      }
    }
    return out;
  }

  /** Units added (with at least one row). */
  public long units() {
    return units;
  }

  /** Units with at least one row whose first dense regressor (the treatment) is 1. */
  public long treatedUnits() {
    return treatedUnits;
  }

  /** Rows added. */
  public long rows() {
    long n = 0;
    for (ClusterSums s : clusters.values()) {
      n += s.rows;
    }
    return n;
  }

  /** Clusters with at least one row. */
  public int clusterCount() {
    return clusters.size();
  }

  /**
   * One {@link ClusterMoments} per cluster (in cluster-index order) for outcome {@code outcome},
   * with the regressors: the dense ones, then the dummies of periods 1..P-1 (period 0 omitted).
   */
  public List<ClusterMoments> clusterMoments(int outcome) {
    if (outcome < 0 || outcome >= outcomes) {
      throw EstimationErrors.dimensionMismatch(outcomes, outcome + 1);
    }
    int k = dimension - 1;
    List<ClusterMoments> out = new ArrayList<>(clusters.size());
    for (ClusterSums s : clusters.values()) {
      s.expandSquares(periods, dense);
      double[][] xtwx = new double[k][k];
      double[] xtwy = new double[k];
      for (int i = 0; i < k; i++) {
        int fi = full(i);
        for (int j = i; j < k; j++) {
          double v = s.xtwx[ClusterSums.index(dimension, fi, full(j))];
          xtwx[i][j] = v;
          xtwx[j][i] = v;
        }
        xtwy[i] = s.xtwy[outcome][fi];
      }
      out.add(ClusterMoments.fromSums(s.rows, s.sumOfWeights, xtwx, xtwy, s.ytwy[outcome]));
    }
    return out;
  }

  /** Column of the full design (dense, all P dummies) for reduced column {@code i}. */
  private int full(int i) {
    return i < dense ? i : i + 1;
  }

  /**
   * Fits outcome {@code outcome} with the given variance (IID, CR1_STATA or CR1_FIXEST; clusters
   * are the cluster indices given to {@link #startUnit}). {@code denseNames} name the dense
   * regressors; the period dummies are named {@code time=p} as in {@link TwoWayFixedEffectsDid}.
   */
  public RegressionResult fit(int outcome, VarianceType type, List<String> denseNames) {
    if (type == VarianceType.HC1 || type == VarianceType.CR2) {
      throw EstimationErrors.panelMomentsVariance(type);
    }
    if (denseNames.size() != dense) {
      throw EstimationErrors.lengthMismatch("denseNames", denseNames.size(), dense);
    }
    if (clusters.isEmpty()) {
      throw EstimationErrors.noClusters();
    }
    List<String> names = new ArrayList<>(denseNames);
    for (int p = 1; p < periods; p++) {
      names.add("time=" + p);
    }
    int u = (int) units;
    return LinearRegression.builder()
        .variance(type)
        .absorbedFixedEffects(u)
        .fixedEffectsNestedInClusters(type.isClustered() ? u - 1 : 0)
        .coefficientNames(names)
        .build()
        .fit(clusterMoments(outcome));
  }

  /**
   * The DiD effect: {@link #fit} with the treatment as the first dense regressor, as {@link
   * TwoWayFixedEffectsDid#fit} reports it.
   */
  public DidEstimate fitTreatment(int outcome, VarianceType type, List<String> denseNames) {
    return new DidEstimate(fit(outcome, type, denseNames), 0);
  }

  /** Sums of one cluster over the full design: dense regressors then all P period dummies. */
  private static final class ClusterSums implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] xtwx; // upper triangle, row major
    final double[][] xtwy;
    final double[] ytwy;
    long rows;
    double sumOfWeights;

    /**
     * Constants added to squares [s, e] x [s, e] of the period block and not yet expanded into
     * {@link #xtwx}: a 2-D difference array of (P+1) x (P+1), row major; null when there are none.
     */
    double[] squares;

    ClusterSums(int dimension, int outcomes) {
      xtwx = new double[dimension * (dimension + 1) / 2];
      xtwy = new double[outcomes][dimension];
      ytwy = new double[outcomes];
    }

    static int index(int dimension, int i, int j) {
      if (i > j) {
        int t = i;
        i = j;
        j = t;
      }
      return i * dimension - i * (i - 1) / 2 + (j - i);
    }

    /** Adds {@code v} to every cell of the square [first, last]^2 of the P x P period block. */
    void addToSquare(int periods, int first, int last, double v) {
      int side = periods + 1;
      if (squares == null) {
        squares = new double[side * side];
      }
      squares[first * side + first] += v;
      squares[first * side + last + 1] -= v;
      squares[(last + 1) * side + first] -= v;
      squares[(last + 1) * side + last + 1] += v;
    }

    /** Adds the squares not yet expanded to the period block of {@link #xtwx}. */
    void expandSquares(int periods, int dense) {
      if (squares == null) {
        return;
      }
      int side = periods + 1;
      int dimension = dense + periods;
      double[] sum = squares; // prefix sums in place: sum[i][j] = total of squares[<=i][<=j]
      for (int i = 0; i < periods; i++) {
        for (int j = 0; j < periods; j++) {
          double v = sum[i * side + j];
          if (i > 0) {
            v += sum[(i - 1) * side + j];
          }
          if (j > 0) {
            v += sum[i * side + j - 1];
          }
          if (i > 0 && j > 0) {
            v -= sum[(i - 1) * side + j - 1];
          }
          sum[i * side + j] = v;
        }
      }
      for (int i = 0; i < periods; i++) {
        for (int j = i; j < periods; j++) {
          xtwx[index(dimension, dense + i, dense + j)] += sum[i * side + j];
        }
      }
      squares = null;
    }

    void addAll(ClusterSums o) {
      for (int i = 0; i < xtwx.length; i++) {
        xtwx[i] += o.xtwx[i];
      }
      if (o.squares != null) {
        if (squares == null) {
          squares = new double[o.squares.length];
        }
        for (int i = 0; i < squares.length; i++) {
          squares[i] += o.squares[i];
        }
      }
      for (int k = 0; k < xtwy.length; k++) {
        for (int i = 0; i < xtwy[k].length; i++) {
          xtwy[k][i] += o.xtwy[k][i];
        }
        ytwy[k] += o.ytwy[k];
      }
      rows += o.rows;
      sumOfWeights += o.sumOfWeights;
    }
  }
}
