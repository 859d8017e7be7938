package org.pioneereval.jobs.did;

import java.util.Optional;
import org.pioneereval.estimators.AggregatedEffects;
import org.pioneereval.estimators.BootstrapResult;
import org.pioneereval.estimators.ChiSquaredTest;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.GoodmanBaconDecomposition;
import org.pioneereval.estimators.GroupTimeEffects;
import org.pioneereval.estimators.RandomizationResult;
import org.pioneereval.estimators.SunAbrahamResult;
import org.pioneereval.estimators.UniformBands;
import org.pioneereval.estimators.WaldTest;

/**
 * What one {@code pioneer-eval did} run produced, with the specification and the data that produced
 * it. {@link #effect()} is present for twfe and 2x2, {@link #eventStudy()} for event-study, {@link
 * #callawaySantAnna()} for cs, {@link #sunAbraham()} for sun-abraham, {@link #goodmanBacon()} for
 * bacon; the bootstrap and randomisation results only when they were asked for.
 */
public record DidResult(
    DidSpecification specification,
    InputFormat format,
    DataSummary data,
    Optional<DidEstimate> effect,
    Optional<EventStudyResult> eventStudy,
    Optional<WaldTest> preTrendWald,
    Optional<BootstrapResult> wildBootstrap,
    Optional<RandomizationResult> randomization,
    Optional<CallawaySantAnnaOutput> callawaySantAnna,
    Optional<SunAbrahamResult> sunAbraham,
    Optional<GoodmanBaconDecomposition.Result> goodmanBacon) {

  /**
   * The data behind the estimate: rows read, used and left out because a needed value was empty;
   * distinct units, periods and clusters; units treated at some point.
   */
  public record DataSummary(
      long rowsRead,
      long rowsUsed,
      long rowsDroppedMissing,
      int units,
      int periods,
      int clusters,
      int treatedUnits,
      Computation computation) {}

  /** Where the model's sums were formed. */
  public enum Computation {
    /** The rows were brought to the driver and the estimator ran on them in memory. */
    ROWS_ON_DRIVER("rows collected to the driver"),
    /**
     * Spark reduced the rows to one moment matrix per cluster (twfe with IID or CR1 standard
     * errors): no row reaches the driver.
     */
    CLUSTER_MOMENTS("reduced in Spark to per-cluster moments");

    private final String label;

    Computation(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * A cs run: the group-time effects (which carry their parameters and exclusions), the requested
   * aggregation, did's Wald pre-test (empty when not computable: no pre-treatment cell or a
   * singular covariance), and with {@code --bootstrap-draws} the multiplier-bootstrap bands of the
   * group-time effects and of the aggregation's components (clustered by the cluster column).
   */
  public record CallawaySantAnnaOutput(
      GroupTimeEffects groupTime,
      AggregatedEffects aggregation,
      Optional<ChiSquaredTest> preTest,
      Optional<UniformBands> groupTimeBands,
      Optional<UniformBands> aggregationBands) {}
}
