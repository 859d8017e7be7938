package org.pioneereval.estimators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A reference CSV from src/test/resources/reference, read by column name. */
final class ReferenceTable {
  private final List<String> header;
  private final List<String[]> rows;

  private ReferenceTable(List<String> header, List<String[]> rows) {
    this.header = header;
    this.rows = rows;
  }

  static ReferenceTable load(String resource) {
    InputStream in = ReferenceTable.class.getResourceAsStream("/reference/" + resource);
    if (in == null) {
      throw new IllegalStateException("missing test resource /reference/" + resource);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> header = List.of(split(r.readLine()));
      List<String[]> rows = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty()) {
          rows.add(split(line));
        }
      }
      return new ReferenceTable(header, rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out.toArray(new String[0]);
  }

  int size() {
    return rows.size();
  }

  private int col(String name) {
    int c = header.indexOf(name);
    if (c < 0) {
      throw new IllegalStateException("no column " + name + " in " + header);
    }
    return c;
  }

  String string(int row, String column) {
    return rows.get(row)[col(column)];
  }

  boolean isMissing(int row, String column) {
    return rows.get(row)[col(column)].isEmpty() || rows.get(row)[col(column)].equals("NA");
  }

  double number(int row, String column) {
    return Double.parseDouble(string(row, column));
  }

  double[] numbers(String column) {
    int c = col(column);
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      String s = rows.get(i)[c];
      out[i] = s.isEmpty() || s.equals("NA") ? Double.NaN : Double.parseDouble(s);
    }
    return out;
  }

  /** Dense 0-based codes of a column's values, in sorted order of the (numeric or text) values. */
  int[] codes(String column) {
    int c = col(column);
    Map<Object, Integer> map = new TreeMap<>();
    boolean numeric = true;
    for (String[] row : rows) {
      try {
        Double.parseDouble(row[c]);
      } catch (NumberFormatException e) {
        numeric = false;
      }
    }
    Map<String, Object> keys = new HashMap<>();
    for (String[] row : rows) {
      Object key = numeric ? (Object) Double.valueOf(row[c]) : row[c];
      keys.put(row[c], key);
      map.put(key, 0);
    }
    int next = 0;
    for (Map.Entry<Object, Integer> e : map.entrySet()) {
      e.setValue(next++);
    }
    int[] out = new int[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = map.get(keys.get(rows.get(i)[c]));
    }
    return out;
  }
}
