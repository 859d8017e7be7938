package org.pioneereval.jobs.did;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EstimationErrors;
import org.pioneereval.estimators.TwoWayFixedEffectsDid;
import org.pioneereval.estimators.TwoWayPanelMoments;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.jobs.estimate.SparkPanelMoments;

/**
 * The twfe estimator of {@code pioneer-eval did} without bringing rows to the driver: Spark reduces
 * the file to one {@link TwoWayPanelMoments} matrix per cluster ({@link SparkPanelMoments}), which
 * gives the same coefficients and IID / CR1 standard errors as the in-memory {@link
 * TwoWayFixedEffectsDid} (to rounding), for files of any length.
 *
 * <p>Used when it can give the whole result: twfe with IID, CR1_STATA or CR1_FIXEST, no wild
 * bootstrap or randomisation inference (they need the rows), units nested in the clusters and
 * moment matrices of all clusters together under {@link #MOMENT_BYTES_LIMIT} (checked; otherwise
 * {@link #estimate} returns empty and the rows are collected as before).
 */
final class ClusterMomentsTwfe {

  private ClusterMomentsTwfe() {}

  /** True when the specification can be estimated from per-cluster moments alone. */
  static boolean applies(DidSpecification spec) {
    VarianceType v = spec.variance();
    return spec.method() == DidMethod.TWFE
        && (v == VarianceType.IID || v == VarianceType.CR1_STATA || v == VarianceType.CR1_FIXEST)
        && spec.bootstrapDraws() == 0
        && spec.randomizationPermutations() == 0;
  }

