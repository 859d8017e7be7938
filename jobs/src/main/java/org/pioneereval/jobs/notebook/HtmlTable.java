package org.pioneereval.jobs.notebook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.jobs.report.DisclosureControl;

/**
 * A table for a notebook: shown as HTML by the kernel ({@link #toHtml()}), as aligned text
 * elsewhere ({@link #toString()}). Built from rows of values or from a Spark {@link Dataset}
 * (collected, so only for small results: aggregates, effects, a page of rows). Doubles are shown as
 * the report shows effects (4 decimals below 1, 3 below 100, 1 above), longs (counts) with
 * thousands separators, everything else as it prints (years and waves as integers).
 *
 * <p>Counts of patients, rows or drops can be published only under disclosure control: {@link
 * #withSmallCountsSuppressed} shows counts of 1 to 7 as {@code *} ({@link DisclosureControl}).
 */
public final class HtmlTable {

  /** Rows of a dataset shown at most, unless a limit is given. */
  public static final int ROW_LIMIT_DEFAULT = 50;

  private final String caption;
  private final List<String> columns;
  private final List<List<Object>> rows;
  private final long totalRows;

  private HtmlTable(String caption, List<String> columns, List<List<Object>> rows, long total) {
    this.caption = caption;
    this.columns = List.copyOf(columns);
    this.rows = rows;
    this.totalRows = total;
  }

  /** An empty table with a caption and column headers; add rows with {@link #row}. */
  public static HtmlTable withColumns(String caption, String... columns) {
    return new HtmlTable(caption, Arrays.asList(columns), new ArrayList<>(), -1);
  }

  /** The first {@value #ROW_LIMIT_DEFAULT} rows of a dataset. */
  public static HtmlTable of(String caption, Dataset<Row> rows) {
    return of(caption, rows, ROW_LIMIT_DEFAULT);
  }

  /** The first {@code limit} rows of a dataset, with the number of rows it has. */
  public static HtmlTable of(String caption, Dataset<Row> rows, int limit) {
    List<Row> page = rows.limit(limit + 1).collectAsList();
    long total = page.size() > limit ? rows.count() : page.size();
    List<List<Object>> values = new ArrayList<>();
    for (Row row : page.subList(0, Math.min(limit, page.size()))) {
      List<Object> cells = new ArrayList<>();
      for (int i = 0; i < row.length(); i++) {
        cells.add(row.get(i));
      }
      values.add(cells);
    }
    return new HtmlTable(caption, Arrays.asList(rows.columns()), values, total);
  }

  /** Appends a row; values are formatted as numbers where they are numbers. */
  public HtmlTable row(Object... values) {
    if (values.length != columns.size()) {
      throw new IllegalArgumentException(
          "A row of table '"
              + caption
              + "' needs "
              + columns.size()
              + " values ("
              + String.join(", ", columns)
              + "), got "
              + values.length
              + ".");
    }
    rows.add(new ArrayList<>(Arrays.asList(values)));
    return this;
  }

  /**
   * A copy in which the integer counts of the named columns are shown under disclosure control:
   * counts of 1 to {@code threshold - 1} as {@code *}.
   */
  public HtmlTable withSmallCountsSuppressed(DisclosureControl control, String... countColumns) {
    Set<Integer> indexes = new HashSet<>();
    for (String column : countColumns) {
      indexes.add(indexOf(column));
    }
    List<List<Object>> shown = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> copy = new ArrayList<>(row);
      for (int index : indexes) {
        if (copy.get(index) instanceof Number count) {
          copy.set(index, control.show(count.longValue()));
        }
      }
      shown.add(copy);
    }
    return new HtmlTable(caption, columns, shown, totalRows);
  }

  /**
   * A copy in which each row's parts of a total are shown under disclosure control with secondary
   * suppression ({@link DisclosureControl#showWithTotal}): when one part is suppressed, a second is
   * too, so that the total minus the others does not reveal it. The total itself is suppressed only
   * when small. E.g. rows received (total) = rows accepted + rows quarantined (parts).
   */
  public HtmlTable withPartsOfTotalSuppressed(
      DisclosureControl control, String totalColumn, String... partColumns) {
    int total = indexOf(totalColumn);
    int[] parts = Arrays.stream(partColumns).mapToInt(this::indexOf).toArray();
    List<List<Object>> shown = new ArrayList<>();
    for (List<Object> row : rows) {
      List<Object> copy = new ArrayList<>(row);
      if (copy.get(total) instanceof Number count) {
        copy.set(total, control.show(count.longValue()));
      }
      List<Long> counts = new ArrayList<>();
      for (int part : parts) {
        counts.add(copy.get(part) instanceof Number n ? n.longValue() : 0L);
      }
      List<String> texts = control.showWithTotal(counts);
      for (int k = 0; k < parts.length; k++) {
        copy.set(parts[k], texts.get(k));
      }
      shown.add(copy);
    }
    return new HtmlTable(caption, columns, shown, totalRows);
  }

  private int indexOf(String column) {
    int index = columns.indexOf(column);
    if (index < 0) {
      throw new IllegalArgumentException(
          "Table '" + caption + "' has no column '" + column + "'; it has " + columns + ".");
    }
    return index;
  }

  public List<String> columns() {
    return columns;
  }

  /** The cell texts as shown, row by row. */
  public List<List<String>> cells() {
    List<List<String>> texts = new ArrayList<>();
    for (List<Object> row : rows) {
      List<String> cells = new ArrayList<>();
      row.forEach(v -> cells.add(cell(v)));
      texts.add(cells);
    }
    return texts;
  }

  public String toHtml() {
    StringBuilder html = new StringBuilder(1024);
    html.append("<table class=\"pioneer-eval\"><caption style=\"text-align:left;font-weight:600\">")
        .append(Formats.escape(caption))
        .append(footnote())
        .append("</caption><thead><tr>");
    for (String column : columns) {
      html.append("<th>").append(Formats.escape(column)).append("</th>");
    }
    html.append("</tr></thead><tbody>");
    for (List<Object> row : rows) {
      html.append("<tr>");
      for (Object value : row) {
        html.append(value instanceof Number ? "<td style=\"text-align:right\">" : "<td>")
            .append(Formats.escape(cell(value)))
            .append("</td>");
      }
      html.append("</tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private String footnote() {
    return totalRows > rows.size()
        ? String.format(Locale.ROOT, " (first %d of %,d rows)", rows.size(), totalRows)
        : "";
  }

  /** The table as aligned text: caption, header and rows. */
  @Override
  public String toString() {
    List<List<String>> cells = cells();
    int[] widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = columns.get(i).length();
      for (List<String> row : cells) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder(caption).append(footnote()).append('\n');
    appendLine(text, columns, widths);
    for (List<String> row : cells) {
      appendLine(text, row, widths);
    }
    return text.toString().stripTrailing();
  }

  private static void appendLine(StringBuilder text, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      text.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", cells.get(i)));
      text.append(i + 1 < cells.size() ? "  " : "\n");
    }
  }

  private static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double || value instanceof Float) {
      return Formats.number(((Number) value).doubleValue());
    }
    if (value instanceof Long count) {
      return String.format(Locale.ROOT, "%,d", count); // Spark's counts and sums are longs
    }
    return value.toString();
  }
}
