package org.pioneereval.estimators.matching;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Named covariate columns of the same units, in a fixed order: the input of {@link BalanceTable}
 * and {@link CoarsenedExactMatching}. A categorical covariate enters as 0/1 dummies (one column per
 * level, as MatchIt's balance table shows {@code raceblack}, {@code racehispan}, {@code
 * racewhite}). A column whose values are all 0 or 1 is binary. Columns are copied.
 */
public final class Covariates {
  private final List<String> names;
  private final double[][] columns;

  private Covariates(List<String> names, double[][] columns) {
    this.names = names;
    this.columns = columns;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; columns in the order added. */
  public static final class Builder {
    private final Map<String, double[]> columns = new LinkedHashMap<>();

    private Builder() {}

    public Builder add(String name, double[] values) {
      if (columns.containsKey(name)) {
        throw EstimationErrors.duplicateCovariate(name);
      }
      columns.put(name, values.clone());
      return this;
    }

    public Covariates build() {
      if (columns.isEmpty()) {
        throw EstimationErrors.missingInput("at least one covariate", "add(name, values)");
      }
      List<String> names = new ArrayList<>(columns.keySet());
      double[][] cols = columns.values().toArray(new double[0][]);
      int n = cols[0].length;
      for (int j = 0; j < cols.length; j++) {
        if (cols[j].length != n) {
          throw EstimationErrors.matchingLengthMismatch(
              "covariate '" + names.get(j) + "'", cols[j].length, n);
        }
        for (int i = 0; i < n; i++) {
          if (!Double.isFinite(cols[j][i])) {
            throw EstimationErrors.nonFinite(names.get(j), i, cols[j][i]);
          }
        }
      }
      return new Covariates(List.copyOf(names), cols);
    }
  }

  public List<String> names() {
    return names;
  }

  /** Number of covariates. */
  public int count() {
    return columns.length;
  }

  /** Number of units (rows). */
  public int size() {
    return columns[0].length;
  }

  /** A copy of the named column. */
  public double[] column(String name) {
    return columns[indexOf(name)].clone();
  }

  int indexOf(String name) {
    int j = names.indexOf(name);
    if (j < 0) {
      throw EstimationErrors.unknownMatchingCovariate(name, names.toString());
    }
    return j;
  }

  /** The column itself, for read-only use inside this package. */
  double[] columnView(int j) {
    return columns[j];
  }

  /** True when every value of column j is 0 or 1 (MatchIt treats it as binary). */
  boolean isBinary(int j) {
    for (double v : columns[j]) {
      if (v != 0.0 && v != 1.0) {
        return false;
      }
    }
    return true;
  }
}
