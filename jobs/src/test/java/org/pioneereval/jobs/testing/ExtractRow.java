package org.pioneereval.jobs.testing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One CSV row of an extract as field values by column name (an absent column is written as an empty
 * field, i.e. null). Immutable: {@link #with} returns a changed copy, so a test states a fault as
 * "a valid row, with this one field changed".
 */
public final class ExtractRow {

  private final Map<String, String> fields;

  private ExtractRow(Map<String, String> fields) {
    this.fields = fields;
  }

  /** A row from alternating column names and values. */
  public static ExtractRow of(String... columnsAndValues) {
    if (columnsAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("columns and values must come in pairs");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < columnsAndValues.length; i += 2) {
      fields.put(columnsAndValues[i], columnsAndValues[i + 1]);
    }
    return new ExtractRow(fields);
  }

  /** A copy with {@code column} set to {@code value} (null writes an empty field). */
  public ExtractRow with(String column, String value) {
    Map<String, String> copy = new LinkedHashMap<>(fields);
    copy.put(column, value);
    return new ExtractRow(copy);
  }

  /** The field of {@code column}, or null when it is empty. */
  public String get(String column) {
    return fields.get(column);
  }

  public Map<String, String> fields() {
    return Collections.unmodifiableMap(fields);
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
