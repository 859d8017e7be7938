package org.pioneereval.jobs.estimate;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.pioneereval.estimators.ComparisonGroup;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * What the estimate stage runs: which panel outcomes, which estimators, and the comparison group of
 * the staggered-adoption estimators (Callaway and Sant'Anna). {@link #ALL} is everything with
 * never-treated comparison sites, the stage's behaviour when nothing was chosen.
 *
 * <p>Outcomes restrict every site-level estimator (TWFE, 2x2, event studies, staggered adoption,
 * outcome models); the matched patient cohort and the patient x month panel have their own
 * patient-level outcomes and run whole when chosen. The outcome models adjust their p-values (Holm,
 * Benjamini-Hochberg) over the outcomes estimated, so a subset gives different adjusted p-values
 * than the full set.
 *
 * @param outcomes the panel outcomes estimated (never empty)
 * @param estimators the estimators run (never empty)
 * @param comparisonGroup the Callaway and Sant'Anna comparison sites
 */
public record EstimateSelection(
    Set<PanelOutcome> outcomes, Set<Method> estimators, ComparisonGroup comparisonGroup) {

  /** Every outcome and estimator, never-treated comparison sites. */
  public static final EstimateSelection ALL =
      new EstimateSelection(
          EnumSet.allOf(PanelOutcome.class),
          EnumSet.allOf(Method.class),
          ComparisonGroup.NEVER_TREATED);

  /** The estimators that can be chosen, as the configuration names them ({@link #configName}). */
  public enum Method {
    /** {@link Estimator#TWFE} with its wild-bootstrap p-value and the event studies. */
    TWFE("two-way fixed effects DiD, with event studies and pre-trend tests"),
    /** {@link Estimator#DID_2X2}. */
    DID_2X2("2x2 DiD, pioneers vs comparison, before first vs after last go-live"),
    /** {@link StaggeredAdoptionJob}: Callaway and Sant'Anna, Sun and Abraham, Goodman-Bacon. */
    STAGGERED("staggered adoption: Callaway-Sant'Anna, Sun-Abraham, Goodman-Bacon"),
    /** {@link OutcomeModelsJob}: PPML rate ratios and survey-weighted DiDs. */
    OUTCOME_MODELS("outcome models: PPML rate and cost ratios, survey-weighted DiDs"),
    /** The matched patient cohort (only when the lake holds a patient register). */
    MATCHED_COHORT("matched patient cohort DiD (needs a patient register)"),
    /** {@link PatientPanelJob}: TWFE on the patient x month panel (needs a patient register). */
    PATIENT_PANEL("patient x month two-way fixed effects DiD (needs a patient register)");

    private final String description;

    Method(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }

    /** The name in the configuration file and on the command line, e.g. {@code did_2x2}. */
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The method a configuration name stands for (case-insensitive), or empty. */
    public static Optional<Method> fromConfigName(String name) {
      return Arrays.stream(values()).filter(m -> m.configName().equalsIgnoreCase(name)).findAny();
    }
  }

  public EstimateSelection {
    if (outcomes.isEmpty() || estimators.isEmpty()) {
      throw new IllegalStateException("a selection needs at least one outcome and one estimator");
    }
    outcomes = Collections.unmodifiableSet(EnumSet.copyOf(outcomes));
    estimators = Collections.unmodifiableSet(EnumSet.copyOf(estimators));
  }

  public boolean runs(Method method) {
    return estimators.contains(method);
  }

  /** The chosen outcomes in {@link PanelOutcome} order. */
  public List<PanelOutcome> outcomeList() {
    return List.copyOf(outcomes);
  }

  /** The configuration name of an outcome: its column name, e.g. {@code cost_per_capita}. */
  public static Optional<PanelOutcome> outcomeFromConfigName(String name) {
    return Arrays.stream(PanelOutcome.values())
        .filter(o -> o.columnName().equalsIgnoreCase(name))
        .findAny();
  }

  /** The configuration name of a comparison group, e.g. {@code not_yet_treated}. */
  public static Optional<ComparisonGroup> comparisonGroupFromConfigName(String name) {
    return Arrays.stream(ComparisonGroup.values())
        .filter(g -> g.name().equalsIgnoreCase(name))
        .findAny();
  }

  /** One line for consoles, logs and the ledger, e.g. {@code outcomes=a,b estimators=twfe ...}. */
  public String describe() {
    return "outcomes="
        + outcomes.stream().map(PanelOutcome::columnName).collect(Collectors.joining(","))
        + " estimators="
        + estimators.stream().map(Method::configName).collect(Collectors.joining(","))
        + " comparison_group="
        + comparisonGroup.name().toLowerCase(Locale.ROOT);
  }
}
