package org.pioneereval.jobs.estimate;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.pioneereval.estimators.TwoWayPanelMoments;

/**
 * Reduces a panel of any size to the per-cluster moments of a two-way fixed-effects regression
 * ({@link TwoWayPanelMoments}) inside Spark: rows are hash-partitioned by cluster, sorted within
 * each partition (cluster, then unit, then the caller's further keys) and streamed unit by unit
 * through the caller's reducer. Only one {@code (K x K)} matrix per cluster reaches the driver, so
 * driver memory does not grow with the number of rows.
 *
 * <p>Every cluster is summed inside one partition in sorted order, so the result does not depend on
 * how the input is split or how many partitions are used: a re-run gives identical numbers.
 */
public final class SparkPanelMoments {

  private SparkPanelMoments() {}

  /**
   * @param rows the panel (units nested in clusters)
   * @param cluster the cluster column the rows are partitioned by
   * @param sortWithin the order of rows inside a partition: the cluster column first, then the
   *     unit, then enough columns to make the order of a unit's rows deterministic
   * @param clusters the number of clusters (bounds the number of partitions)
   * @param reducer folds the sorted rows of one partition into moments
   * @param empty the moments of no rows, with the model's shape
   */
  public static TwoWayPanelMoments reduce(
      Dataset<Row> rows,
      String cluster,
      Column[] sortWithin,
      int clusters,
      MapPartitionsFunction<Row, TwoWayPanelMoments> reducer,
      TwoWayPanelMoments empty) {
    int parallelism = rows.sparkSession().sparkContext().defaultParallelism();
    int partitions = Math.max(1, Math.min(clusters, 2 * parallelism));
    List<TwoWayPanelMoments> parts =
        rows.repartition(partitions, col(cluster))
            .sortWithinPartitions(sortWithin)
            .mapPartitions(reducer, Encoders.javaSerialization(TwoWayPanelMoments.class))
            .collectAsList();
    TwoWayPanelMoments total = empty;
    for (TwoWayPanelMoments part : parts) {
      total = total.merge(part);
    }
    return total;
  }
}
