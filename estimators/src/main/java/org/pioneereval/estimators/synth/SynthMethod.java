package org.pioneereval.estimators.synth;

/**
 * The estimators of the synthetic difference-in-differences family, as configured in the R package
 * {@code synthdid} and in Table 1 of Arkhangelsky, Athey, Hirshberg, Imbens and Wager (2021,
 * "Synthetic Difference-in-Differences", AER 111(12)). Every one of them is the weighted double
 * difference
 *
 * <pre>
 *   tau = (Ybar_tr,post - sum_t lambda_t Ybar_tr,t) - sum_i omega_i (Ybar_i,post - sum_t lambda_t Y_it)
 * </pre>
 *
 * over control units {@code i} and pre-periods {@code t}; they differ in how the unit weights
 * {@code omega} and the time weights {@code lambda} are chosen. "Fitted" unit weights solve the
 * ridge-penalised synthetic-control problem on the simplex, with or without an intercept (a
 * constant level gap between the treated units and their synthetic control), with ridge {@code
 * zeta_omega = eta_omega * sigma} where {@code eta_omega = (N1 T1)^(1/4)} ("regularised") or {@code
 * 1e-6} (practically unregularised). Fitted time weights solve the analogous problem over
 * pre-periods with an intercept and {@code zeta_lambda = 1e-6 sigma}.
 */
public enum SynthMethod {
  /** Difference-in-differences: uniform unit weights {@code 1/N0} and time weights {@code 1/T0}. */
  DID(UnitWeighting.UNIFORM, TimeWeighting.UNIFORM, Intercept.WITH, Ridge.NONE),
  /**
   * Synthetic control (Abadie, Diamond and Hainmueller 2010) as in {@code synthdid::sc_estimate}:
   * fitted unit weights without intercept, {@code eta_omega = 1e-6}, no time weights (post-period
   * gap only).
   */
  SC(UnitWeighting.FITTED, TimeWeighting.NONE, Intercept.WITHOUT, Ridge.MINIMAL),
  /**
   * Synthetic difference-in-differences ({@code synthdid::synthdid_estimate}): fitted unit weights
   * with intercept and {@code eta_omega = (N1 T1)^(1/4)}, fitted time weights with intercept.
   */
  SDID(UnitWeighting.FITTED, TimeWeighting.FITTED, Intercept.WITH, Ridge.REGULARISED),
  /**
   * De-meaned synthetic control (Doudchenko and Imbens 2016; Ferman and Pinto 2021), Table 1's
   * DIFP: fitted unit weights with intercept, {@code eta_omega = 1e-6}, uniform time weights.
   */
  DIFP(UnitWeighting.FITTED, TimeWeighting.UNIFORM, Intercept.WITH, Ridge.MINIMAL),
  /** Table 1's SC_REG: {@link #SC} with the SDID ridge {@code eta_omega = (N1 T1)^(1/4)}. */
  SC_REG(UnitWeighting.FITTED, TimeWeighting.NONE, Intercept.WITHOUT, Ridge.REGULARISED),
  /** Table 1's DIFP_REG: {@link #DIFP} with the SDID ridge {@code eta_omega = (N1 T1)^(1/4)}. */
  DIFP_REG(UnitWeighting.FITTED, TimeWeighting.UNIFORM, Intercept.WITH, Ridge.REGULARISED);

  enum UnitWeighting {
    UNIFORM,
    FITTED
  }

  enum TimeWeighting {
    /** lambda = 0: only the post-period gap is compared (synthetic control). */
    NONE,
    UNIFORM,
    FITTED
  }

  enum Intercept {
    WITH,
    WITHOUT
  }

  enum Ridge {
    /** Unit weights are not fitted. */
    NONE,
    /** eta_omega = 1e-6. */
    MINIMAL,
    /** eta_omega = (N1 T1)^(1/4). */
    REGULARISED
  }

  /** synthdid's {@code eta.lambda} and the "unregularised" {@code eta.omega}. */
  static final double MINIMAL_ETA = 1e-6;

  private final UnitWeighting unitWeighting;
  private final TimeWeighting timeWeighting;
  private final Intercept unitIntercept;
  private final Ridge ridge;

  SynthMethod(
      UnitWeighting unitWeighting,
      TimeWeighting timeWeighting,
      Intercept unitIntercept,
      Ridge ridge) {
    this.unitWeighting = unitWeighting;
    this.timeWeighting = timeWeighting;
    this.unitIntercept = unitIntercept;
    this.ridge = ridge;
  }

  UnitWeighting unitWeighting() {
    return unitWeighting;
  }

  TimeWeighting timeWeighting() {
    return timeWeighting;
  }

  boolean hasUnitIntercept() {
    return unitIntercept == Intercept.WITH;
  }

  /** True when the method fits unit or time weights, i.e. needs the noise level sigma. */
  boolean fitsWeights() {
    return unitWeighting == UnitWeighting.FITTED || timeWeighting == TimeWeighting.FITTED;
  }

  /** The default {@code eta_omega} for N1 treated units and T1 post-periods (NaN if not fitted). */
  double defaultUnitEta(int treatedUnits, int postPeriods) {
    switch (ridge) {
      case MINIMAL:
        return MINIMAL_ETA;
      case REGULARISED:
        return Math.pow((double) treatedUnits * postPeriods, 0.25);
      default:
        return Double.NaN;
    }
  }
}
