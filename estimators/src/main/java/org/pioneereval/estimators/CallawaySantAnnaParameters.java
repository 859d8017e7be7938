package org.pioneereval.estimators;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything that determines a {@link CallawaySantAnna} estimate, in one immutable value that every
 * result carries ({@link GroupTimeEffects#parameters()}). Defaults follow R {@code did::att_gt}:
 * never-treated comparisons, varying base period, no anticipation, doubly robust estimation (which
 * without covariates is the difference of mean outcome changes), no covariates, and cells need at
 * least one treated and one comparison unit.
 */
public final class CallawaySantAnnaParameters {
  private final ComparisonGroup comparisonGroup;
  private final BasePeriod basePeriod;
  private final int anticipation;
  private final EstimationMethod method;
  private final List<String> covariates;
  private final int minimumCellSize;

  private CallawaySantAnnaParameters(Builder b) {
    this.comparisonGroup = b.comparisonGroup;
    this.basePeriod = b.basePeriod;
    this.anticipation = b.anticipation;
    this.method = b.method;
    this.covariates = List.copyOf(b.covariates);
    this.minimumCellSize = b.minimumCellSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The did defaults (see the class comment). */
  public static CallawaySantAnnaParameters defaults() {
    return builder().build();
  }

  /** Builder; every setter is optional. */
  public static final class Builder {
    private ComparisonGroup comparisonGroup = ComparisonGroup.NEVER_TREATED;
    private BasePeriod basePeriod = BasePeriod.VARYING;
    private int anticipation;
    private EstimationMethod method = EstimationMethod.DOUBLY_ROBUST;
    private final List<String> covariates = new ArrayList<>();
    private int minimumCellSize = 1;

    private Builder() {}

    public Builder comparisonGroup(ComparisonGroup group) {
      this.comparisonGroup = group;
      return this;
    }

    public Builder basePeriod(BasePeriod period) {
      this.basePeriod = period;
      return this;
    }

    /** Number of periods before adoption in which units may already react (did: anticipation). */
    public Builder anticipation(int periods) {
      this.anticipation = periods;
      return this;
    }

    public Builder method(EstimationMethod estimationMethod) {
      this.method = estimationMethod;
      return this;
    }

    /**
     * Conditions parallel trends on a covariate of the panel (did: {@code xformla}); repeatable.
     */
    public Builder covariate(String name) {
      if (covariates.contains(name)) {
        throw EstimationErrors.duplicateCovariate(name);
      }
      covariates.add(name);
      return this;
    }

    /**
     * Smallest number of treated units and of comparison units a group-time cell needs; smaller
     * cells are dropped and reported ({@link Exclusion.Reason#CELL_BELOW_MINIMUM_SIZE}). Set it to
     * the disclosure threshold when results will be published.
     */
    public Builder minimumCellSize(int units) {
      this.minimumCellSize = units;
      return this;
    }

    public CallawaySantAnnaParameters build() {
      if (anticipation < 0) {
        throw EstimationErrors.invalidAnticipation(anticipation);
      }
      if (minimumCellSize < 1) {
        throw EstimationErrors.invalidMinimumCellSize(minimumCellSize);
      }
      if (comparisonGroup == null) {
        throw EstimationErrors.missingInput("a comparison group", "comparisonGroup(...)");
      }
      if (basePeriod == null) {
        throw EstimationErrors.missingInput("a base period", "basePeriod(...)");
      }
      if (method == null) {
        throw EstimationErrors.missingInput("an estimation method", "method(...)");
      }
      return new CallawaySantAnnaParameters(this);
    }
  }

  public ComparisonGroup comparisonGroup() {
    return comparisonGroup;
  }

  public BasePeriod basePeriod() {
    return basePeriod;
  }

  public int anticipation() {
    return anticipation;
  }

  public EstimationMethod method() {
    return method;
  }

  public List<String> covariates() {
    return covariates;
  }

  public int minimumCellSize() {
    return minimumCellSize;
  }

  @Override
  public String toString() {
    return "CallawaySantAnnaParameters{comparisonGroup="
        + comparisonGroup
        + ", basePeriod="
        + basePeriod
        + ", anticipation="
        + anticipation
        + ", method="
        + method
        + ", covariates="
        + covariates
        + ", minimumCellSize="
        + minimumCellSize
        + "}";
  }
}
