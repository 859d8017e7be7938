package org.pioneereval.jobs.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.pioneereval.contracts.ContractColumn;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.LogicalType;
import org.pioneereval.contracts.PatientRegisterColumns;
import org.pioneereval.contracts.QualityRule;
import org.pioneereval.contracts.RuleType;
import org.pioneereval.contracts.Severity;

/**
 * The row-level checks of a contract as Spark columns. Each check is a named rule: its id (the
 * contract's own where the contract states the rule, otherwise {@code <extract>.<column>.<check>}),
 * a condition that is true for a failing row, and a message saying what is wrong and how to fix it.
 *
 * <p>Derived from the contract: a type check per property ({@code <extract>_<column>_type}), the
 * row-level library metrics (nullValues, missingValues, invalidValues) and SQL rules (ranges and
 * cross-column checks) of its quality section, duplicateValues on keys within a drop (every row of
 * the drop sharing a key is quarantined: the pipeline cannot tell which copy is right) and across
 * the batches of a site ({@code <rule id>_across_batches}: the row of the later batch is
 * quarantined, naming the batch that delivered the key first), plus the pipeline's referential
 * checks against the site register: every site is in it, and (patient register) no enrolment date
 * lies before the site's go-live month or at a site that never went live. Batch-level rules
 * (rowCount, percentage thresholds) are decided per drop by the ingest job, not here. Each check
 * has its rule's severity: only {@code error} checks quarantine a row.
 */
public final class RowRules {

  /**
   * One row-level check: {@code failed} is true for a failing row, {@code message} (a column, so it
   * can name the row's context, e.g. the batch that delivered a key first) says what is wrong and
   * how to fix it. A row failing an {@code error} check is quarantined; a {@code warning} check
   * only counts its failing rows in the data-quality results.
   */
  public record RowCheck(
      String ruleId, String ruleType, Column failed, Column message, Severity severity) {

    /** An error check with a fixed message. */
    public RowCheck(String ruleId, String ruleType, Column failed, String message) {
      this(ruleId, ruleType, failed, lit(message), Severity.ERROR);
    }

    public boolean quarantines() {
      return severity == Severity.ERROR;
    }
  }

  /**
   * Suffix of the pipeline's check that a duplicateValues key was not delivered before in another
   * batch of the same site: {@code <rule id>_across_batches}.
   */
  public static final String ACROSS_BATCHES = "_across_batches";

  /**
   * Marks rows of earlier deliveries (already in silver) that the ingest job adds to a load only so
   * the across-batches checks can see their keys; they are removed before anything is written.
   */
  static final String EARLIER_DELIVERY = "_earlier_delivery";

  private static final String DATE_SHAPE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
  private static final String INTEGER_SHAPE = "^-?[0-9]{1,18}$";
  private static final String NUMBER_SHAPE = "^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$";
  private static final String BOOLEAN_SHAPE = "^(true|false)$";

  /** Id of the pipeline's check that no enrolment date precedes the site's go-live month. */
  public static final String ENROLMENT_BEFORE_GO_LIVE =
      Extract.PATIENT_REGISTER.folderName() + "_enrolment_before_go_live";

  private final DataContract contract;
  private final Set<String> knownSites;
  private final Map<String, LocalDate> goLiveBySite;

  private RowRules(
      DataContract contract, Set<String> knownSites, Map<String, LocalDate> goLiveBySite) {
    this.contract = contract;
    this.knownSites = knownSites;
    this.goLiveBySite = goLiveBySite;
  }

  /**
   * Rules for an extract; {@code knownSites} are the site codes of the register, or null for the
   * site register itself (which defines them).
   */
  public static RowRules of(DataContract contract, Set<String> knownSites) {
    return new RowRules(contract, knownSites, Map.of());
  }

  /**
   * Rules for an extract checked against the site register: {@code goLiveBySite} holds every
   * registered site, with its go-live date (first of the month) or null for a comparison site.
   */
  public static RowRules againstSiteRegister(
      DataContract contract, Map<String, LocalDate> goLiveBySite) {
    return new RowRules(contract, Set.copyOf(goLiveBySite.keySet()), new HashMap<>(goLiveBySite));
  }

