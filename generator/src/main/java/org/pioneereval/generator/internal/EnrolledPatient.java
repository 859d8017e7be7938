package org.pioneereval.generator.internal;

/**
 * One patient enrolled in the programme, as the cohort truth needs it: the site and the patient's
 * relative admission weight per method (weight over the site's mean weight, by {@link
 * AdmissionMethod#ordinal()}).
 */
public record EnrolledPatient(SiteModel site, double[] relativeWeight) {
  public EnrolledPatient {
    relativeWeight = relativeWeight.clone();
  }

  double relativeWeight(AdmissionMethod method) {
    return relativeWeight[method.ordinal()];
  }
}
