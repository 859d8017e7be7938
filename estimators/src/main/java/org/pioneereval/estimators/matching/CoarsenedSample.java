package org.pioneereval.estimators.matching;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of {@link CoarsenedExactMatching}: the stratum of each unit (-1 when its stratum lacks
 * treated or control units and the unit is dropped) and the ATT weights.
 *
 * @param cutPoints the cut points per coarsened covariate (empty array = exact on the value)
 * @param stratum per unit, the matched stratum 0..matchedStrata-1 (numbered in order of first
 *     appearance), or -1
 * @param weights per unit: treated in matched strata 1; controls {@code n_T,s / n_C,s} rescaled to
 *     sum to the number of matched controls; dropped units 0
 * @param strata number of non-empty strata before dropping
 * @param matchedStrata number of strata with both treated and control units
 */
public record CoarsenedSample(
    Map<String, double[]> cutPoints,
    int[] stratum,
    double[] weights,
    int strata,
    int matchedStrata) {

  public CoarsenedSample {
    Map<String, double[]> copy = new LinkedHashMap<>();
    cutPoints.forEach((k, v) -> copy.put(k, v.clone()));
    cutPoints = java.util.Collections.unmodifiableMap(copy);
    stratum = stratum.clone();
    weights = weights.clone();
  }

  @Override
  public int[] stratum() {
    return stratum.clone();
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }
}