  /** Raw string column name for contract column {@code name} while rules run. */
  static String raw(String name) {
    return "_raw_" + name;
  }

  /**
   * Turns rows of raw strings (columns named as the contract's) into typed columns, keeping the raw
   * strings alongside as {@code _raw_<name>} for the checks and the quarantine record.
   */
  public Dataset<Row> typed(Dataset<Row> rawRows) {
    Dataset<Row> out = rawRows;
    List<String> present = List.of(rawRows.columns());
    for (String lineage :
        List.of(IngestColumns.DROP_ID, IngestColumns.DROP_SITE, IngestColumns.DROP_BATCH)) {
      if (!present.contains(lineage)) {
        out = out.withColumn(lineage, lit(null).cast(DataTypes.StringType));
      }
    }
    out = out.withColumn(EARLIER_DELIVERY, lit(false));
    for (ContractColumn column : contract.columns()) {
      out = out.withColumnRenamed(column.name(), raw(column.name()));
    }
    List<Column> typedColumns = new ArrayList<>();
    for (String existing : out.columns()) {
      typedColumns.add(col(existing));
    }
    for (ContractColumn column : contract.columns()) {
      typedColumns.add(typedValue(column).as(column.name()));
    }
    return out.select(typedColumns.toArray(Column[]::new));
  }

  private static Column typedValue(ContractColumn column) {
    Column raw = col(raw(column.name()));
    String quoted = "`" + raw(column.name()) + "`";
    return switch (column.logicalType()) {
      case STRING -> raw;
      // the contract's physicalType (INT for every integer column today): a value outside its
      // range does not cast and fails the type check
      case INTEGER ->
          when(
              raw.rlike(INTEGER_SHAPE),
              expr("try_cast(" + quoted + " AS " + column.physicalType() + ")"));
      case NUMBER ->
          when(
              raw.rlike(NUMBER_SHAPE),
              expr("try_cast(" + quoted + " AS " + column.physicalType() + ")"));
      case BOOLEAN -> when(raw.rlike(BOOLEAN_SHAPE), raw.equalTo("true"));
      case DATE -> when(raw.rlike(DATE_SHAPE), expr("try_cast(" + quoted + " AS DATE)"));
    };
  }

  /** Every row-level check, in a stable order (columns first, then contract rules). */
  public List<RowCheck> checks() {
    String extract = contract.extract().folderName();
    List<RowCheck> checks = new ArrayList<>();
    for (ContractColumn column : contract.columns()) {
      String name = column.name();
      Column raw = col(raw(name));
      Column typed = col(name);
      if (column.logicalType() != LogicalType.STRING) {
        checks.add(
            new RowCheck(
                column.typeRuleId(),
                "type",
                raw.isNotNull().and(typed.isNull()),
                name + " is not a valid " + describe(column.logicalType())));
      }
      if (column.required() && !hasRule(name, RuleType.NULL_VALUES, RuleType.MISSING_VALUES)) {
        checks.add(
            new RowCheck(
                extract + "_" + name + "_required",
                "nullValues",
                raw.isNull(),
                name + " is required but empty"));
      }
      if (!hasRule(name, RuleType.INVALID_VALUES)) {
        if (!column.validValues().isEmpty()) {
          checks.add(
              new RowCheck(
                  extract + "_" + name + "_valid_values",
                  "invalidValues",
                  raw.isNotNull().and(not(raw.isin(column.validValues().toArray()))),
                  name + " is not one of " + column.validValues()));
        }
        if (column.pattern().isPresent()) {
          checks.add(
              new RowCheck(
                  extract + "_" + name + "_pattern",
                  "invalidValues",
                  raw.isNotNull().and(not(raw.rlike(column.pattern().get()))),
                  name + " does not match the pattern " + column.pattern().get()));
        }
      }
    }
    for (QualityRule rule : contract.rules()) {
      RowCheck check = fromRule(rule);
      if (check != null) {
        checks.add(check);
      }
    }
    for (QualityRule rule : duplicateRules()) {
      checks.add(duplicateAcrossBatches(rule));
    }
    if (knownSites != null && contract.hasColumn(SITE_CODE)) {
      checks.add(
          new RowCheck(
              extract + "_site_code_known_site",
              "referential",
              col(SITE_CODE).isNotNull().and(not(col(SITE_CODE).isin(knownSites.toArray()))),
              "site_code is not in the site register: add the site to the register or correct"
                  + " the code"));
    }
    if (contract.extract() == Extract.PATIENT_REGISTER
        && goLiveBySite.values().stream().anyMatch(d -> d != null)) {
      checks.add(enrolmentBeforeGoLive());
    }
    return checks;
  }

