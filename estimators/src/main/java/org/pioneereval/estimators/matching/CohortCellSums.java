package org.pioneereval.estimators.matching;

import java.io.Serializable;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Mergeable sufficient statistics of the patients of one (cluster, group) cell of a matched cohort,
 * for {@link MatchedCohortDid}. Each patient i contributes its matching weight {@code w_i >= 0} and
 * its outcome in the 12 months before ({@code y_pre}) and after ({@code y_post}) the index date;
 * {@code d_i = y_post - y_pre} is its change. Over the patients with {@code w_i > 0} the state
 * holds
 *
 * <ul>
 *   <li>{@link #patients()}: their number; {@link #patientsWithOutcome()}: those with {@code y_pre
 *       + y_post > 0}; {@link #zeroWeightPatients()}: patients added with {@code w = 0} (unmatched,
 *       not used by any estimator, counted for the report);
 *   <li>{@link #sumOfWeights()} {@code sum w}, {@link #sumOfSquaredWeights()} {@code sum w^2};
 *   <li>{@link #weightedPre()} {@code sum w y_pre}, {@link #weightedPost()} {@code sum w y_post};
 *   <li>{@link #weightedChange()} {@code sum w d} (summed directly, not as a difference of the two
 *       above), {@link #weightedSquaredChange()} {@code sum w d^2};
 *   <li>{@link #squaredWeightChange()} {@code sum w^2 d}, {@link #squaredWeightSquaredChange()}
 *       {@code sum w^2 d^2} (for the HC1 variance, which needs {@code sum w^2 e^2}).
 * </ul>
 *
 * <p>This is all the clustered and HC1 variances of the difference and the clustered variance of
 * the Poisson rate ratio need; the memory of an estimate is therefore one state per cell, whatever
 * the number of patients. States form a commutative monoid under {@link #merge}: the state of the
 * union of two patient sets is the merge of their states (up to floating-point rounding), so a
 * Spark job may compute states per partition and reduce them (e.g. as the buffer of a typed {@code
 * Aggregator}; the class is {@link Serializable}), or compute the ten sums with SQL and rebuild the
 * state with {@link #fromTotals()}. {@link #add} accumulates into this instance; {@link #merge}
 * returns a new one.
 */
public final class CohortCellSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private long patients;
  private long patientsWithOutcome;
  private long zeroWeightPatients;
  private double sumOfWeights;
  private double sumOfSquaredWeights;
  private double weightedPre;
  private double weightedPost;
  private double weightedChange;
  private double weightedSquaredChange;
  private double squaredWeightChange;
  private double squaredWeightSquaredChange;

  private CohortCellSums() {}

  /** The state of no patients. */
  public static CohortCellSums empty() {
    return new CohortCellSums();
  }

  /**
   * Adds one patient: matching weight {@code weight >= 0} (0 = unmatched: counted in {@link
   * #zeroWeightPatients()} only) and the non-negative outcome before and after the index date
   * (counts, or an amount such as inpatient cost). Returns this state.
   */
  public CohortCellSums add(double weight, double yPre, double yPost) {
    if (!(weight >= 0.0) || Double.isInfinite(weight)) {
      throw EstimationErrors.cohortInvalidWeight(weight);
    }
    if (!(yPre >= 0.0) || Double.isInfinite(yPre)) {
      throw EstimationErrors.cohortInvalidOutcome("before", yPre);
    }
    if (!(yPost >= 0.0) || Double.isInfinite(yPost)) {
      throw EstimationErrors.cohortInvalidOutcome("after", yPost);
    }
    if (weight == 0.0) {
      zeroWeightPatients++;
      return this;
    }
    double d = yPost - yPre;
    double wd = weight * d;
    double w2 = weight * weight;
    patients++;
    if (yPre + yPost > 0.0) {
      patientsWithOutcome++;
    }
    sumOfWeights += weight;
    sumOfSquaredWeights += w2;
    weightedPre += weight * yPre;
    weightedPost += weight * yPost;
    weightedChange += wd;
    weightedSquaredChange += wd * d;
    squaredWeightChange += w2 * d;
    squaredWeightSquaredChange += wd * wd;
    return this;
  }

  /** The state of the union of the patients of this and {@code other}; neither operand changes. */
  public CohortCellSums merge(CohortCellSums other) {
    CohortCellSums out = new CohortCellSums();
    out.patients = patients + other.patients;
    out.patientsWithOutcome = patientsWithOutcome + other.patientsWithOutcome;
    out.zeroWeightPatients = zeroWeightPatients + other.zeroWeightPatients;
    out.sumOfWeights = sumOfWeights + other.sumOfWeights;
    out.sumOfSquaredWeights = sumOfSquaredWeights + other.sumOfSquaredWeights;
    out.weightedPre = weightedPre + other.weightedPre;
    out.weightedPost = weightedPost + other.weightedPost;
    out.weightedChange = weightedChange + other.weightedChange;
    out.weightedSquaredChange = weightedSquaredChange + other.weightedSquaredChange;
    out.squaredWeightChange = squaredWeightChange + other.squaredWeightChange;
    out.squaredWeightSquaredChange = squaredWeightSquaredChange + other.squaredWeightSquaredChange;
    return out;
  }

  /**
   * A builder for a state from totals computed elsewhere (e.g. Spark SQL {@code sum(...)} over the
   * patients with {@code w > 0} of a cell, each total named after the accessor it fills). All ten
   * values must be set; {@link Totals#zeroWeightPatients} is optional (default 0).
   */
  public static Totals fromTotals() {
    return new Totals();
  }

  /** Patients with weight > 0. */
  public long patients() {
    return patients;
  }

  /** Patients with weight > 0 and {@code y_pre + y_post > 0}. */
  public long patientsWithOutcome() {
    return patientsWithOutcome;
  }

  /** Patients added with weight 0 (unmatched); they enter no sum. */
  public long zeroWeightPatients() {
    return zeroWeightPatients;
  }

  /** {@code sum w}. */
  public double sumOfWeights() {
    return sumOfWeights;
  }

  /** {@code sum w^2}. */
  public double sumOfSquaredWeights() {
    return sumOfSquaredWeights;
  }

  /** {@code sum w y_pre}. */
  public double weightedPre() {
    return weightedPre;
  }

  /** {@code sum w y_post}. */
  public double weightedPost() {
    return weightedPost;
  }

  /** {@code sum w (y_post - y_pre)}. */
  public double weightedChange() {
    return weightedChange;
  }

  /** {@code sum w (y_post - y_pre)^2}. */
  public double weightedSquaredChange() {
    return weightedSquaredChange;
  }

  /** {@code sum w^2 (y_post - y_pre)}. */
  public double squaredWeightChange() {
    return squaredWeightChange;
  }

  /** {@code sum w^2 (y_post - y_pre)^2}. */
  public double squaredWeightSquaredChange() {
    return squaredWeightSquaredChange;
  }

  /**
   * True when both hold the same counts and every sum agrees to {@code relativeTolerance} (relative
   * to the larger magnitude, absolute below 1): floating-point addition is not associative, so
   * states merged in different orders are compared with a tolerance.
   */
  public boolean isCloseTo(CohortCellSums other, double relativeTolerance) {
    return patients == other.patients
        && patientsWithOutcome == other.patientsWithOutcome
        && zeroWeightPatients == other.zeroWeightPatients
        && close(sumOfWeights, other.sumOfWeights, relativeTolerance)
        && close(sumOfSquaredWeights, other.sumOfSquaredWeights, relativeTolerance)
        && close(weightedPre, other.weightedPre, relativeTolerance)
        && close(weightedPost, other.weightedPost, relativeTolerance)
        && close(weightedChange, other.weightedChange, relativeTolerance)
        && close(weightedSquaredChange, other.weightedSquaredChange, relativeTolerance)
        && close(squaredWeightChange, other.squaredWeightChange, relativeTolerance)
        && close(squaredWeightSquaredChange, other.squaredWeightSquaredChange, relativeTolerance);
  }

  private static boolean close(double a, double b, double tol) {
    return Math.abs(a - b) <= tol * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  @Override
  public String toString() {
    return "CohortCellSums[patients="
        + patients
        + ", patientsWithOutcome="
        + patientsWithOutcome
        + ", zeroWeightPatients="
        + zeroWeightPatients
        + ", sumOfWeights="
        + sumOfWeights
        + ", weightedPre="
        + weightedPre
        + ", weightedPost="
        + weightedPost
        + ", weightedChange="
        + weightedChange
        + "]";
  }

  /**
   * Builder of a {@link CohortCellSums} from totals over the patients with {@code w > 0} of one
   * cell; each setter's javadoc gives the per-patient term that is summed.
   */
  public static final class Totals {
    private static final int SUMS = 10;
    private final CohortCellSums state = new CohortCellSums();
    private int set;

    private Totals() {}

    /** {@code count(*)} of patients with {@code w > 0}. */
    public Totals patients(long value) {
      state.patients = value;
      set |= 1;
      return this;
    }

    /** {@code count(*)} of patients with {@code w > 0} and {@code y_pre + y_post > 0}. */
    public Totals patientsWithOutcome(long value) {
      state.patientsWithOutcome = value;
      set |= 1 << 1;
      return this;
    }

    /** {@code count(*)} of patients with {@code w = 0} (optional). */
    public Totals zeroWeightPatients(long value) {
      state.zeroWeightPatients = value;
      return this;
    }

    /** {@code sum(w)}. */
    public Totals sumOfWeights(double value) {
      state.sumOfWeights = value;
      set |= 1 << 2;
      return this;
    }

    /** {@code sum(w * w)}. */
    public Totals sumOfSquaredWeights(double value) {
      state.sumOfSquaredWeights = value;
      set |= 1 << 3;
      return this;
    }

    /** {@code sum(w * y_pre)}. */
    public Totals weightedPre(double value) {
      state.weightedPre = value;
      set |= 1 << 4;
      return this;
    }

    /** {@code sum(w * y_post)}. */
    public Totals weightedPost(double value) {
      state.weightedPost = value;
      set |= 1 << 5;
      return this;
    }

    /** {@code sum(w * (y_post - y_pre))}. */
    public Totals weightedChange(double value) {
      state.weightedChange = value;
      set |= 1 << 6;
      return this;
    }

    /** {@code sum(w * (y_post - y_pre) * (y_post - y_pre))}. */
    public Totals weightedSquaredChange(double value) {
      state.weightedSquaredChange = value;
      set |= 1 << 7;
      return this;
    }

    /** {@code sum(w * w * (y_post - y_pre))}. */
    public Totals squaredWeightChange(double value) {
      state.squaredWeightChange = value;
      set |= 1 << 8;
      return this;
    }

    /** {@code sum(w * w * (y_post - y_pre) * (y_post - y_pre))}. */
    public Totals squaredWeightSquaredChange(double value) {
      state.squaredWeightSquaredChange = value;
      set |= 1 << 9;
      return this;
    }

    /** The state; every total except {@link #zeroWeightPatients} must have been set. */
    public CohortCellSums build() {
      if (set != (1 << SUMS) - 1) {
        throw EstimationErrors.cohortTotalsIncomplete(Integer.bitCount(set), SUMS);
      }
      CohortCellSums s = state;
      if (s.patients < 0
          || s.patientsWithOutcome < 0
          || s.patientsWithOutcome > s.patients
          || s.zeroWeightPatients < 0
          || !(s.sumOfWeights >= 0.0)
          || !(s.weightedPre >= 0.0)
          || !(s.weightedPost >= 0.0)
          || (s.patients == 0 && s.sumOfWeights != 0.0)) {
        throw EstimationErrors.cohortTotalsInconsistent(s.toString());
      }
      return state.merge(empty());
    }
  }
}
