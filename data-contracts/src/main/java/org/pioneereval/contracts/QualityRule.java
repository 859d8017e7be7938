package org.pioneereval.contracts;

import java.util.List;
import java.util.Optional;

/**
 * One ODCS quality rule of a contract, with everything the ingest job needs to execute it.
 *
 * <p>How the pipeline runs a rule (see {@code data-contracts/README.md}):
 *
 * <ul>
 *   <li>{@link RuleScope#ROW} rules ({@code mustBe: 0}, unit rows; nullValues, missingValues,
 *       invalidValues, sql): every row for which {@link #rowCondition()} is TRUE is quarantined
 *       with {@link #id()} as its reason (error severity) or reported (warning).
 *   <li>{@link RuleScope#BATCH} rules (rowCount, duplicateValues, percentage thresholds): the
 *       metric is computed once per drop and compared with {@link #threshold()}.
 * </ul>
 *
 * <p>{@code sql} rules follow one convention: the contract's query is {@code SELECT COUNT(*) FROM
 * {object} WHERE NOT (<predicate>)}, i.e. it counts failing rows, and {@link #sqlPredicate()} is
 * {@code <predicate>}: a Spark SQL boolean expression over the typed columns that is TRUE for a
 * valid row. A predicate that evaluates to NULL (an operand is null) does not fail the row: nulls
 * are the business of the nullValues rules.
 */
public final class QualityRule {

  /** ODCS {@code unit} of a rule's metric. */
  public enum Unit {
    /** The metric is a number of rows (the ODCS default). */
    ROWS,
    /** The metric is 100 × counted rows / rows of the drop. */
    PERCENT
  }

  private final String id;
  private final RuleType type;
  private final RuleScope scope;
  private final List<String> columns;
  private final List<String> validValues;
  private final Optional<String> pattern;
  private final List<String> missingValues;
  private final boolean nullIsMissing;
  private final Optional<String> sqlQuery;
  private final Optional<String> sqlPredicate;
  private final Optional<String> rowCondition;
  private final Threshold threshold;
  private final Unit unit;
  private final Severity severity;
  private final Optional<String> dimension;
  private final String description;

  QualityRule(
      String id,
      RuleType type,
      RuleScope scope,
      List<String> columns,
      List<String> validValues,
      Optional<String> pattern,
      List<String> missingValues,
      boolean nullIsMissing,
      Optional<String> sqlQuery,
      Optional<String> sqlPredicate,
      Optional<String> rowCondition,
      Threshold threshold,
      Unit unit,
      Severity severity,
      Optional<String> dimension,
      String description) {
    this.id = id;
    this.type = type;
    this.scope = scope;
    this.columns = List.copyOf(columns);
    this.validValues = List.copyOf(validValues);
    this.pattern = pattern;
    this.missingValues = List.copyOf(missingValues);
    this.nullIsMissing = nullIsMissing;
    this.sqlQuery = sqlQuery;
    this.sqlPredicate = sqlPredicate;
    this.rowCondition = rowCondition;
    this.threshold = threshold;
    this.unit = unit;
    this.severity = severity;
    this.dimension = dimension;
    this.description = description;
  }

  /**
   * The stable id, {@code <extract>_<what>} (e.g. {@code admissions_discharge_after_admission}):
   * the quarantine reason and the key of the quality results. ODCS ids allow letters, digits, '_'
   * and '-' only, hence '_' rather than '.' after the extract name.
   */
  public String id() {
    return id;
  }

  public RuleType type() {
    return type;
  }

  public RuleScope scope() {
    return scope;
  }

  /** True for {@link RuleScope#ROW} rules. */
  public boolean isRowLevel() {
    return scope == RuleScope.ROW;
  }

  /**
   * The columns the rule is about, in contract order: the property it is declared on; the key
   * columns of a schema-level duplicateValues rule; the columns a schema-level sql predicate reads.
   * Empty for rowCount.
   */
  public List<String> columns() {
    return columns;
  }

  /** {@code arguments.validValues} of an invalidValues rule (as strings); empty otherwise. */
  public List<String> validValues() {
    return validValues;
  }

  /** {@code arguments.pattern} of an invalidValues rule. */
  public Optional<String> pattern() {
    return pattern;
  }

  /**
   * The non-null placeholders of a missingValues rule (e.g. "", "N/A"); values are compared after
   * trimming. See {@link #nullIsMissing()}.
   */
  public List<String> missingValues() {
    return missingValues;
  }

  /** True when a missingValues rule lists {@code null} among its missing values. */
  public boolean nullIsMissing() {
    return nullIsMissing;
  }

  /** The query exactly as in the contract, with its {@code {object}} placeholder (sql rules). */
  public Optional<String> sqlQuery() {
    return sqlQuery;
  }

  /**
   * For sql rules, the Spark SQL boolean expression that is TRUE for a valid row (the {@code NOT
   * (...)} operand of the contract's query, {@code {property}} replaced by the column name).
   */
  public Optional<String> sqlPredicate() {
    return sqlPredicate;
  }

  /**
   * A Spark SQL boolean expression over the typed columns that is TRUE exactly for the rows this
   * rule's metric counts: a null (nullValues), a missing value (missingValues), a non-null value
   * outside validValues or pattern (invalidValues), a row whose sql predicate is FALSE (sql). Empty
   * for rowCount and duplicateValues, which are not decided row by row. For a {@link RuleScope#ROW}
   * rule these are the rows to quarantine: {@code df.where(rule.rowCondition()...)}.
   */
  public Optional<String> rowCondition() {
    return rowCondition;
  }

  /** The operator and operand(s) the metric must satisfy. */
  public Threshold threshold() {
    return threshold;
  }

  public Unit unit() {
    return unit;
  }

  public Severity severity() {
    return severity;
  }

  /** ODCS dimension: completeness, conformity, uniqueness, accuracy, consistency, coverage, ... */
  public Optional<String> dimension() {
    return dimension;
  }

  public String description() {
    return description;
  }

  /**
   * True when a drop whose metric is {@code metric} (rows, or percent for {@link Unit#PERCENT})
   * passes this rule.
   */
  public boolean passes(double metric) {
    return threshold.isSatisfiedBy(metric);
  }

  @Override
  public String toString() {
    return id + " (" + type.odcsName() + ", " + threshold + " " + unit.name().toLowerCase() + ")";
  }
}
