package org.pioneereval.jobs.did;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * Reads an analyst's file with Spark, checks the named columns (present, numeric where they must
 * be, treatment 0/1, weights positive) in one aggregation, and brings only the model's columns to
 * the driver as primitive arrays, streaming one partition at a time.
 *
 * <p>Driver memory: the arrays take about {@code 12 + 8 x (numeric columns)} bytes per row
 * (outcome, time, treatment or cohort, weights, each covariate; ids as ints), e.g. 40 bytes per row
 * without covariates, so 10 million rows need about 0.4 GB, and the estimators' working copies
 * (demeaned columns) about three times that again. Rows are sorted before they are collected, so
 * results do not depend on how the file is split into partitions or stored (CSV, Parquet, Delta).
 */
final class PanelFile {

  // aliases of the selected columns, chosen so that they cannot clash with user column names
  static final String Y = "__did_outcome";
  static final String UNIT = "__did_unit";
  static final String TIME = "__did_time";
  static final String TIME_VALUE = "__did_time_value";
  static final String TREATMENT = "__did_treatment";
  static final String COHORT = "__did_cohort";
  static final String CLUSTER = "__did_cluster";
  static final String WEIGHT = "__did_weight";
  static final String COVARIATE = "__did_covariate_";

  private PanelFile() {}

  /**
   * The validated rows the model can use (no missing value), as the aliased columns, over a cached
   * copy of the file's used columns (read and parsed once for every later pass); {@link #release}
   * drops the cache.
   */
  record Usable(Dataset<Row> rows, long rowsRead, long rowsDroppedMissing, Dataset<Row> cached) {
    void release() {
      cached.unpersist();
    }
  }