  /** The effect and data summary, or empty when a unit lies in more than one cluster. */
  static Optional<DidResult> estimate(
      DidSpecification spec, InputFormat format, PanelFile.Usable usable) {
    Dataset<Row> rows = usable.rows();
    // the distinct (period, cluster) pairs are few; map-side aggregation keeps both passes cheap
    List<Row> periodClusters =
        rows.select(PanelFile.TIME, PanelFile.TIME_VALUE, PanelFile.CLUSTER)
            .distinct()
            .collectAsList();
    long distinctUnits = rows.select(PanelFile.UNIT).distinct().count();
    Map<String, Row> timePairs = new HashMap<>();
    TreeSet<String> clusterNames = new TreeSet<>();
    for (Row r : periodClusters) {
      timePairs.putIfAbsent(r.getString(0), r);
      clusterNames.add(r.getString(2));
    }
    Map<String, Integer> periods = PanelFile.periodIndex(new ArrayList<>(timePairs.values()));
    Map<String, Integer> clusters = new HashMap<>();
    for (String c : clusterNames) {
      clusters.put(c, clusters.size());
    }
    if (periods.size() < 2) {
      throw EstimationErrors.panelMomentsShape("periods", periods.size(), 2);
    }
    int covariates = spec.covariates().size();
    if (momentBytes(clusters.size(), periods.size() + 1 + covariates) > MOMENT_BYTES_LIMIT) {
      return Optional.empty();
    }
    List<Column> order = new ArrayList<>();
    order.add(col(PanelFile.CLUSTER));
    order.addAll(List.of(PanelFile.sortColumns(spec)));
    TwoWayPanelMoments moments =
        SparkPanelMoments.reduce(
            rows,
            PanelFile.CLUSTER,
            order.toArray(Column[]::new),
            clusters.size(),
            new Reducer(
                periods,
                clusters,
                covariates,
                spec.treatment().isPresent(),
                spec.weights().isPresent()),
            TwoWayPanelMoments.create(periods.size(), 1 + covariates, 1));
    if (moments.units() != distinctUnits) {
      // some unit lies in more than one cluster (it was counted once per cluster)
      return Optional.empty();
    }
    if (moments.treatedUnits() == 0) {
      throw EstimationErrors.noTreatmentVariation("no row is treated");
    }
    List<String> names = new ArrayList<>();
    names.add(TwoWayFixedEffectsDid.TREATMENT);
    names.addAll(spec.covariates());
    DidEstimate effect = moments.fitTreatment(0, spec.variance(), names);
    DidResult.DataSummary data =
        new DidResult.DataSummary(
            usable.rowsRead(),
            moments.rows(),
            usable.rowsDroppedMissing(),
            (int) moments.units(),
            periods.size(),
            clusters.size(),
            (int) moments.treatedUnits(),
            DidResult.Computation.CLUSTER_MOMENTS);
    return Optional.of(
        new DidResult(
            spec,
            format,
            data,
            Optional.of(effect),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }

  /**
   * Above this size of all clusters' moment matrices together the rows are collected instead (e.g.
   * clustering by a patient-level unit with thousands of periods): the matrices would then outweigh
   * the rows.
   */
  static final long MOMENT_BYTES_LIMIT = 256L << 20;

  static long momentBytes(long clusters, long dimension) {
    return clusters * (dimension * (dimension + 1) / 2 + 2 * dimension + 4) * Double.BYTES;
  }

  /** Streams one partition's sorted rows into moments, one unit (within its cluster) at a time. */
  private static final class Reducer implements MapPartitionsFunction<Row, TwoWayPanelMoments> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Integer> periods;
    private final Map<String, Integer> clusters;
    private final int covariates;
    private final boolean treatmentColumn;
    private final boolean weighted;

    Reducer(
        Map<String, Integer> periods,
        Map<String, Integer> clusters,
        int covariates,
        boolean treatmentColumn,
        boolean weighted) {
      this.periods = new HashMap<>(periods);
      this.clusters = new HashMap<>(clusters);
      this.covariates = covariates;
      this.treatmentColumn = treatmentColumn;
      this.weighted = weighted;
    }

    @Override
    public Iterator<TwoWayPanelMoments> call(Iterator<Row> input) {
      TwoWayPanelMoments m = TwoWayPanelMoments.create(periods.size(), 1 + covariates, 1);
      String openUnit = null;
      String openCluster = null;
      double[] x = new double[1 + covariates];
      double[] y = new double[1];
      int[] cov = null;
      int yAt = -1;
      int unitAt = -1;
      int timeAt = -1;
      int timeValueAt = -1;
      int dAt = -1;
      int clusterAt = -1;
      int wAt = -1;
      while (input.hasNext()) {
        Row row = input.next();
        if (cov == null) {
          yAt = row.fieldIndex(PanelFile.Y);
          unitAt = row.fieldIndex(PanelFile.UNIT);
          timeAt = row.fieldIndex(PanelFile.TIME);
          timeValueAt = row.fieldIndex(PanelFile.TIME_VALUE);
          dAt = row.fieldIndex(treatmentColumn ? PanelFile.TREATMENT : PanelFile.COHORT);
          clusterAt = row.fieldIndex(PanelFile.CLUSTER);
          wAt = weighted ? row.fieldIndex(PanelFile.WEIGHT) : -1;
          cov = new int[covariates];
          for (int j = 0; j < covariates; j++) {
            cov[j] = row.fieldIndex(PanelFile.COVARIATE + j);
          }
        }
        String unit = row.getString(unitAt);
        String cluster = row.getString(clusterAt);
        if (!unit.equals(openUnit) || !cluster.equals(openCluster)) {
          if (openUnit != null) {
            m.finishUnit();
          }
          m.startUnit(clusters.get(cluster));
          openUnit = unit;
          openCluster = cluster;
        }
        if (treatmentColumn) {
          x[0] = row.getDouble(dAt);
        } else {
          // an empty or 0 cohort means never treated; treated from the cohort's period on
          double cohort = row.isNullAt(dAt) ? 0.0 : row.getDouble(dAt);
          double time = row.isNullAt(timeValueAt) ? Double.NaN : row.getDouble(timeValueAt);
          x[0] = cohort != 0.0 && time >= cohort ? 1.0 : 0.0;
        }
        for (int j = 0; j < covariates; j++) {
          x[1 + j] = row.getDouble(cov[j]);
        }
        y[0] = row.getDouble(yAt);
        m.add(periods.get(row.getString(timeAt)), x, y, weighted ? row.getDouble(wAt) : 1.0);
      }
      if (openUnit != null) {
        m.finishUnit();
      }
      return List.of(m).iterator();
    }
  }
}
