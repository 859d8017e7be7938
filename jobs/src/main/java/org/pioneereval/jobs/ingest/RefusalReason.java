package org.pioneereval.jobs.ingest;

/**
 * Why a whole file was refused before any of its rows were stored. Row-level problems never refuse
 * a file; they quarantine the row instead.
 */
public enum RefusalReason {
  MANIFEST_MISSING,
  MANIFEST_INVALID,
  MANIFEST_MISMATCH,
  CONTRACT_VERSION_UNSUPPORTED,
  FILE_MISSING,
  EMPTY_FILE,
  CHECKSUM_MISMATCH,
  BYTE_ORDER_MARK,
  NOT_UTF8,
  WRONG_DELIMITER,
  MISSING_COLUMN,
  UNEXPECTED_COLUMN,
  HEADER_ORDER,
  TRUNCATED,
  MALFORMED_ROW,
  ROW_COUNT_MISMATCH,
  /** The contract's rowCount rule (error severity) fails for the drop. */
  ROW_COUNT_RULE,
  /**
   * A Parquet column's type cannot hold the contract's logical type (e.g. a timestamp for a date).
   */
  COLUMN_TYPE,
  /** The privacy gate found a direct identifier: NHS number, full postcode or date of birth. */
  DIRECT_IDENTIFIER
}
