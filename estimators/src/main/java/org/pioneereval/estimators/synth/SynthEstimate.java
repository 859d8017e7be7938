package org.pioneereval.estimators.synth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pioneereval.estimators.EstimationErrors;

/**
 * A point estimate of the synthetic difference-in-differences family ({@link SyntheticDid}).
 *
 * @param method the estimator
 * @param estimate {@code tau = (-omega, 1/N1)' Y (-lambda, 1/T1)}
 * @param unitWeights {@code omega}, one per control unit in the panel's control order; non-negative
 *     and summing to 1
 * @param periodWeights {@code lambda}, one per pre-period; uniform for DID and DIFP, all 0 for SC
 *     (which compares post-period levels only), fitted for SDID
 * @param unitIntercept {@code omega_0}: the constant gap over the pre-periods between the treated
 *     average and its synthetic control, {@code mean_t (Ybar_tr,t - sum_i omega_i Y_it)}; 0 for
 *     methods without intercept (SC, SC_REG)
 * @param timeIntercept {@code lambda_0}: the mean over control units of their post-period average
 *     minus their lambda-weighted pre-period outcome, {@code mean_i (Ybar_i,post - sum_t lambda_t
 *     Y_it)}; 0 for methods without time weights (SC, SC_REG)
 * @param parameters the parameters that produced the estimate
 * @param unitWeightTrace how the unit-weight solver ended ({@link FrankWolfeTrace#NOT_FITTED} for
 *     DID)
 * @param timeWeightTrace how the time-weight solver ended (fitted for SDID only)
 * @param treatedUnits the treated unit labels (N1 of them)
 * @param postPeriods T1
 */
public record SynthEstimate(
    SynthMethod method,
    double estimate,
    List<UnitWeight> unitWeights,
    List<PeriodWeight> periodWeights,
    double unitIntercept,
    double timeIntercept,
    SynthParameters parameters,
    FrankWolfeTrace unitWeightTrace,
    FrankWolfeTrace timeWeightTrace,
    List<String> treatedUnits,
    int postPeriods) {

  public SynthEstimate {
    unitWeights = List.copyOf(unitWeights);
    periodWeights = List.copyOf(periodWeights);
    treatedUnits = List.copyOf(treatedUnits);
  }

  /** The weight of a control unit. */
  public double unitWeight(String unit) {
    for (UnitWeight w : unitWeights) {
      if (w.unit().equals(unit)) {
        return w.weight();
      }
    }
    throw EstimationErrors.synthUnknownWeight("control unit", unit);
  }

  /** The weight of a pre-period. */
  public double periodWeight(int period) {
    for (PeriodWeight w : periodWeights) {
      if (w.period() == period) {
        return w.weight();
      }
    }
    throw EstimationErrors.synthUnknownWeight("pre-period", Integer.toString(period));
  }

  /** The non-zero unit weights, largest first (synthdid's {@code summary()$controls}). */
  public List<UnitWeight> nonZeroUnitWeights() {
    List<UnitWeight> out = new ArrayList<>();
    for (UnitWeight w : unitWeights) {
      if (w.weight() > 0.0) {
        out.add(w);
      }
    }
    out.sort(Comparator.comparingDouble(UnitWeight::weight).reversed());
    return out;
  }

  /** The non-zero period weights, largest first (synthdid's {@code summary()$periods}). */
  public List<PeriodWeight> nonZeroPeriodWeights() {
    List<PeriodWeight> out = new ArrayList<>();
    for (PeriodWeight w : periodWeights) {
      if (w.weight() > 0.0) {
        out.add(w);
      }
    }
    out.sort(Comparator.comparingDouble(PeriodWeight::weight).reversed());
    return out;
  }

  /** N0. */
  public int controlUnitCount() {
    return unitWeights.size();
  }

  /** T0. */
  public int prePeriodCount() {
    return periodWeights.size();
  }

  /** Effective number of controls {@code 1 / sum omega_i^2} (synthdid's {@code N0.effective}). */
  public double effectiveControlUnits() {
    double s = 0.0;
    for (UnitWeight w : unitWeights) {
      s += w.weight() * w.weight();
    }
    return 1.0 / s;
  }

  /**
   * Effective number of pre-periods {@code 1 / sum lambda_t^2} (synthdid's {@code T0.effective});
   * NaN for methods without time weights.
   */
  public double effectivePrePeriods() {
    double s = 0.0;
    for (PeriodWeight w : periodWeights) {
      s += w.weight() * w.weight();
    }
    return s > 0.0 ? 1.0 / s : Double.NaN;
  }
}
