/**
 * Multiplicity adjustment across a family of outcomes (Bonferroni, Holm, Benjamini-Hochberg), as R
 * {@code p.adjust}: {@link org.pioneereval.estimators.multiplicity.PValueAdjustment} on arrays and
 * {@link org.pioneereval.estimators.multiplicity.AdjustedPValues} for named outcomes.
 */
package org.pioneereval.estimators.multiplicity;