  /**
   * An enrolment date before the go-live date of its site in the site register. Enrolment at a
   * comparison site is the contract's own rule ({@code
   * patient_register_enrolment_only_at_pioneers}) and an unregistered site the known-site check's,
   * so neither is reported twice here.
   */
  private RowCheck enrolmentBeforeGoLive() {
    StringBuilder goLive = new StringBuilder("CASE " + PatientRegisterColumns.SITE_CODE);
    for (Map.Entry<String, LocalDate> site : new TreeMap<>(goLiveBySite).entrySet()) {
      if (site.getValue() != null) {
        goLive
            .append(" WHEN '")
            .append(site.getKey().replace("'", "''"))
            .append("' THEN DATE'")
            .append(site.getValue())
            .append("'");
      }
    }
    goLive.append(" END");
    Column enrolment = col(PatientRegisterColumns.ENROLMENT_DATE);
    return new RowCheck(
        ENROLMENT_BEFORE_GO_LIVE,
        "referential",
        enrolment.isNotNull().and(enrolment.lt(expr(goLive.toString()))),
        "enrolment_date is before the go-live month of the site in the site register: correct"
            + " the date, the site code or the site register's go_live_date");
  }

  private static final String SITE_CODE = "site_code";

  private RowCheck fromRule(QualityRule rule) {
    String message = rule.description() == null ? rule.id() : rule.description();
    if (!rule.isRowLevel() && rule.type() != RuleType.DUPLICATE_VALUES) {
      return null;
    }
    return switch (rule.type()) {
      case NULL_VALUES -> {
        Column failed = lit(false);
        for (String name : rule.columns()) {
          failed = failed.or(col(raw(name)).isNull());
        }
        yield new RowCheck(rule.id(), typeName(rule.type()), failed, lit(message), rule.severity());
      }
      case MISSING_VALUES -> {
        Column failed = lit(false);
        for (String name : rule.columns()) {
          Column raw = col(raw(name));
          Column missing = rule.nullIsMissing() ? raw.isNull() : lit(false);
          if (!rule.missingValues().isEmpty()) {
            missing =
                missing.or(
                    org.apache.spark.sql.functions.trim(raw).isin(rule.missingValues().toArray()));
          }
          failed = failed.or(missing);
        }
        yield new RowCheck(rule.id(), typeName(rule.type()), failed, lit(message), rule.severity());
      }
      case INVALID_VALUES -> {
        Column failed = lit(false);
        for (String name : rule.columns()) {
          Column raw = col(raw(name));
          Column bad = lit(false);
          if (!rule.validValues().isEmpty()) {
            bad = bad.or(not(raw.isin(rule.validValues().toArray())));
          }
          if (rule.pattern().isPresent()) {
            bad = bad.or(not(raw.rlike(rule.pattern().get())));
          }
          failed = failed.or(raw.isNotNull().and(bad));
        }
        yield new RowCheck(rule.id(), typeName(rule.type()), failed, lit(message), rule.severity());
      }
      case DUPLICATE_VALUES -> {
        // rows of this drop (same site and batch) with the row's key, the row itself included
        yield new RowCheck(
            rule.id(),
            typeName(rule.type()),
            keysPresent(rule).and(col(rowsInBatch(duplicateIndex(rule))).gt(1)),
            lit(message),
            rule.severity());
      }
      case SQL ->
          rule.sqlPredicate()
              .map(
                  predicate ->
                      new RowCheck(
                          rule.id(),
                          "sql",
                          not(coalesce(expr(predicate), lit(true))),
                          lit(message),
                          rule.severity()))
              .orElse(null);
      case ROW_COUNT -> null;
    };
  }

