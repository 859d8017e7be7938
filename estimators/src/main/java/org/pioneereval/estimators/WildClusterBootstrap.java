package org.pioneereval.estimators;

/**
 * Wild cluster bootstrap-t test and confidence interval for the two-way fixed-effects DiD
 * coefficient (Cameron, Gelbach and Miller 2008; MacKinnon and Webb 2017), computed from
 * cluster-level statistics by the "fast and wild" algorithm of Roodman, Nielsen, MacKinnon and Webb
 * (2019, Stata {@code boottest}): the cost grows with draws x clusters^2, not with rows.
 *
 * <p>Restricted (WCR, the default, recommended with few treated clusters): bootstrap outcomes
 * {@code y* = X b~ + v_g u~} from the model estimated under {@code H0: b = r}; unrestricted (WCU):
 * {@code y* = X b^ + v_g u^}, with t* centred on the estimate. Each draw's t* uses the CR1 (Stata)
 * variance; the p-value is the share of draws with {@code |t*| >= |t|}; the confidence interval
 * collects the null values r the test does not reject (test inversion; for WCU this is the
 * percentile-t interval). Multipliers v_g are {@link BootstrapWeights#RADEMACHER} or {@link
 * BootstrapWeights#WEBB}, drawn from a seeded generator, so results are reproducible. The unit
 * fixed effects must be nested in the clusters (then absorbing them commutes with the bootstrap).
 */
public final class WildClusterBootstrap {
  private final int draws;
  private final BootstrapWeights weights;
  private final boolean restricted;
  private final long seed;
  private final double level;

  private WildClusterBootstrap(Builder b) {
    this.draws = b.draws;
    this.weights = b.weights;
    this.restricted = b.restricted;
    this.seed = b.seed;
    this.level = b.level;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder. Defaults: 9999 draws, Webb weights, restricted, seed 42, 95% interval. */
  public static final class Builder {
    private int draws = 9999;
    private BootstrapWeights weights = BootstrapWeights.WEBB;
    private boolean restricted = true;
    private long seed = 42L;
    private double level = 0.95;

    private Builder() {}

    public Builder draws(int count) {
      this.draws = count;
      return this;
    }

    public Builder weights(BootstrapWeights distribution) {
      this.weights = distribution;
      return this;
    }

    /** Impose the null hypothesis on the bootstrap DGP (WCR). */
    public Builder restricted() {
      this.restricted = true;
      return this;
    }

    /** Bootstrap from the unrestricted fit (WCU). */
    public Builder unrestricted() {
      this.restricted = false;
      return this;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Coverage of the test-inversion confidence interval. */
    public Builder level(double coverage) {
      this.level = coverage;
      return this;
    }

    public WildClusterBootstrap build() {
      if (draws < 99) {
        throw EstimationErrors.invalidDraws(draws);
      }
      if (!(level > 0.0 && level < 1.0)) {
        throw EstimationErrors.invalidLevel(level);
      }
      return new WildClusterBootstrap(this);
    }
  }

  /** Tests {@code H0: no effect} on the TWFE DiD coefficient (unit + time effects absorbed). */
  public BootstrapResult test(PanelObservations obs) {
    return test(obs, 0.0);
  }

  /** Tests {@code H0: effect = nullValue}. */
  public BootstrapResult test(PanelObservations obs, double nullValue) {
    FastWildBootstrap fast = prepare(obs);
    double alpha = 1.0 - level;
    return new BootstrapResult(
        fast.estimate(),
        fast.standardError(),
        (fast.estimate() - nullValue) / fast.standardError(),
        nullValue,
        fast.pValue(nullValue),
        fast.invert(alpha, -1),
        fast.invert(alpha, +1),
        level,
        draws,
        obs.clusterCount(),
        weights,
        restricted);
  }

  /** Bootstrap t statistics of every draw for {@code H0: effect = nullValue}. */
  double[] bootstrapTStatistics(PanelObservations obs, double nullValue) {
    return prepare(obs).tStatistics(restricted ? nullValue : 0.0);
  }

  private FastWildBootstrap prepare(PanelObservations obs) {
    if (obs.cluster() == null) {
      throw EstimationErrors.missingCluster(VarianceType.CR1_STATA);
    }
    if (obs.clusterCount() < 2) {
      throw EstimationErrors.tooFewClusters(obs.clusterCount(), VarianceType.CR1_STATA);
    }
    int notNested = AbsorbedDesign.firstNotNested(obs.unit(), obs.unitCount(), obs.cluster());
    if (notNested >= 0) {
      throw EstimationErrors.unitNotNestedInCluster(notNested);
    }
    AbsorbedDesign design = TwoWayFixedEffectsDid.design(obs);
    double[][] v = weights.generate(seed, draws, obs.clusterCount());
    return FastWildBootstrap.prepare(design, 0, v, restricted);
  }
}
