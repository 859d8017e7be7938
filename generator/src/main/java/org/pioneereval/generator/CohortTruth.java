package org.pioneereval.generator;

/**
 * The true effect of the programme on the patients enrolled in it (the treated cohort of a
 * patient-level matched design), for one {@link CohortOutcome}.
 *
 * <p>Each enrolled patient i of pioneer site s has index month g_s = the site's go-live month (all
 * enrolment happens then), a pre window of the {@value #WINDOW_MONTHS} months g_s-12..g_s-1 and a
 * post window of the {@value #WINDOW_MONTHS} months g_s..g_s+11. Admissions are sampled per site (a
 * Poisson count with mean N_s x r_smt / 1,000 for method m in month t) and each spell is given to a
 * resident with probability w_im / sum_j w_jm (w = the admission weight of the patient's age band
 * and long-term condition for method m), so the patient's expected admissions are
 *
 * <pre>
 *   E[Y_imt]    = r_smt    / 1000 x w_im / mean_j w_jm   (r = expected rate per 1,000, as assigned)
 *   E[Y_imt(0)] = r0_smt   / 1000 x w_im / mean_j w_jm   (r0 = counterfactual rate)
 * </pre>
 *
 * with the mean over the site's residents. Enrolment does not change the admission process: the
 * programme shifts the rate of every resident of a pioneer site, in proportion to the patient's
 * weight, so the enrolled patients' effect is the site-wide effect weighted by their (higher)
 * admission weights. With Y_i = sum over the post window of the outcome (admissions of one method,
 * or for inpatient cost sum_m spells_m x SpellTariff_m):
 *
 * <ul>
 *   <li>{@code trueEffectPerPatientYear} = mean over enrolled i of sum_post (E[Y_it] - E[Y_it(0)]);
 *   <li>{@code trueRateRatio} = sum over enrolled of sum_post E[Y_it] / sum over enrolled of
 *       sum_post E[Y_it(0)];
 *   <li>{@code counterfactualPerPatientYear} = mean over enrolled of sum_post E[Y_it(0)].
 * </ul>
 *
 * Expected values come from the model, not the draws; the post window is summed from the model even
 * where it runs past the generated window. Who is enrolled is a draw (confounded on the patient's
 * realised prior emergency admissions, see generator/README.md), so the truth is that of the
 * patients actually enrolled in this generation. NaN when nobody is enrolled.
 *
 * @param enrolled enrolled patients over all pioneer sites
 * @param enrolledWave1 those of wave-1 sites
 * @param enrolledWave2 those of wave-2 sites
 */
public record CohortTruth(
    CohortOutcome outcome,
    double trueEffectPerPatientYear,
    double trueRateRatio,
    double counterfactualPerPatientYear,
    long enrolled,
    long enrolledWave1,
    long enrolledWave2) {

  /** Length of the pre and post windows around the index month, in months. */
  public static final int WINDOW_MONTHS = 12;

  /** The outcome's name in truth.json, e.g. {@code emergency_admissions}. */
  public String name() {
    return outcome.outcomeName();
  }

  public String unit() {
    return outcome.unit();
  }
}
