package org.pioneereval.jobs.runtime;

import java.nio.file.Path;
import java.util.List;

/**
 * The one place user-facing errors are built. Every message states (1) the problem, (2) why it
 * occurred and (3) how to fix it, and never quotes a value that could identify a patient.
 */
public final class PipelineErrors {

  private PipelineErrors() {}

  public static PioneerEvalException noDropsFound(Path dropsRoot) {
    return input(
        "No extract drops found under "
            + dropsRoot
            + ". The ingest stage looks for <root>/drops/<extract>/<site>/<batch>/manifest.json."
            + " Check the --data path, or create a demo data set with `pioneer-eval generate`.");
  }

  public static PioneerEvalException missingTable(String table, Path location, String stage) {
    return input(
        "Delta table '"
            + table
            + "' does not exist at "
            + location
            + ". It is written by the "
            + stage
            + " stage, which has not run against this lake yet. Run `pioneer-eval "
            + stage
            + "` (or `pioneer-eval run`) first, or check the --lake path.");
  }

  public static PioneerEvalException siteRegisterMissing(Path lake) {
    return input(
        "The site register has not been ingested into the lake at "
            + lake
            + ". Every other extract is checked against it (unknown sites are quarantined) and the"
            + " panel needs each site's go-live date. Deliver the site_register drop"
            + " (drops/site_register/ALL/register/) and run `pioneer-eval ingest` again.");
  }

  public static PioneerEvalException noTreatedSites(String outcome) {
    return input(
        "Outcome '"
            + outcome
            + "' has no pioneer site with observations both before and after go-live, so no"
            + " difference-in-differences effect can be estimated. Check the site register's"
            + " go_live_date values and that the extracts cover periods on both sides of go-live.");
  }

