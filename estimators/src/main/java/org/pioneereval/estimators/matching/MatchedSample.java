package org.pioneereval.estimators.matching;

import java.util.Arrays;
import org.pioneereval.estimators.EstimationErrors;

/**
 * The result of {@link NearestNeighbourMatching}: the matched sets (MatchIt's {@code
 * match.matrix}), the matching weights and, without replacement, the subclass (pair) of each unit,
 * together with the parameters that produced them.
 *
 * <p>Weights (ATT, MatchIt's {@code get_weights_from_mm} + {@code normalize = TRUE}): a matched
 * treated unit 1, an unmatched unit 0; a control {@code sum_t 1/m_t} over the treated units t it is
 * matched to ({@code m_t} = controls of t), rescaled so that the control weights sum to the number
 * of controls with positive weight.
 */
public final class MatchedSample {
  private final NearestNeighbourMatching.Parameters parameters;
  private final double caliperWidth;
  private final double distanceStandardDeviation;
  private final boolean[] treated;
  private final int[] treatedRows;
  private final int[] treatedIndex;
  private final int[] matchMatrix;
  private final int[] matchCount;
  private final int matchedTreated;
  private final int matchedControls;
  private final double[] weights;
  private final int[] subclass;

  MatchedSample(
      NearestNeighbourMatching.Parameters parameters,
      double caliperWidth,
      double distanceStandardDeviation,
      boolean[] treated,
      int[] treatedRows,
      int[] matchMatrix,
      int[] matchCount,
      int matchedTreated) {
    this.parameters = parameters;
    this.caliperWidth = caliperWidth;
    this.distanceStandardDeviation = distanceStandardDeviation;
    this.treated = treated;
    this.treatedRows = treatedRows;
    this.matchMatrix = matchMatrix;
    this.matchCount = matchCount;
    this.matchedTreated = matchedTreated;
    int n = treated.length;
    int k = parameters.ratio();
    this.treatedIndex = new int[n];
    Arrays.fill(treatedIndex, -1);
    for (int t = 0; t < treatedRows.length; t++) {
      treatedIndex[treatedRows[t]] = t;
    }
    double[] w = new double[n];
    for (int t = 0; t < treatedRows.length; t++) {
      int m = matchCount[t];
      if (m == 0) {
        continue;
      }
      w[treatedRows[t]] = 1.0;
      for (int j = 0; j < m; j++) {
        w[matchMatrix[t * k + j]] += 1.0 / m;
      }
    }
    double sum = 0.0;
    int positive = 0;
    for (int i = 0; i < n; i++) {
      if (!treated[i] && w[i] > 0.0) {
        sum += w[i];
        positive++;
      }
    }
    for (int i = 0; i < n; i++) {
      if (!treated[i] && w[i] > 0.0) {
        w[i] = positive * w[i] / sum; // MatchIt .make_sum_to_n
      }
    }
    this.weights = w;
    this.matchedControls = positive;
    if (parameters.replacement() == Replacement.WITHOUT) {
      int[] sub = new int[n];
      Arrays.fill(sub, -1);
      int next = 0;
      for (int t = 0; t < treatedRows.length; t++) {
        if (matchCount[t] == 0) {
          continue;
        }
        sub[treatedRows[t]] = next;
        for (int j = 0; j < matchCount[t]; j++) {
          sub[matchMatrix[t * k + j]] = next;
        }
        next++;
      }
      this.subclass = sub;
    } else {
      this.subclass = null;
    }
  }

  public NearestNeighbourMatching.Parameters parameters() {
    return parameters;
  }

  /** The caliper in distance units ({@code +Infinity} without a caliper). */
  public double caliperWidth() {
    return caliperWidth;
  }

  /** Sample SD (n-1) of the distance over all units, the unit of a standardised caliper. */
  public double distanceStandardDeviation() {
    return distanceStandardDeviation;
  }

  /** Number of units (rows) in the input. */
  public int size() {
    return treated.length;
  }

  /** Treatment flags of the input (a copy). */
  public boolean[] treated() {
    return treated.clone();
  }

  /** Rows of the treated units, in data order. */
  public int[] treatedRows() {
    return treatedRows.clone();
  }

  /**
   * Rows of the controls matched to the treated unit in row {@code treatedRow}, in the order they
   * were matched (empty when it is unmatched).
   */
  public int[] matchedControls(int treatedRow) {
    int t = treatedRow >= 0 && treatedRow < treated.length ? treatedIndex[treatedRow] : -1;
    if (t < 0) {
      throw EstimationErrors.notATreatedRow(treatedRow);
    }
    int k = parameters.ratio();
    return Arrays.copyOfRange(matchMatrix, t * k, t * k + matchCount[t]);
  }

  /** Matching weights per row (a copy). */
  public double[] weights() {
    return weights.clone();
  }

  /**
   * The matched set of each row, numbered 0.. in the data order of the treated units; -1 for
   * unmatched units. Only without replacement (with replacement the sets overlap).
   */
  public int[] subclass() {
    if (subclass == null) {
      throw EstimationErrors.subclassesNeedMatchingWithoutReplacement();
    }
    return subclass.clone();
  }

  /** Whether {@link #subclass()} is available (matching without replacement). */
  public boolean hasSubclasses() {
    return subclass != null;
  }

  public int matchedTreatedCount() {
    return matchedTreated;
  }

  public int unmatchedTreatedCount() {
    return treatedRows.length - matchedTreated;
  }

  /** Distinct controls with a positive weight. */
  public int matchedControlCount() {
    return matchedControls;
  }

  public int unmatchedControlCount() {
    return treated.length - treatedRows.length - matchedControls;
  }

  /** Number of (treated, control) pairs over all matched sets. */
  public int pairCount() {
    int s = 0;
    for (int c : matchCount) {
      s += c;
    }
    return s;
  }

  /** Calls {@code visitor} for each (treated row, control row) pair. */
  void forEachPair(PairVisitor visitor) {
    int k = parameters.ratio();
    for (int t = 0; t < treatedRows.length; t++) {
      for (int j = 0; j < matchCount[t]; j++) {
        visitor.visit(treatedRows[t], matchMatrix[t * k + j]);
      }
    }
  }

  @FunctionalInterface
  interface PairVisitor {
    void visit(int treatedRow, int controlRow);
  }
}
