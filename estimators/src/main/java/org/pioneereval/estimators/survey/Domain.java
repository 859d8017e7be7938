package org.pioneereval.estimators.survey;

import java.util.Objects;

/**
 * A subpopulation (domain) of the survey rows, e.g. "long-term condition" or the complete cases of
 * a set of variables. Domain estimates keep every PSU of the design in the variance (rows outside
 * the domain count as zeros), as R {@code survey}'s {@code subset()} and {@code svyby()} do;
 * dropping the other rows before estimation would understate the variance.
 *
 * @param name how the domain is shown in results, e.g. {@code "stype == H"}
 * @param rows {@code rows[i]} is true when row i belongs to the domain
 */
public record Domain(String name, boolean[] rows) {
  public Domain {
    Objects.requireNonNull(name, "name");
    rows = rows.clone();
  }

  @Override
  public boolean[] rows() {
    return rows.clone();
  }

  boolean contains(int row) {
    return rows[row];
  }

  int size() {
    return rows.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Domain d && name.equals(d.name) && java.util.Arrays.equals(rows, d.rows);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + java.util.Arrays.hashCode(rows);
  }

  @Override
  public String toString() {
    int count = 0;
    for (boolean b : rows) {
      count += b ? 1 : 0;
    }
    return "Domain{" + name + ", " + count + " of " + rows.length + " rows}";
  }
}
