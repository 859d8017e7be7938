package org.pioneereval.jobs.report;

import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Null-safe reads of result rows. Results tables grow columns over releases (Delta merges the
 * schema on append), so a lake written by an older pioneer-eval may lack a column or hold nulls in
 * it: both read as null here, and the report shows a dash instead of failing.
 */
final class Cells {

  private Cells() {}

  static boolean has(Row row, String column) {
    return has(row.schema(), column);
  }

  static boolean has(StructType schema, String column) {
    return Arrays.asList(schema.fieldNames()).contains(column);
  }

  static Double dbl(Row row, String column) {
    if (!has(row, column) || row.isNullAt(row.fieldIndex(column))) {
      return null;
    }
    return ((Number) row.getAs(column)).doubleValue();
  }

  static Integer integer(Row row, String column) {
    if (!has(row, column) || row.isNullAt(row.fieldIndex(column))) {
      return null;
    }
    return ((Number) row.getAs(column)).intValue();
  }

  static Long lng(Row row, String column) {
    if (!has(row, column) || row.isNullAt(row.fieldIndex(column))) {
      return null;
    }
    return ((Number) row.getAs(column)).longValue();
  }

  static String str(Row row, String column) {
    if (!has(row, column) || row.isNullAt(row.fieldIndex(column))) {
      return null;
    }
    return row.getAs(column).toString();
  }

  static boolean flag(Row row, String column) {
    if (!has(row, column) || row.isNullAt(row.fieldIndex(column))) {
      return false;
    }
    return row.<Boolean>getAs(column);
  }
}
