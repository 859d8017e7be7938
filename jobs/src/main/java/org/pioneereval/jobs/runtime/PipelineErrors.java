package org.pioneereval.jobs.runtime;

import java.nio.file.Path;

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

  private static PioneerEvalException input(String message) {
    return new PioneerEvalException(ExitCode.INPUT_ERROR, message, null);
  }
}