  public static PioneerEvalException badDirectory(Path dir, String purpose, Exception cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "Cannot use "
            + dir
            + " as the "
            + purpose
            + ": "
            + cause.getMessage()
            + ". Choose a folder this user can create and write.",
        cause);
  }

  public static PioneerEvalException reconciliationFailed(String drop, long received, long kept) {
    return new PioneerEvalException(
        ExitCode.INTERNAL_ERROR,
        "Reconciliation failed for drop "
            + drop
            + ": "
            + received
            + " rows received but "
            + kept
            + " accepted + quarantined. No row may be lost; this is a bug in pioneer-eval."
            + " The batch was not published; please report it with the log.",
        null);
  }

  public static PioneerEvalException configInvalid(Path file, List<String> problems) {
    return input(
        "The nightly configuration"
            + (file == null ? " (after command-line overrides)" : " " + file)
            + " is not usable:\n  - "
            + String.join("\n  - ", problems)
            + "\nFix these and run again; conf/nightly.example.yaml shows every key.");
  }

  public static PioneerEvalException runNotInLedger(String runId, String ledger) {
    return input(
        "Run '"
            + runId
            + "' is not in the run ledger "
            + ledger
            + ", so its input versions are unknown. `pioneer-eval nightly --list-runs` lists the"
            + " recorded runs; only runs that produced results can be reproduced.");
  }

  public static PioneerEvalException stageLocked(
      String stage, String runId, String host, String pid, String startedAt, String lockFile) {
    return input(
        "Another pioneer-eval run ("
            + runId
            + ", process "
            + pid
            + " on "
            + host
            + ", started "
            + startedAt
            + ") is running the "
            + stage
            + " stage on this lake; two runs must not write the same tables at once. Wait for it"
            + " to finish. If that run is no longer running (its machine was lost), delete "
            + lockFile
            + " and run again: the next run removes what the interrupted one half-wrote.");
  }

  public static PioneerEvalException lockUnavailable(String stage, String lockFile, Exception e) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "Cannot take or release the "
            + stage
            + " lock "
            + lockFile
            + ": "
            + e.getMessage()
            + ". Another run may have taken it at the same moment, or the lake folder is not"
            + " writable. Check the --lake path and its permissions, and run again.",
        e);
  }

  public static PioneerEvalException eventStudyFailed(String outcome, RuntimeException cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "The event study of outcome '"
            + outcome
            + "' cannot be estimated: "
            + cause.getMessage()
            + " The event study needs pioneer sites observed in months around their go-live"
            + " date and comparison sites; check the site register's go_live_date values and the"
            + " months the extracts cover.",
        cause);
  }

  /**
   * An outcome model (PPML ratio or survey-weighted DiD) could not be fitted, typically because the
   * run has too few sites for its site-clustered variance.
   */
  public static PioneerEvalException outcomeModelFailed(
      String outcome, String model, RuntimeException cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "The outcome model "
            + model
            + " of outcome '"
            + outcome
            + "' cannot be estimated: "
            + cause.getMessage()
            + " The outcome models cluster their standard errors by site, so they need more sites"
            + " than coefficients (the survey models have one per survey wave). Add sites to the"
            + " evaluation, or leave the outcome models out of this run (nightly: estimators:"
            + " without outcome_models, or --estimators).",
        cause);
  }

  public static PioneerEvalException staggeredAdoptionFailed(
      String outcome, RuntimeException cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "The staggered-adoption estimators (Callaway-Sant'Anna, Sun-Abraham, Goodman-Bacon) cannot"
            + " be applied to outcome '"
            + outcome
            + "': "
            + cause.getMessage()
            + " They need a balanced site panel (sites with a value in every kept month), pioneer"
            + " sites with go-live dates inside the months covered and comparison sites that never"
            + " go live; check the site register's go_live_date values and which drops were"
            + " refused (quality/ingest_log).",
        cause);
  }

  // ---- pioneer-eval did: an analyst's own panel or repeated cross-section file ----

  public static PioneerEvalException didInputNotFound(Path input) {
    return input(
        "Input "
            + input
            + " does not exist, so there is nothing to estimate on. Check the --input path: a CSV"
            + " file with a header row, a Parquet file or folder, or a Delta table folder.");
  }

  public static PioneerEvalException didInputFormatUnknown(Path input) {
    return input(
        "Cannot tell the format of "
            + input
            + ": it is not a .csv file, a .parquet file, a folder of Parquet files or a Delta"
            + " table folder (one with a _delta_log/ subfolder). Convert the data to one of these,"
            + " or rename the file so that it ends in .csv or .parquet.");
  }

  public static PioneerEvalException didInputUnreadable(Path input, Exception cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "Cannot read "
            + input
            + ": "
            + cause.getMessage()
            + ". Check that the file is complete and in the format its name says (CSV with a"
            + " header row, Parquet, or a Delta table folder).",
        cause);
  }

  public static PioneerEvalException didMissingColumn(
      String option, String column, List<String> available) {
    return input(
        "Column '"
            + column
            + "' given to "
            + option
            + " is not in the input. The input has the columns "
            + available
            + " (names are matched exactly, including case). Pass one of these to "
            + option
            + ".");
  }

  public static PioneerEvalException didNonNumericColumn(
      String option, String column, long rows, String purpose) {
    return input(
        "Column '"
            + column
            + "' ("
            + option
            + ") has "
            + rows
            + " non-empty value(s) that are not numbers, but it must be numeric "
            + purpose
            + ". Clean or recode the column (missing values must be empty, not text such as"
            + " 'NA'), or name another column.");
  }

  public static PioneerEvalException didTreatmentNotBinary(String column, long rows) {
    return input(
        "Treatment column '"
            + column
            + "' has "
            + rows
            + " row(s) with a value other than 0 or 1. --treatment must be the treated-and-post"
            + " indicator (1 for a treated unit from its first treated period on, else 0). Recode"
            + " it, or give the first treated period per unit with --cohort instead.");
  }

  public static PioneerEvalException didWeightsNotPositive(String column, long rows) {
    return input(
        "Weights column '"
            + column
            + "' has "
            + rows
            + " row(s) with a weight of zero or less. Analytic weights must be positive. Drop"
            + " those rows from the input, or leave --weights out for an unweighted fit.");
  }

  public static PioneerEvalException didNotWholePeriods(String column, long rows) {
    return input(
        "Event times (time minus cohort) are not whole periods in "
            + rows
            + " row(s) (column '"
            + column
            + "'). Event studies and --cohort need the time and cohort columns in the same whole"
            + " units (e.g. month numbers 1, 2, ... or years). Recode time as consecutive"
            + " integers.");
  }

  public static PioneerEvalException didTreatmentOrCohort() {
    return input(
        "Give exactly one of --treatment and --cohort. --treatment names a 0/1 treated-and-post"
            + " column; --cohort names the first treated period of each unit (empty or 0 for"
            + " never-treated units). Both or neither cannot define who is treated when.");
  }

  public static PioneerEvalException didUnknownEstimator(String value) {
    return input(
        "Unknown estimator '"
            + value
            + "'. --estimator takes twfe (two-way fixed effects), 2x2 (treated vs control,"
            + " before vs after), event-study (leads and lags around adoption), cs (Callaway &"
            + " Sant'Anna group-time effects), sun-abraham (interaction-weighted event study) or"
            + " bacon (Goodman-Bacon decomposition of the TWFE estimate).");
  }

  public static PioneerEvalException didOptionNotForEstimator(String option, String estimator) {
    return input(
        "Option "
            + option
            + " does not apply to --estimator "
            + estimator
            + ": window and reference period belong to event-study; randomisation inference and"
            + " the wild bootstrap test the twfe coefficient (for cs, --bootstrap-draws gives the"
            + " multiplier bootstrap); --sampling, --control-group, --base-period, --anticipation,"
            + " --est-method and --aggregation belong to cs; 2x2 takes no covariates and bacon"
            + " neither covariates nor weights. Remove "
            + option
            + " or choose another estimator.");
  }

  public static PioneerEvalException didInvalidWindow(String value) {
    return input(
        "Cannot read --window '"
            + value
            + "'. It takes the first and last event time estimated as FROM:TO with FROM <= -1"
            + " and TO >= 0, e.g. --window=-24:24 (the equals sign keeps a leading minus from"
            + " looking like an option).");
  }

  public static PioneerEvalException didNoRows(Path input, long rowsRead) {
    return input(
        "No usable rows in "
            + input
            + ": "
            + rowsRead
            + " row(s) read, every one with a missing value in a column the model needs"
            + " (outcome, unit, time, treatment, cluster, weights or a covariate). Check the"
            + " column names and that missing values are the exception.");
  }

  public static PioneerEvalException didEstimationFailed(IllegalArgumentException cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "The model cannot be estimated on this data: " + cause.getMessage(),
        cause);
  }

  public static PioneerEvalException didJsonNotWritable(Path file, Exception cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "Cannot write the JSON result to "
            + file
            + ": "
            + cause.getMessage()
            + ". Choose a --json path in a folder this user can write.",
        cause);
  }

  public static PioneerEvalException unknownRun(String runId, Path lake, List<String> knownRuns) {
    return input(
        "Run '"
            + runId
            + "' has no results in the lake at "
            + lake
            + ". Runs with results there, oldest first: "
            + (knownRuns.isEmpty() ? "none" : String.join(", ", knownRuns))
            + ". Check the run id (e.g. PIONEER_EVAL_RUN_ID, or `pioneer-eval nightly --list-runs`),"
            + " or leave it unset for the latest run.");
  }

  public static PioneerEvalException notebooksFolderMissing(Path folder) {
    return input(
        "The result notebooks folder "
            + folder
            + " has no notebooks/execute.sh, so the run's notebooks cannot be executed. Point"
            + " --notebooks (or the nightly configuration's `notebooks` key) at the notebooks"
            + " folder of a pioneer-eval checkout, or set it to `none` to skip them.");
  }

  public static PioneerEvalException notebooksFailed(
      List<String> failed, Path outputFolder, String detail) {
    return new PioneerEvalException(
        ExitCode.INTERNAL_ERROR,
        "Result notebook(s) "
            + String.join(", ", failed)
            + " failed against this run: "
            + detail
            + " The results and the report are written; each notebook's log is in "
            + outputFolder
            + ". Open the notebook in Jupyter (notebooks/start-jupyter.sh) to see the failing"
            + " cell, and report it with the log if it is not caused by the data.",
        null);
  }

  public static PioneerEvalException notebooksNotRun(
      int exitCode, Path outputFolder, String detail) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "The result notebooks could not be executed (notebooks/execute.sh exited with "
            + exitCode
            + "): "
            + detail
            + " Results and report are written; the notebooks' output folder is "
            + outputFolder
            + ". Install Jupyter and the kernel with scripts/setup-machine.sh notebooks, or"
            + " run with --notebooks none to skip them.",
        null);
  }

  public static PioneerEvalException didInvalidOptionValue(
      String option, String value, java.util.Collection<String> accepted) {
    return input(
        "Cannot read "
            + option
            + " '"
            + value
            + "'. It takes one of "
            + String.join(", ", accepted)
            + " (R did's names: never/not-yet = control_group, varying/universal ="
            + " base_period, dr/ipw/reg = est_method, simple/group/dynamic/calendar = aggte"
            + " type).");
  }

  public static PioneerEvalException didUnbalancedPanel(int unitsIncomplete, int periods) {
    return input(
        unitsIncomplete
            + " unit(s) do not have a row in every one of the "
            + periods
            + " periods, so the data are not a balanced panel, which --sampling panel (the"
            + " default) needs. Pass --sampling unbalanced-panel to use every row (did's"
            + " allow_unbalanced_panel = TRUE), --sampling repeated-cross-sections if different"
            + " people are observed in each period, or keep only complete units.");
  }

  public static PioneerEvalException didValueVariesWithinUnit(
      String option, String column, int units) {
    return input(
        "Column '"
            + column
            + "' ("
            + option
            + ") changes within "
            + units
            + " unit(s), but on a panel it must be one value per unit: the first treated period,"
            + " the weight, the cluster and (for cs on a balanced panel) each covariate describe"
            + " the unit. Use the unit's baseline value, or --sampling unbalanced-panel, which"
            + " takes covariates row by row.");
  }

  public static PioneerEvalException noCohortData(String why) {
    return input(
        "The matched-cohort design cannot run: "
            + why
            + ". It needs the silver patient_register (with enrolment dates at pioneer sites),"
            + " site_register and admissions tables; ingest the patient_register extract (see"
            + " data-contracts/patient_register.odcs.yaml) or leave the patient register out to skip"
            + " the design.");
  }

  public static PioneerEvalException cohortMatchingFailed(RuntimeException cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "The matched-cohort design failed while fitting the propensity score or matching: "
            + cause.getMessage()
            + " Check the patient register (enrolment dates, covariates) of the sites named"
            + " above.",
        cause);
  }

  private static PioneerEvalException input(String message) {
    return new PioneerEvalException(ExitCode.INPUT_ERROR, message, null);
  }

  public static PioneerEvalException noPatientPanelData(String why) {
    return input(
        "The patient x month panel cannot be estimated: "
            + why
            + ". It needs the silver patient_register, site_register and admissions tables with"
            + " residents of at least two sites; ingest the patient_register extract (see"
            + " data-contracts/patient_register.odcs.yaml) or leave it out to skip patient-level"
            + " estimation.");
  }

  public static PioneerEvalException patientPanelFailed(String outcome, RuntimeException cause) {
    return new PioneerEvalException(
        ExitCode.INPUT_ERROR,
        "The two-way fixed-effects DiD on the patient x month panel failed for "
            + outcome
            + ": "
            + cause.getMessage()
            + " Check that the site register gives pioneer sites a go-live date inside the"
            + " admissions window and that comparison sites have residents on the patient"
            + " register.",
        cause);
  }
}
