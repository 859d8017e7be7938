package org.pioneereval.jobs.did;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.EventStudy;
import org.pioneereval.estimators.RandomizationInference;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.estimators.WildClusterBootstrap;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * Everything one {@code pioneer-eval did} run estimates, validated as a whole before any data is
 * read; the JSON result repeats it so that an estimate always travels with its specification.
 *
 * <p>Who is treated when is given in one of two ways: {@link #treatment()} names a 0/1
 * treated-and-post column, or {@link #cohort()} names the first treated period of each row's unit,
 * in the units of the time column, with an <b>empty value or 0 for never-treated units</b> (the
 * convention of R {@code did}'s {@code gname}); a row is then treated when {@code time >= cohort}.
 * The event time of a row is {@code time - cohort}, or {@code time - (first period with treatment 1
 * in its unit)} with {@link #treatment()}, so both need a numeric time column in whole periods.
 *
 * @param cluster the cluster column, or empty to cluster by {@link #unit()}
 * @param windowFirst first event time of the event study (binned or trimmed below)
 * @param bootstrapDraws wild cluster bootstrap draws (restricted, Webb weights), 0 for none
 * @param randomizationPermutations randomisation-inference permutations, 0 for none
 */
public record DidSpecification(
    Path input,
    DidMethod method,
    String outcome,
    String unit,
    String time,
    Optional<String> treatment,
    Optional<String> cohort,
    Optional<String> cluster,
    Optional<String> weights,
    List<String> covariates,
    VarianceType variance,
    int referencePeriod,
    int windowFirst,
    int windowLast,
    boolean binEndpoints,
    int bootstrapDraws,
    long seed,
    int randomizationPermutations) {

  public static final VarianceType VARIANCE_DEFAULT = VarianceType.CR1_STATA;
  public static final int REFERENCE_PERIOD_DEFAULT = -1;
  public static final int WINDOW_FIRST_DEFAULT = -4;
  public static final int WINDOW_LAST_DEFAULT = 4;
  public static final long SEED_DEFAULT = 42L;

  public DidSpecification {
    covariates = List.copyOf(covariates);
  }

  public static Builder builder(Path input) {
    return new Builder(input);
  }

  /** The column whose values define the clusters: {@link #cluster()} or else the unit. */
  public String clusterColumn() {
    return cluster.orElse(unit);
  }

  /** Option name and column of every column the model reads, in a fixed order. */
  List<String[]> columnsByOption() {
    List<String[]> columns = new ArrayList<>();
    columns.add(new String[] {"--outcome", outcome});
    columns.add(new String[] {"--unit", unit});
    columns.add(new String[] {"--time", time});
    treatment.ifPresent(c -> columns.add(new String[] {"--treatment", c}));
    cohort.ifPresent(c -> columns.add(new String[] {"--cohort", c}));
    cluster.ifPresent(c -> columns.add(new String[] {"--cluster", c}));
    weights.ifPresent(c -> columns.add(new String[] {"--weights", c}));
    covariates.forEach(c -> columns.add(new String[] {"--covariates", c}));
    return columns;
  }

  /** True when the time column must be numeric: event times or cohorts are computed from it. */
  boolean needsNumericTime() {
    return method == DidMethod.EVENT_STUDY || cohort.isPresent();
  }

  /**
   * Collects the options and checks them together; {@link #build()} fails with a message naming the
   * option to change. Options that belong to another estimator (a window for twfe, a bootstrap for
   * event-study) are errors rather than silently ignored.
   */
  public static final class Builder {
    private final Path input;
    private DidMethod method = DidMethod.TWFE;
    private String outcome;
    private String unit;
    private String time;
    private String treatment;
    private String cohort;
    private String cluster;
    private String weights;
    private List<String> covariates = List.of();
    private VarianceType variance = VARIANCE_DEFAULT;
    private Integer referencePeriod;
    private int[] window;
    private boolean binEndpoints = true;
    private int bootstrapDraws;
    private long seed = SEED_DEFAULT;
    private int permutations;

    private Builder(Path input) {
      this.input = input;
    }

    public Builder method(DidMethod value) {
      this.method = value;
      return this;
    }

    public Builder outcome(String column) {
      this.outcome = column;
      return this;
    }

    public Builder unit(String column) {
      this.unit = column;
      return this;
    }

    public Builder time(String column) {
      this.time = column;
      return this;
    }

    /** The 0/1 treated-and-post column; exclusive with {@link #cohort(String)}. */
    public Builder treatment(String column) {
      this.treatment = column;
      return this;
    }

    /** The first-treated-period column (empty or 0 = never treated). */
    public Builder cohort(String column) {
      this.cohort = column;
      return this;
    }

    public Builder cluster(String column) {
      this.cluster = column;
      return this;
    }

    public Builder weights(String column) {
      this.weights = column;
      return this;
    }

    public Builder covariates(List<String> columns) {
      this.covariates = List.copyOf(columns);
      return this;
    }

    public Builder variance(VarianceType type) {
      this.variance = type;
      return this;
    }

    public Builder referencePeriod(int eventTime) {
      this.referencePeriod = eventTime;
      return this;
    }

    public Builder window(int firstEventTime, int lastEventTime) {
      this.window = new int[] {firstEventTime, lastEventTime};
      return this;
    }

    /** Drop rows whose event time is outside the window instead of pooling them at the ends. */
    public Builder trimEndpoints() {
      this.binEndpoints = false;
      return this;
    }

    public Builder bootstrapDraws(int draws) {
      this.bootstrapDraws = draws;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    public Builder randomizationPermutations(int count) {
      this.permutations = count;
      return this;
    }

    public DidSpecification build() {
      if ((treatment == null) == (cohort == null)) {
        throw PipelineErrors.didTreatmentOrCohort();
      }
      boolean eventStudy = method == DidMethod.EVENT_STUDY;
      if (!eventStudy && window != null) {
        throw PipelineErrors.didOptionNotForEstimator("--window", method.optionValue());
      }
      if (!eventStudy && referencePeriod != null) {
        throw PipelineErrors.didOptionNotForEstimator("--reference-period", method.optionValue());
      }
      if (!eventStudy && !binEndpoints) {
        throw PipelineErrors.didOptionNotForEstimator("--trim-endpoints", method.optionValue());
      }
      if (method != DidMethod.TWFE && bootstrapDraws > 0) {
        throw PipelineErrors.didOptionNotForEstimator("--bootstrap-draws", method.optionValue());
      }
      if (method != DidMethod.TWFE && permutations > 0) {
        throw PipelineErrors.didOptionNotForEstimator("--ri-permutations", method.optionValue());
      }
      if (method == DidMethod.TWO_BY_TWO && !covariates.isEmpty()) {
        throw PipelineErrors.didOptionNotForEstimator("--covariates", method.optionValue());
      }
      int reference = referencePeriod == null ? REFERENCE_PERIOD_DEFAULT : referencePeriod;
      int first = window == null ? WINDOW_FIRST_DEFAULT : window[0];
      int last = window == null ? WINDOW_LAST_DEFAULT : window[1];
      try {
        // the estimators' own checks (window, reference period, draws), before any data is read
        if (eventStudy) {
          EventStudy.builder().window(first, last).referencePeriod(reference).build();
        }
        if (bootstrapDraws > 0) {
          WildClusterBootstrap.builder().draws(bootstrapDraws).build();
        }
        if (permutations > 0) {
          RandomizationInference.builder().permutations(permutations).build();
        }
      } catch (EstimationException e) {
        throw PipelineErrors.didEstimationFailed(e);
      }
      return new DidSpecification(
          input,
          method,
          Objects.requireNonNull(outcome, "outcome"),
          Objects.requireNonNull(unit, "unit"),
          Objects.requireNonNull(time, "time"),
          Optional.ofNullable(treatment),
          Optional.ofNullable(cohort),
          Optional.ofNullable(cluster),
          Optional.ofNullable(weights),
          covariates,
          variance,
          reference,
          first,
          last,
          binEndpoints,
          bootstrapDraws,
          seed,
          permutations);
    }
  }
}
