package org.pioneereval.estimators.matching;

import java.util.Arrays;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Greedy 1:k nearest-neighbour matching on the propensity score, as R MatchIt 4.4.0 {@code
 * matchit(method = "nearest")} for the ATT (Ho, Imai, King and Stuart 2011; Stuart 2010).
 *
 * <p>Rules, each MatchIt's:
 *
 * <ul>
 *   <li>Distance {@code |d_t - d_c|} on the {@link MatchingDistance} scale; the caliper, if any,
 *       admits controls with distance {@code <=} its width ({@link Caliper}: in SDs of the distance
 *       over all units, or raw).
 *   <li>Treated units are visited in the {@link MatchingOrder} (default: decreasing distance, ties
 *       in data order).
 *   <li>Without replacement, matching runs in k rounds: every treated unit gets its first control
 *       before any gets its second. Each treated unit takes the nearest still-available control;
 *       equidistant controls go to the <b>first in data order</b> (MatchIt's {@code which.min} over
 *       the controls in row order; the Lalonde reference reproduces MatchIt 4.4.0's published
 *       pair-clustered SE only with this rule).
 *   <li>With replacement, each treated unit takes its k nearest controls (ties: data order; MatchIt
 *       breaks exact ties with an unstable partial sort, so only exactly tied distances can
 *       differ).
 *   <li>Exact strata: controls are eligible only in the treated unit's stratum. A stratum with
 *       treated units and no control is an error unless {@link
 *       Builder#dropTreatedWithoutControls()} is set (MatchIt drops them with a warning).
 *   <li>Weights (ATT): a matched treated unit 1, an unmatched one 0; each control the sum over the
 *       treated units it is matched to of {@code 1/m_t} ({@code m_t} = number of controls of that
 *       treated unit); control weights are then rescaled to sum to the number of matched controls
 *       (MatchIt {@code normalize = TRUE}). Without replacement, each matched treated unit and its
 *       controls form a subclass (pair), the cluster for the SE of the effect.
 * </ul>
 *
 * <p>This is the true nearest neighbour of MatchIt up to 4.4 and from 4.5.4 on; MatchIt 4.5.1-4.5.3
 * (Debian's r-cran-matchit 4.5.1) compared distances with C's integer {@code abs()} and took the
 * lower-score neighbour instead (reference-data/lalonde_matchit/REFERENCE.md).
 *
 * <p>Cost: controls are sorted once per stratum by distance ({@code O(n log n)}); each match is a
 * binary search plus an outward search over the still-available controls with union-find skip
 * pointers, so 1:k matching of {@code n1} treated units costs {@code O(k n1 log n0)}, not {@code
 * O(n1 n0)}.
 */
public final class NearestNeighbourMatching {
  /** What to do with treated units whose exact stratum has no control. */
  public enum StrataWithoutControls {
    /** Throw {@link EstimationErrors#noControlsInStratum} (default). */
    FAIL,
    /** Leave those treated units unmatched (weight 0), as MatchIt does with a warning. */
    DROP_TREATED
  }

  /**
   * The parameters that produced a {@link MatchedSample}.
   *
   * @param ratio controls per treated unit (k)
   * @param caliper the caliper as given
   * @param distance the distance scale
   * @param replacement with or without replacement
   * @param order the order in which treated units are matched
   * @param strataWithoutControls the policy for exact strata without controls
   */
  public record Parameters(
      int ratio,
      Caliper caliper,
      MatchingDistance distance,
      Replacement replacement,
      MatchingOrder order,
      StrataWithoutControls strataWithoutControls) {}

  private final Parameters parameters;

  private NearestNeighbourMatching(Parameters parameters) {
    this.parameters = parameters;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builder. Defaults as MatchIt: 1:1, no caliper, propensity-score distance, without replacement,
   * largest first; strata without controls fail.
   */
  public static final class Builder {
    private int ratio = 1;
    private Caliper caliper = Caliper.none();
    private MatchingDistance distance = MatchingDistance.PROPENSITY_SCORE;
    private Replacement replacement = Replacement.WITHOUT;
    private MatchingOrder order = MatchingOrder.LARGEST_FIRST;
    private StrataWithoutControls strata = StrataWithoutControls.FAIL;

    private Builder() {}

    /** Controls per treated unit (k in 1:k matching), at least 1. */
    public Builder ratio(int controlsPerTreated) {
      this.ratio = controlsPerTreated;
      return this;
    }

    public Builder caliper(Caliper width) {
      this.caliper = width == null ? Caliper.none() : width;
      return this;
    }

    public Builder distance(MatchingDistance scale) {
      this.distance = scale;
      return this;
    }

    public Builder withReplacement() {
      this.replacement = Replacement.WITH;
      return this;
    }

    public Builder withoutReplacement() {
      this.replacement = Replacement.WITHOUT;
      return this;
    }

    public Builder order(MatchingOrder matchingOrder) {
      this.order = matchingOrder;
      return this;
    }

    /** Leave treated units in exact strata without controls unmatched instead of failing. */
    public Builder dropTreatedWithoutControls() {
      this.strata = StrataWithoutControls.DROP_TREATED;
      return this;
    }

    public NearestNeighbourMatching build() {
      if (ratio < 1) {
        throw EstimationErrors.invalidMatchingRatio(ratio);
      }
      return new NearestNeighbourMatching(
          new Parameters(ratio, caliper, distance, replacement, order, strata));
    }
  }

  public Parameters parameters() {
    return parameters;
  }

  /** Matches without exact strata. */
  public MatchedSample match(double[] propensityScore, boolean[] treated) {
    return match(propensityScore, treated, null);
  }

  /**
   * Matches within exact strata.
   *
   * @param propensityScore per unit, strictly between 0 and 1 for the logit distance
   * @param treated per unit, true for the treated
   * @param exactStrata per unit, any int code of the exact-matching stratum (e.g. sex x age band x
   *     index quarter), or null for none
   */
  public MatchedSample match(double[] propensityScore, boolean[] treated, int[] exactStrata) {
    int n = propensityScore.length;
    if (treated.length != n) {
      throw EstimationErrors.matchingLengthMismatch("treated", treated.length, n);
    }
    if (exactStrata != null && exactStrata.length != n) {
      throw EstimationErrors.matchingLengthMismatch("exactStrata", exactStrata.length, n);
    }
    double[] d = new double[n];
    int nTreated = 0;
    for (int i = 0; i < n; i++) {
      double p = propensityScore[i];
      boolean valid =
          parameters.distance() == MatchingDistance.PROPENSITY_SCORE
              ? Double.isFinite(p)
              : p > 0.0 && p < 1.0;
      if (!valid) {
        throw EstimationErrors.invalidPropensityScore(i, p);
      }
      d[i] = parameters.distance().of(p);
      if (treated[i]) {
        nTreated++;
      }
    }
    int nControl = n - nTreated;
    if (nTreated == 0) {
      throw EstimationErrors.noUnitsInGroup("treated");
    }
    if (nControl == 0) {
      throw EstimationErrors.noUnitsInGroup("control");
    }
    double sd = sampleStandardDeviation(d);
    double caliperWidth = parameters.caliper().widthInDistanceUnits(sd);

    int[] stratumValues = exactStrata == null ? new int[] {0} : distinctSorted(exactStrata);
    int strataCount = stratumValues.length;
    int[] stratum = new int[n];
    if (exactStrata != null) {
      for (int i = 0; i < n; i++) {
        stratum[i] = Arrays.binarySearch(stratumValues, exactStrata[i]);
      }
    }
    SortedControls controls = new SortedControls(d, treated, stratum, strataCount, nControl);
    checkStrata(treated, stratum, controls, stratumValues, exactStrata != null);

    int[] treatedRows = new int[nTreated];
    for (int i = 0, t = 0; i < n; i++) {
      if (treated[i]) {
        treatedRows[t++] = i;
      }
    }
    int[] visit = treatedRows.clone();
    switch (parameters.order()) {
      case LARGEST_FIRST -> IndexSort.sortDescending(visit, 0, nTreated, d);
      case SMALLEST_FIRST -> IndexSort.sortAscending(visit, 0, nTreated, d);
      case DATA_ORDER -> {}
      default -> throw new IllegalStateException("unhandled order " + parameters.order());
    }
    int[] treatedIndex = new int[n];
    Arrays.fill(treatedIndex, -1);
    for (int t = 0; t < nTreated; t++) {
      treatedIndex[treatedRows[t]] = t;
    }

    int[] lowerBound = controls.lowerBounds(treatedRows, d, stratum);
    int k = parameters.ratio();
    int[] matchMatrix = new int[nTreated * k];
    Arrays.fill(matchMatrix, -1);
    int[] matchCount = new int[nTreated];
    if (parameters.replacement() == Replacement.WITHOUT) {
      int available = nControl;
      for (int round = 0; round < k && available > 0; round++) {
        for (int v = 0; v < nTreated && available > 0; v++) {
          int row = visit[v];
          int t = treatedIndex[row];
          if (matchCount[t] < round) {
            continue; // found no control in an earlier round: none is left now
          }
          int pos = controls.nearestAvailable(stratum[row], d[row], lowerBound[t], caliperWidth);
          if (pos < 0) {
            continue;
          }
          controls.take(pos);
          available--;
          matchMatrix[t * k + matchCount[t]++] = controls.row[pos];
        }
      }
    } else {
      int[] chosen = new int[k];
      for (int v = 0; v < nTreated; v++) {
        int row = visit[v];
        int t = treatedIndex[row];
        int m = controls.nearest(stratum[row], d[row], lowerBound[t], caliperWidth, k, chosen);
        for (int j = 0; j < m; j++) {
          matchMatrix[t * k + j] = chosen[j];
        }
        matchCount[t] = m;
      }
    }

    int matchedTreated = 0;
    for (int c : matchCount) {
      if (c > 0) {
        matchedTreated++;
      }
    }
    if (matchedTreated == 0) {
      throw EstimationErrors.noMatches(
          parameters.caliper().isNone()
              ? "no eligible control in any stratum"
              : "caliper " + caliperWidth + " in distance units");
    }
    return new MatchedSample(
        parameters,
        caliperWidth,
        sd,
        treated.clone(),
        treatedRows,
        matchMatrix,
        matchCount,
        matchedTreated);
  }

  private void checkStrata(
      boolean[] treated,
      int[] stratum,
      SortedControls controls,
      int[] stratumValues,
      boolean hasStrata) {
    int[] treatedPerStratum = new int[stratumValues.length];
    for (int i = 0; i < treated.length; i++) {
      if (treated[i]) {
        treatedPerStratum[stratum[i]]++;
      }
    }
    int empty = 0;
    int first = -1;
    for (int s = 0; s < stratumValues.length; s++) {
      if (treatedPerStratum[s] > 0 && controls.segEnd[s] == controls.segStart[s]) {
        empty++;
        if (first < 0) {
          first = s;
        }
      }
    }
    if (empty > 0
        && hasStrata
        && parameters.strataWithoutControls() == StrataWithoutControls.FAIL) {
      throw EstimationErrors.noControlsInStratum(
          String.valueOf(stratumValues[first]), treatedPerStratum[first], empty);
    }
  }

  static double sampleStandardDeviation(double[] x) {
    double mean = 0.0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double ss = 0.0;
    for (double v : x) {
      ss += (v - mean) * (v - mean);
    }
    return x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0.0;
  }

  private static int[] distinctSorted(int[] codes) {
    int[] s = codes.clone();
    Arrays.sort(s);
    int m = 0;
    for (int i = 0; i < s.length; i++) {
      if (i == 0 || s[i] != s[i - 1]) {
        s[m++] = s[i];
      }
    }
    return Arrays.copyOf(s, m);
  }

  /**
   * Controls grouped by stratum and sorted by (distance, row) within each stratum, with union-find
   * skip pointers over the positions of controls already taken.
   */
  static final class SortedControls {
    final int[] row; // position -> data row
    final double[] value; // position -> distance
    final int[] segStart;
    final int[] segEnd;
    private final int[] runEnd;
    private final int[] next; // next available position >= p (size nc + 1, nc = sentinel)
    private final int[] previous; // index p + 1 -> previous available position + 1 (0 = none)

    SortedControls(double[] d, boolean[] treated, int[] stratum, int strata, int nControl) {
      row = new int[nControl];
      value = new double[nControl];
      segStart = new int[strata];
      segEnd = new int[strata];
      int[] counts = new int[strata];
      for (int i = 0; i < d.length; i++) {
        if (!treated[i]) {
          counts[stratum[i]]++;
        }
      }
      int acc = 0;
      for (int s = 0; s < strata; s++) {
        segStart[s] = acc;
        acc += counts[s];
        segEnd[s] = segStart[s];
      }
      for (int i = 0; i < d.length; i++) { // counting sort keeps data order within a stratum
        if (!treated[i]) {
          row[segEnd[stratum[i]]++] = i;
        }
      }
      for (int s = 0; s < strata; s++) {
        IndexSort.sortAscending(row, segStart[s], segEnd[s], d);
      }
      for (int p = 0; p < nControl; p++) {
        value[p] = d[row[p]];
      }
      runEnd = new int[nControl];
      for (int s = 0; s < strata; s++) {
        int p = segStart[s];
        while (p < segEnd[s]) {
          int q = p;
          while (q + 1 < segEnd[s] && value[q + 1] == value[p]) {
            q++;
          }
          for (int r = p; r <= q; r++) {
            runEnd[r] = q;
          }
          p = q + 1;
        }
      }
      next = new int[nControl + 1];
      previous = new int[nControl + 1];
      for (int p = 0; p <= nControl; p++) {
        next[p] = p;
        previous[p] = p;
      }
    }

    void take(int p) {
      next[p] = p + 1;
      previous[p + 1] = p;
    }

    private int findRight(int p) {
      while (next[p] != p) {
        next[p] = next[next[p]];
        p = next[p];
      }
      return p;
    }

    private int findLeft(int p) {
      int i = p + 1;
      while (previous[i] != i) {
        previous[i] = previous[previous[i]];
        i = previous[i];
      }
      return i - 1;
    }

    /**
     * For each treated unit (indexed like {@code treatedRows}), the first position of its stratum
     * whose distance is >= its own: one merge-like walk per stratum over the treated sorted by
     * distance, {@code O(n log n)} for the sort and linear after it.
     */
    int[] lowerBounds(int[] treatedRows, double[] d, int[] stratum) {
      int nTreated = treatedRows.length;
      int strata = segStart.length;
      int[] byDistance = new int[nTreated];
      for (int t = 0; t < nTreated; t++) {
        byDistance[t] = t;
      }
      double[] key = new double[nTreated];
      for (int t = 0; t < nTreated; t++) {
        key[t] = d[treatedRows[t]];
      }
      IndexSort.sortAscending(byDistance, 0, nTreated, key);
      int[] start = new int[strata + 1];
      for (int t = 0; t < nTreated; t++) {
        start[stratum[treatedRows[t]] + 1]++;
      }
      for (int s = 0; s < strata; s++) {
        start[s + 1] += start[s];
      }
      int[] fill = start.clone();
      int[] grouped = new int[nTreated];
      for (int t : byDistance) {
        grouped[fill[stratum[treatedRows[t]]]++] = t;
      }
      int[] out = new int[nTreated];
      for (int s = 0; s < strata; s++) {
        int p = segStart[s];
        for (int g = start[s]; g < start[s + 1]; g++) {
          int t = grouped[g];
          double x = key[t];
          while (p < segEnd[s] && value[p] < x) {
            p++;
          }
          out[t] = p;
        }
      }
      return out;
    }

    /**
     * First position in [a, last] whose distance to x is <= best, for positions below x (so the
     * distance decreases with the position and {@code last} qualifies). Gallops down from {@code
     * last}: the qualifying range is usually one run of tied scores.
     */
    private int firstWithin(int a, int last, double x, double best) {
      int step = 1;
      int hi = last; // qualifies
      int lo = last - step;
      while (lo >= a && Math.abs(value[lo] - x) <= best) {
        hi = lo;
        step <<= 1;
        lo = last - step;
      }
      lo = Math.max(a, lo); // lo does not qualify, or lo == a
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Math.abs(value[mid] - x) <= best) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      return lo;
    }

    /**
     * Last position in [first, b) whose distance to x is <= best, for positions at or above x
     * ({@code first} qualifies); gallops up from {@code first}.
     */
    private int lastWithin(int first, int b, double x, double best) {
      int step = 1;
      int lo = first; // qualifies
      int hi = first + step;
      while (hi < b && Math.abs(value[hi] - x) <= best) {
        lo = hi;
        step <<= 1;
        hi = first + step;
      }
      hi = Math.min(b - 1, hi);
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (Math.abs(value[mid] - x) <= best) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo;
    }

    /**
     * The available control of stratum s nearest to x within the caliper, ties to the smallest data
     * row; its position, or -1.
     */
    int nearestAvailable(int s, double x, int lb, double caliper) {
      int a = segStart[s];
      int b = segEnd[s];
      if (a == b) {
        return -1;
      }
      int left = findLeft(lb - 1);
      int right = findRight(lb);
      double dl = left >= a ? Math.abs(value[left] - x) : Double.POSITIVE_INFINITY;
      double dr = right < b ? Math.abs(value[right] - x) : Double.POSITIVE_INFINITY;
      double best = Math.min(dl, dr);
      if (best == Double.POSITIVE_INFINITY || !(best <= caliper)) {
        return -1;
      }
      int bestPos = -1;
      if (dl == best) {
        bestPos = smallestRowAvailable(firstWithin(a, left, x, best), left, bestPos);
      }
      if (dr == best) {
        bestPos = smallestRowAvailable(right, lastWithin(right, b, x, best), bestPos);
      }
      return bestPos;
    }

    /** Among available positions in [from, to], the one with the smallest row (or bestPos). */
    private int smallestRowAvailable(int from, int to, int bestPos) {
      int p = from;
      while (p <= to) {
        int q = findRight(p);
        if (q > to) {
          break;
        }
        if (bestPos < 0 || row[q] < row[bestPos]) {
          bestPos = q; // the first available of a run has the run's smallest row
        }
        p = runEnd[q] + 1;
      }
      return bestPos;
    }

    /**
     * With replacement: the k nearest controls of stratum s to x within the caliper, ordered by
     * (distance, row); writes their rows into {@code out} and returns how many there are.
     */
    int nearest(int s, double x, int lb, double caliper, int k, int[] out) {
      int a = segStart[s];
      int b = segEnd[s];
      int l = lb - 1;
      int r = lb;
      int count = 0;
      while (count < k) {
        double dl = l >= a ? Math.abs(value[l] - x) : Double.POSITIVE_INFINITY;
        double dr = r < b ? Math.abs(value[r] - x) : Double.POSITIVE_INFINITY;
        double best = Math.min(dl, dr);
        if (best == Double.POSITIVE_INFINITY || !(best <= caliper)) {
          break;
        }
        int need = k - count;
        int size = 0;
        if (dl == best) {
          int p0 = firstWithin(a, l, x, best);
          size = collectRuns(p0, l, need, size);
          l = p0 - 1;
        }
        if (dr == best) {
          int p1 = lastWithin(r, b, x, best);
          size = collectRuns(r, p1, need, size);
          r = p1 + 1;
        }
        Arrays.sort(group, 0, size);
        for (int j = 0; j < size && count < k; j++) {
          out[count++] = group[j];
        }
      }
      return count;
    }

    private int[] group = new int[16];

    /**
     * Appends the first {@code need} rows of each run in [from, to] (the smallest rows of equally
     * distant controls) to group[size..]; returns the new size.
     */
    private int collectRuns(int from, int to, int need, int size) {
      int p = from;
      while (p <= to) {
        int end = runEnd[p];
        int take = Math.min(need, end - p + 1);
        if (group.length < size + take) {
          group = Arrays.copyOf(group, Math.max(2 * group.length, size + take));
        }
        for (int j = 0; j < take; j++) {
          group[size++] = row[p + j];
        }
        p = end + 1;
      }
      return size;
    }
  }
}