  /**
   * The same key delivered in another batch of the same site: the row of the later batch fails,
   * naming the first batch that holds the key. "Earlier" means a batch already in silver (and not
   * being re-delivered now, since a re-delivery replaces its batch), or a batch of the same load
   * that sorts before the row's own (see {@link #withKeyDeliveries}).
   */
  private RowCheck duplicateAcrossBatches(QualityRule rule) {
    Column firstEarlier = col(firstEarlierBatch(duplicateIndex(rule)));
    String keys = String.join(", ", rule.columns());
    Column failed = keysPresent(rule).and(not(col(EARLIER_DELIVERY))).and(firstEarlier.isNotNull());
    Column message =
        concat(
            lit(keys + " was already delivered in batch "),
            firstEarlier,
            lit(" of site "),
            col(IngestColumns.DROP_SITE),
            lit(
                ": the same record in two batches. Correct the key, or re-deliver the batch that"
                    + " should hold it (a re-delivery replaces its batch)"));
    return new RowCheck(
        rule.id() + ACROSS_BATCHES, "duplicateValues", failed, message, rule.severity());
  }

  /**
   * Adds, per duplicateValues rule of the contract, the two columns its checks read: how many rows
   * of the row's own drop (site and batch) carry its key, and the first other batch of the site
   * that delivered the key earlier (null when none did). {@code rows} are typed rows (see {@link
   * #typed}), including any earlier deliveries' keys marked {@link #EARLIER_DELIVERY}. One window
   * per rule, partitioned by site and key: one shuffle per rule serves both checks. Keys are unique
   * in a clean load, so each window holds one row.
   */
  public Dataset<Row> withKeyDeliveries(Dataset<Row> rows) {
    Dataset<Row> out = rows;
    int index = 0;
    for (QualityRule rule : duplicateRules()) {
      List<Column> partition = new ArrayList<>();
      partition.add(col(IngestColumns.DROP_SITE));
      rule.columns().forEach(c -> partition.add(col(c)));
      String deliveries = "_deliveries_" + index;
      Column ownBatch = col(IngestColumns.DROP_BATCH);
      out =
          out.withColumn(
                  deliveries,
                  collect_list(
                          struct(
                              col(IngestColumns.DROP_BATCH).as("batch"),
                              col(EARLIER_DELIVERY).as("earlier")))
                      .over(Window.partitionBy(partition.toArray(Column[]::new))))
              .withColumn(
                  rowsInBatch(index),
                  size(filter(col(deliveries), d -> d.getField("batch").eqNullSafe(ownBatch))))
              .withColumn(
                  firstEarlierBatch(index),
                  array_min(
                      transform(
                          filter(
                              col(deliveries),
                              d ->
                                  d.getField("batch")
                                      .notEqual(ownBatch)
                                      .and(
                                          d.getField("earlier")
                                              .or(d.getField("batch").lt(ownBatch)))),
                          d -> d.getField("batch"))))
              .drop(deliveries);
      index++;
    }
    return out;
  }

  private List<QualityRule> duplicateRules() {
    return contract.rules().stream().filter(r -> r.type() == RuleType.DUPLICATE_VALUES).toList();
  }

  private int duplicateIndex(QualityRule rule) {
    return duplicateRules().indexOf(rule);
  }

  private static String rowsInBatch(int duplicateRule) {
    return "_dup" + duplicateRule + "_rows_in_batch";
  }

  private static String firstEarlierBatch(int duplicateRule) {
    return "_dup" + duplicateRule + "_first_earlier_batch";
  }

  private static Column keysPresent(QualityRule rule) {
    Column present = lit(true);
    for (String key : rule.columns()) {
      present = present.and(col(key).isNotNull());
    }
    return present;
  }

