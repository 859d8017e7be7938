package org.pioneereval.estimators.matching;

import java.util.Objects;

/**
 * The sufficient statistics of one (cluster, group) cell of a matched cohort: the patients of
 * {@code group} in {@code cluster} (typically a site), reduced to a {@link CohortCellSums}. A
 * cluster may hold cells of both groups. {@link MatchedCohortDid} merges cells with the same
 * cluster and group, so a job may pass several partial cells per key (e.g. one per partition).
 *
 * @param cluster the cluster id (for the cluster-robust variance)
 * @param group treated or control
 * @param sums the cell's sums (not copied: do not add to it afterwards)
 */
public record CohortCell(String cluster, CohortGroup group, CohortCellSums sums) {
  public CohortCell {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(sums, "sums");
  }

  /** A treated cell. */
  public static CohortCell treated(String cluster, CohortCellSums sums) {
    return new CohortCell(cluster, CohortGroup.TREATED, sums);
  }

  /** A control cell. */
  public static CohortCell control(String cluster, CohortCellSums sums) {
    return new CohortCell(cluster, CohortGroup.CONTROL, sums);
  }
}
