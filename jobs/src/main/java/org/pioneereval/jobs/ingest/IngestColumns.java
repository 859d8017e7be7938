package org.pioneereval.jobs.ingest;

/**
 * Columns the ingest stage adds to the extracts' own: drop lineage on bronze and silver rows, and
 * the layouts of the quarantine, data-quality and ingest-log tables.
 */
public final class IngestColumns {

  private IngestColumns() {}

  /** {@code extract/site/batch} of the drop a row came in. */
  public static final String DROP_ID = "drop_id";

  public static final String DROP_SITE = "drop_site";
  public static final String DROP_BATCH = "drop_batch";
  public static final String DROP_FILE = "drop_file";
  public static final String INGEST_RUN_ID = "ingest_run_id";

  /** Quarantine: the extract, the row as delivered (JSON of the raw strings) and why it failed. */
  public static final String EXTRACT = "extract";

  public static final String RAW_RECORD = "raw_record";
  public static final String RULE_IDS = "rule_ids";
  public static final String MESSAGES = "messages";

  /** Internal: the array of failed error checks of a quarantined row, (rule_id, message) each. */
  static final String FAILURES = "_failures";

  /** Internal: true while rules are evaluated for a row that failed an error check. */
  static final String QUARANTINED = "_quarantined";

  /** Data-quality results: one row per drop and rule. */
  public static final String RULE_ID = "rule_id";

  public static final String RULE_TYPE = "rule_type";

  /**
   * The rule's severity, {@code error} or {@code warning}: a failed warning ({@link #PASSED} false)
   * quarantined nothing and refused nothing.
   */
  public static final String SEVERITY = "severity";

  public static final String ROWS_CHECKED = "rows_checked";
  public static final String ROWS_FAILED = "rows_failed";

  /** Whether the rule held for the drop (row rules: no failing row; batch rules: threshold met). */
  public static final String PASSED = "passed";

  /** Ingest log: one row per drop and attempt. */
  public static final String STATUS = "status";

  public static final String REASON = "reason";
  public static final String MESSAGE = "message";

  /** The checksum the manifest declares. */
  public static final String SHA256 = "sha256";

  /** The checksum of the file as received (differs from {@link #SHA256} when it was refused). */
  public static final String FILE_SHA256 = "file_sha256";

  public static final String CONTRACT_VERSION = "contract_version";
  public static final String ROWS_RECEIVED = "rows_received";
  public static final String ROWS_ACCEPTED = "rows_accepted";
  public static final String ROWS_QUARANTINED = "rows_quarantined";
  public static final String INGESTED_AT = "ingested_at";

  /** Values of {@link #STATUS}. */
  public static final String STATUS_ACCEPTED = "ACCEPTED";

  public static final String STATUS_REFUSED = "REFUSED";
}