  private boolean hasRule(String column, RuleType... types) {
    for (QualityRule rule : contract.rules()) {
      for (RuleType type : types) {
        if (rule.type() == type && rule.columns().contains(column)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The array of (rule_id, message) structs of the error checks a row fails (those that quarantine
   * it); empty for a valid row. Built only for the rows that go to the quarantine: deciding which
   * rows fail, and counting them, uses {@link #failureMasks}.
   */
  public static Column failures(Collection<RowCheck> checks) {
    return failing(checks.stream().filter(RowCheck::quarantines).toList());
  }

  private static Column failing(Collection<RowCheck> checks) {
    if (checks.isEmpty()) {
      return filter(array(struct(lit("").as("rule_id"), lit("").as("message"))), x -> lit(false));
    }
    Column[] entries =
        checks.stream()
            .map(
                c ->
                    when(
                        coalesce(c.failed(), lit(false)),
                        struct(lit(c.ruleId()).as("rule_id"), c.message().as("message"))))
            .toArray(Column[]::new);
    return filter(array(entries), x -> x.isNotNull());
  }

  /** Checks per failure mask: the bits of a long, sign bit left alone. */
  static final int CHECKS_PER_MASK = 62;

  /**
   * Which checks a row fails, as bit masks: bit {@code i % 62} of mask {@code i / 62} is set when
   * the row fails check {@code i} of {@code checks}. Plain arithmetic that Spark compiles to code,
   * so deciding and counting failures costs little per row; the messages are built only for the
   * quarantined rows ({@link #failures}).
   */
  public static List<Column> failureMasks(List<RowCheck> checks) {
    List<Column> masks = new ArrayList<>();
    for (int from = 0; from < checks.size(); from += CHECKS_PER_MASK) {
      Column mask = lit(0L);
      for (int i = from; i < Math.min(checks.size(), from + CHECKS_PER_MASK); i++) {
        long bit = 1L << (i - from);
        mask =
            mask.bitwiseOR(when(coalesce(checks.get(i).failed(), lit(false)), bit).otherwise(0L));
      }
      masks.add(mask);
    }
    return masks;
  }

  /** Name of the column holding failure mask {@code index}. */
  static String maskColumn(int index) {
    return "_failed_mask_" + index;
  }

  /** True when the row failed check {@code check} (its masks are in {@link #maskColumn}). */
  static Column failed(int check) {
    long bit = 1L << (check % CHECKS_PER_MASK);
    return col(maskColumn(check / CHECKS_PER_MASK)).bitwiseAND(lit(bit)).notEqual(lit(0L));
  }

  /** True when the row failed any check that quarantines (an error check). */
  static Column failedAnyError(List<RowCheck> checks) {
    Column any = lit(false);
    for (int from = 0; from < checks.size(); from += CHECKS_PER_MASK) {
      long bits = 0;
      for (int i = from; i < Math.min(checks.size(), from + CHECKS_PER_MASK); i++) {
        if (checks.get(i).quarantines()) {
          bits |= 1L << (i - from);
        }
      }
      if (bits != 0) {
        any =
            any.or(col(maskColumn(from / CHECKS_PER_MASK)).bitwiseAND(lit(bits)).notEqual(lit(0L)));
      }
    }
    return any;
  }

  private static String typeName(RuleType type) {
    return switch (type) {
      case NULL_VALUES -> "nullValues";
      case MISSING_VALUES -> "missingValues";
      case INVALID_VALUES -> "invalidValues";
      case DUPLICATE_VALUES -> "duplicateValues";
      case ROW_COUNT -> "rowCount";
      case SQL -> "sql";
    };
  }

  private static String describe(LogicalType type) {
    return switch (type) {
      case INTEGER -> "integer (digits only, e.g. 12)";
      case NUMBER -> "number (e.g. 1234.50, no currency symbol or thousands separator)";
      case BOOLEAN -> "boolean (true or false)";
      case DATE -> "date (yyyy-MM-dd, e.g. 2014-03-31)";
      case STRING -> "string";
    };
  }
}