  static Usable usable(SparkSession spark, DidSpecification spec, InputFormat format) {
    Dataset<Row> raw = format.read(spark, spec.input());
    List<String> available = List.of(raw.columns());
    List<String> used = new ArrayList<>();
    for (String[] optionColumn : spec.columnsByOption()) {
      if (!available.contains(optionColumn[1])) {
        throw PipelineErrors.didMissingColumn(optionColumn[0], optionColumn[1], available);
      }
      if (!used.contains(optionColumn[1])) {
        used.add(optionColumn[1]);
      }
    }
    Dataset<Row> cached =
        raw.select(used.stream().map(PanelFile::column).toArray(Column[]::new))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      StructType schema = cached.schema();
      long[] counts = validate(cached, schema, spec);
      long rowsRead = counts[0];
      long missing = counts[1];
      if (rowsRead - missing == 0) {
        throw PipelineErrors.didNoRows(spec.input(), rowsRead);
      }
      Dataset<Row> rows =
          cached.filter(anyMissing(spec).unary_$bang()).select(selection(schema, spec));
      return new Usable(rows, rowsRead, missing, cached);
    } catch (RuntimeException e) {
      cached.unpersist();
      throw e;
    }
  }

  static PanelRows collect(SparkSession spark, DidSpecification spec, InputFormat format) {
    return collect(spec, usable(spark, spec, format));
  }

  static PanelRows collect(DidSpecification spec, Usable usable) {
    Dataset<Row> sorted =
        usable.rows().orderBy(sortColumns(spec)).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return toArrays(sorted, spec, usable.rowsRead(), usable.rowsDroppedMissing());
    } finally {
      sorted.unpersist();
    }
  }

  /** {@code [rows read, rows with a missing value]}; throws on the first invalid column. */
  private static long[] validate(Dataset<Row> raw, StructType schema, DidSpecification spec) {
    List<Column> aggregates = new ArrayList<>();
    aggregates.add(count(lit(1)));
    aggregates.add(countWhere(anyMissing(spec)));
    List<String[]> numericColumns = new ArrayList<>();
    numericColumns.add(new String[] {"--outcome", spec.outcome(), "as the outcome"});
    spec.treatment()
        .ifPresent(c -> numericColumns.add(new String[] {"--treatment", c, "(0 or 1)"}));
    spec.cohort()
        .ifPresent(
            c ->
                numericColumns.add(
                    new String[] {
                      "--cohort", c, "(the first treated period, empty or 0 if never)"
                    }));
    spec.weights()
        .ifPresent(c -> numericColumns.add(new String[] {"--weights", c, "(analytic weights)"}));
    for (String c : spec.covariates()) {
      numericColumns.add(new String[] {"--covariates", c, "as a covariate"});
    }
    if (spec.needsNumericTime()) {
      numericColumns.add(
          new String[] {
            "--time", spec.time(), "for event times and cohorts (whole periods, e.g. 1, 2, 3)"
          });
    }
    for (String[] c : numericColumns) {
      Column value = column(c[1]);
      aggregates.add(countWhere(value.isNotNull().and(numeric(schema, c[1]).isNull())));
    }
    Column treatment = spec.treatment().map(c -> numeric(schema, c)).orElse(lit(0.0));
    aggregates.add(
        countWhere(
            treatment.isNotNull().and(treatment.notEqual(0.0).and(treatment.notEqual(1.0)))));
    Column weight = spec.weights().map(c -> numeric(schema, c)).orElse(lit(1.0));
    aggregates.add(countWhere(weight.isNotNull().and(weight.leq(0.0))));
    Column time = numeric(schema, spec.time());
    Column fractional;
    if (spec.cohort().isPresent()) {
      Column cohort = numeric(schema, spec.cohort().get());
      Column eventTime = time.minus(cohort);
      fractional = cohort.notEqual(0.0).and(eventTime.notEqual(round(eventTime, 0)));
    } else if (spec.needsNumericTime()) {
      fractional = time.notEqual(round(time, 0));
    } else {
      fractional = lit(false);
    }
    if (spec.method().isStaggered()) {
      // period labels and cohorts are whole periods for the staggered-adoption estimators
      fractional = fractional.or(time.notEqual(round(time, 0)));
    }
    aggregates.add(countWhere(fractional));
    Row r =
        raw.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    int at = 2;
    for (String[] c : numericColumns) {
      long bad = r.getLong(at++);
      if (bad > 0) {
        throw PipelineErrors.didNonNumericColumn(c[0], c[1], bad, c[2]);
      }
    }
    long notBinary = r.getLong(at++);
    if (notBinary > 0) {
      throw PipelineErrors.didTreatmentNotBinary(spec.treatment().orElseThrow(), notBinary);
    }
    long notPositive = r.getLong(at++);
    if (notPositive > 0) {
      throw PipelineErrors.didWeightsNotPositive(spec.weights().orElseThrow(), notPositive);
    }
    long notWhole = r.getLong(at);
    if (notWhole > 0) {
      throw PipelineErrors.didNotWholePeriods(spec.cohort().orElse(spec.time()), notWhole);
    }
    return new long[] {r.getLong(0), r.getLong(1)};
  }

  /** A row is left out when a column the model needs is empty; an empty cohort means never. */
  private static Column anyMissing(DidSpecification spec) {
    Column missing = lit(false);
    for (String[] optionColumn : spec.columnsByOption()) {
      if (!optionColumn[0].equals("--cohort")) {
        missing = missing.or(column(optionColumn[1]).isNull());
      }
    }
    return missing;
  }

  private static Column[] selection(StructType schema, DidSpecification spec) {
    List<Column> columns = new ArrayList<>();
    columns.add(numeric(schema, spec.outcome()).as(Y));
    columns.add(column(spec.unit()).cast(DataTypes.StringType).as(UNIT));
    columns.add(column(spec.time()).cast(DataTypes.StringType).as(TIME));
    columns.add(numeric(schema, spec.time()).as(TIME_VALUE));
    spec.treatment().ifPresent(c -> columns.add(numeric(schema, c).as(TREATMENT)));
    spec.cohort().ifPresent(c -> columns.add(numeric(schema, c).as(COHORT)));
    columns.add(column(spec.clusterColumn()).cast(DataTypes.StringType).as(CLUSTER));
    spec.weights().ifPresent(c -> columns.add(numeric(schema, c).as(WEIGHT)));
    for (int j = 0; j < spec.covariates().size(); j++) {
      columns.add(numeric(schema, spec.covariates().get(j)).as(COVARIATE + j));
    }
    return columns.toArray(Column[]::new);
  }

  static Column[] sortColumns(DidSpecification spec) {
    List<Column> order = new ArrayList<>();
    for (String name : new String[] {UNIT, TIME, CLUSTER, Y}) {
      order.add(col(name));
    }
    for (String optional : new String[] {TREATMENT, COHORT, WEIGHT}) {
      boolean present =
          switch (optional) {
            case TREATMENT -> spec.treatment().isPresent();
            case COHORT -> spec.cohort().isPresent();
            default -> spec.weights().isPresent();
          };
      if (present) {
        order.add(col(optional));
      }
    }
    for (int j = 0; j < spec.covariates().size(); j++) {
      order.add(col(COVARIATE + j));
    }
    return order.toArray(Column[]::new);
  }

  private static PanelRows toArrays(
      Dataset<Row> usable, DidSpecification spec, long rowsRead, long missing) {
    Map<String, Integer> periodIndex = periodIndex(usable);
    long count = usable.count();
    if (count > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("more rows than a Java array holds: " + count);
    }
    int n = (int) count;
    int k = spec.covariates().size();
    double[] y = new double[n];
    int[] unit = new int[n];
    int[] period = new int[n];
    double[] timeValue = new double[n];
    double[] treatment = spec.treatment().isPresent() ? new double[n] : null;
    double[] cohort = spec.cohort().isPresent() ? new double[n] : null;
    int[] cluster = new int[n];
    double[] weights = spec.weights().isPresent() ? new double[n] : null;
    List<double[]> covariates = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      covariates.add(new double[n]);
    }
    Map<String, Integer> unitIndex = new HashMap<>();
    Map<String, Integer> clusterIndex = new HashMap<>();
    Iterator<Row> rows = usable.toLocalIterator();
    int i = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      if (i == n) {
        throw new IllegalStateException("the input changed while it was read: more than " + n);
      }
      y[i] = row.getDouble(row.fieldIndex(Y));
      unit[i] =
          unitIndex.computeIfAbsent(row.getString(row.fieldIndex(UNIT)), u -> unitIndex.size());
      period[i] = periodIndex.get(row.getString(row.fieldIndex(TIME)));
      int at = row.fieldIndex(TIME_VALUE);
      timeValue[i] = row.isNullAt(at) ? Double.NaN : row.getDouble(at);
      if (treatment != null) {
        treatment[i] = row.getDouble(row.fieldIndex(TREATMENT));
      }
      if (cohort != null) {
        int c = row.fieldIndex(COHORT);
        cohort[i] = row.isNullAt(c) || row.getDouble(c) == 0.0 ? Double.NaN : row.getDouble(c);
      }
      cluster[i] =
          clusterIndex.computeIfAbsent(
              row.getString(row.fieldIndex(CLUSTER)), g -> clusterIndex.size());
      if (weights != null) {
        weights[i] = row.getDouble(row.fieldIndex(WEIGHT));
      }
      for (int j = 0; j < k; j++) {
        covariates.get(j)[i] = row.getDouble(row.fieldIndex(COVARIATE + j));
      }
      i++;
    }
    if (i != n) {
      throw new IllegalStateException("the input changed while it was read: " + i + " of " + n);
    }
    return new PanelRows(
        y,
        unit,
        period,
        timeValue,
        treatment,
        cohort,
        cluster,
        weights,
        covariates,
        unitIndex.size(),
        periodIndex.size(),
        clusterIndex.size(),
        rowsRead,
        missing);
  }

  /** Periods coded 0..T-1 in time order: numeric order when every time is a number, else text. */
  static Map<String, Integer> periodIndex(Dataset<Row> usable) {
    return periodIndex(usable.select(TIME, TIME_VALUE).distinct().collectAsList());
  }

  /** Periods coded 0..T-1 from the distinct (time text, time number) pairs. */
  static Map<String, Integer> periodIndex(List<Row> times) {
    boolean numeric = times.stream().noneMatch(r -> r.isNullAt(1));
    List<Row> sorted = new ArrayList<>(times);
    sorted.sort(
        numeric
            ? Comparator.comparingDouble((Row r) -> r.getDouble(1))
            : Comparator.comparing((Row r) -> r.getString(0)));
    Map<String, Integer> index = new HashMap<>();
    for (Row r : sorted) {
      index.putIfAbsent(r.getString(0), index.size());
    }
    return index;
  }

  /** The column as a double: numbers and booleans convert, text parses (else null), others null. */
  private static Column numeric(StructType schema, String name) {
    DataType type = schema.apply(name).dataType();
    Column c = column(name);
    if (type instanceof NumericType || type instanceof BooleanType) {
      return c.cast(DataTypes.DoubleType);
    }
    if (type instanceof StringType) {
      return c.try_cast(DataTypes.DoubleType);
    }
    return lit(null).cast(DataTypes.DoubleType);
  }

  /** A user column by its exact name, dots and spaces included. */
  private static Column column(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  private static Column countWhere(Column condition) {
    return coalesce(sum(when(condition, 1L).otherwise(0L)), lit(0L));
  }
}
