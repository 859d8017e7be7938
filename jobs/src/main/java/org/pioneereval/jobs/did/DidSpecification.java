package org.pioneereval.jobs.did;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.pioneereval.estimators.Aggregation;
import org.pioneereval.estimators.BasePeriod;
import org.pioneereval.estimators.CallawaySantAnnaParameters;
import org.pioneereval.estimators.ComparisonGroup;
import org.pioneereval.estimators.EstimationException;
import org.pioneereval.estimators.EstimationMethod;
import org.pioneereval.estimators.EventStudy;
import org.pioneereval.estimators.MultiplierBootstrap;
import org.pioneereval.estimators.RandomizationInference;
import org.pioneereval.estimators.SamplingDesign;
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
 * <p>Callaway and Sant'Anna ({@code cs}) also takes how the data were sampled ({@link #sampling()}:
 * a balanced panel, an unbalanced panel whose rows are linked by the unit, or repeated
 * cross-sections in which every row is its own observation and the unit column names its group,
 * e.g. the site), the comparison group, base period, anticipation, estimation method and the
 * aggregation printed; their defaults are R {@code did}'s.
 *
 * @param cluster the cluster column, or empty to cluster by {@link #unit()}
 * @param windowFirst first event time of the event study (binned or trimmed below)
 * @param bootstrapDraws twfe: wild cluster bootstrap draws (restricted, Webb weights); cs:
 *     multiplier bootstrap draws (uniform bands, clustered by {@link #clusterColumn()}); 0 for none
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
    int randomizationPermutations,
    SamplingDesign sampling,
    ComparisonGroup controlGroup,
    BasePeriod basePeriod,
    int anticipation,
    EstimationMethod estimationMethod,
    Aggregation aggregation) {

  public static final VarianceType VARIANCE_DEFAULT = VarianceType.CR1_STATA;
  public static final SamplingDesign SAMPLING_DEFAULT = SamplingDesign.BALANCED_PANEL;
  public static final Aggregation AGGREGATION_DEFAULT = Aggregation.SIMPLE;

  /** {@code --sampling} values. */
  public static final Map<String, SamplingDesign> SAMPLING_VALUES =
      values(
          "panel",
          SamplingDesign.BALANCED_PANEL,
          "unbalanced-panel",
          SamplingDesign.UNBALANCED_PANEL,
          "repeated-cross-sections",
          SamplingDesign.REPEATED_CROSS_SECTIONS);

  /** {@code --control-group} values (did {@code control_group}). */
  public static final Map<String, ComparisonGroup> CONTROL_GROUP_VALUES =
      values("never", ComparisonGroup.NEVER_TREATED, "not-yet", ComparisonGroup.NOT_YET_TREATED);

  /** {@code --base-period} values (did {@code base_period}). */
  public static final Map<String, BasePeriod> BASE_PERIOD_VALUES =
      values("varying", BasePeriod.VARYING, "universal", BasePeriod.UNIVERSAL);

  /** {@code --est-method} values (did {@code est_method}). */
  public static final Map<String, EstimationMethod> EST_METHOD_VALUES =
      values(
          "dr",
          EstimationMethod.DOUBLY_ROBUST,
          "ipw",
          EstimationMethod.INVERSE_PROBABILITY_WEIGHTING,
          "reg",
          EstimationMethod.REGRESSION);

  /** {@code --aggregation} values (did {@code aggte(type)}). */
  public static final Map<String, Aggregation> AGGREGATION_VALUES =
      values(
          "simple",
          Aggregation.SIMPLE,
          "group",
          Aggregation.GROUP,
          "dynamic",
          Aggregation.DYNAMIC,
          "calendar",
          Aggregation.CALENDAR);

  @SuppressWarnings("unchecked")
  private static <E> Map<String, E> values(Object... pairs) {
    Map<String, E> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (E) pairs[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The option value of an enum constant, e.g. {@code "not-yet"}. */
  public static <E> String optionValue(Map<String, E> values, E value) {
    for (Map.Entry<String, E> e : values.entrySet()) {
      if (e.getValue() == value) {
        return e.getKey();
      }
    }
    throw new IllegalStateException("no option value for " + value);
  }

  /** Parses an option value (ignoring case) or fails naming the accepted ones. */
  public static <E> E parse(String option, String value, Map<String, E> values) {
    E e = values.get(value.toLowerCase(Locale.ROOT));
    if (e == null) {
      throw PipelineErrors.didInvalidOptionValue(option, value, values.keySet());
    }
    return e;
  }

  /** The Callaway and Sant'Anna parameters of a {@code cs} run. */
  public CallawaySantAnnaParameters callawaySantAnnaParameters() {
    CallawaySantAnnaParameters.Builder b =
        CallawaySantAnnaParameters.builder()
            .comparisonGroup(controlGroup)
            .basePeriod(basePeriod)
            .anticipation(anticipation)
            .method(estimationMethod);
    covariates.forEach(b::covariate);
    return b.build();
  }

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
    return method == DidMethod.EVENT_STUDY || method.isStaggered() || cohort.isPresent();
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
    private SamplingDesign sampling;
    private ComparisonGroup controlGroup;
    private BasePeriod basePeriod;
    private Integer anticipation;
    private EstimationMethod estimationMethod;
    private Aggregation aggregation;

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

    /** cs: how the rows were sampled (default: a balanced panel). */
    public Builder sampling(SamplingDesign design) {
      this.sampling = design;
      return this;
    }

    /** cs: never-treated (default) or not-yet-treated comparisons. */
    public Builder controlGroup(ComparisonGroup group) {
      this.controlGroup = group;
      return this;
    }

    /** cs: varying (default) or universal base period. */
    public Builder basePeriod(BasePeriod period) {
      this.basePeriod = period;
      return this;
    }

    /** cs: periods of anticipation before adoption (default 0). */
    public Builder anticipation(int periods) {
      this.anticipation = periods;
      return this;
    }

    /** cs: how covariates enter (default doubly robust). */
    public Builder estimationMethod(EstimationMethod value) {
      this.estimationMethod = value;
      return this;
    }

    /** cs: the aggregation printed beside the group-time effects (default simple). */
    public Builder aggregation(Aggregation type) {
      this.aggregation = type;
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
      boolean cs = method == DidMethod.CALLAWAY_SANT_ANNA;
      Map<String, Object> csOnly = new LinkedHashMap<>();
      csOnly.put("--sampling", sampling);
      csOnly.put("--control-group", controlGroup);
      csOnly.put("--base-period", basePeriod);
      csOnly.put("--anticipation", anticipation);
      csOnly.put("--est-method", estimationMethod);
      csOnly.put("--aggregation", aggregation);
      for (Map.Entry<String, Object> option : csOnly.entrySet()) {
        if (!cs && option.getValue() != null) {
          throw PipelineErrors.didOptionNotForEstimator(option.getKey(), method.optionValue());
        }
      }
      if (method == DidMethod.GOODMAN_BACON && (!covariates.isEmpty() || weights != null)) {
        throw PipelineErrors.didOptionNotForEstimator(
            covariates.isEmpty() ? "--weights" : "--covariates", method.optionValue());
      }
      if (method != DidMethod.TWFE && !cs && bootstrapDraws > 0) {
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
        if (bootstrapDraws > 0 && cs) {
          MultiplierBootstrap.clustered(bootstrapDraws, seed, 0.95);
        } else if (bootstrapDraws > 0) {
          WildClusterBootstrap.builder().draws(bootstrapDraws).build();
        }
        if (cs) {
          CallawaySantAnnaParameters.builder()
              .anticipation(anticipation == null ? 0 : anticipation)
              .build();
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
          permutations,
          sampling == null ? SAMPLING_DEFAULT : sampling,
          controlGroup == null ? ComparisonGroup.NEVER_TREATED : controlGroup,
          basePeriod == null ? BasePeriod.VARYING : basePeriod,
          anticipation == null ? 0 : anticipation,
          estimationMethod == null ? EstimationMethod.DOUBLY_ROBUST : estimationMethod,
          aggregation == null ? AGGREGATION_DEFAULT : aggregation);
    }
  }
}
