package org.pioneereval.estimators.glm;

import java.util.Arrays;
import org.pioneereval.estimators.internal.DenseCodes;

/** Dense integer codes: validation, counting, re-coding and crossing. */
final class Codes {
  private Codes() {}

  static void checkDense(String what, int[] ids) {
    DenseCodes.checkDense(what, ids);
  }

  /** Number of levels of dense codes (largest code + 1). */
  static int count(int[] ids) {
    int max = -1;
    for (int id : ids) {
      max = Math.max(max, id);
    }
    return max + 1;
  }

  /**
   * The codes of the kept rows ({@code rows} increasing), re-coded densely in the order of the
   * original codes.
   */
  static int[] subsetRecode(int[] ids, int[] rows) {
    if (rows.length == ids.length) {
      return ids; // every row kept: already dense (and never modified)
    }
    int[] map = new int[count(ids)];
    Arrays.fill(map, -1);
    for (int r : rows) {
      map[ids[r]] = 0;
    }
    int next = 0;
    for (int v = 0; v < map.length; v++) {
      if (map[v] == 0) {
        map[v] = next++;
      }
    }
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = map[ids[rows[i]]];
    }
    return out;
  }

  static double[] subset(double[] v, int[] rows) {
    if (rows.length == v.length) {
      return v; // every row kept (callers never modify the arrays)
    }
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = v[rows[i]];
    }
    return out;
  }

  /**
   * Dense codes of the pairs {@code (a_i, b_i)}, in the order of {@code a * levelsB + b}; {@code
   * pairs[0]} receives the number of distinct pairs.
   */
  static int[] cross(int[] a, int levelsA, int[] b, int levelsB, int[] pairs) {
    int n = a.length;
    long cells = (long) levelsA * levelsB;
    int[] out = new int[n];
    if (cells <= Math.max(4L * n, 1L << 16)) {
      int[] map = new int[(int) cells];
      Arrays.fill(map, -1);
      for (int i = 0; i < n; i++) {
        map[a[i] * levelsB + b[i]] = 0;
      }
      int next = 0;
      for (int c = 0; c < map.length; c++) {
        if (map[c] == 0) {
          map[c] = next++;
        }
      }
      for (int i = 0; i < n; i++) {
        out[i] = map[a[i] * levelsB + b[i]];
      }
      pairs[0] = next;
      return out;
    }
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      keys[i] = (long) a[i] * levelsB + b[i];
    }
    long[] sorted = keys.clone();
    Arrays.sort(sorted);
    int unique = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[unique++] = sorted[i];
      }
    }
    long[] distinct = Arrays.copyOf(sorted, unique);
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.binarySearch(distinct, keys[i]);
    }
    pairs[0] = unique;
    return out;
  }

  /** True when every level of {@code fe} occurs within a single level of {@code cluster}. */
  static boolean nestedIn(int[] fe, int levels, int[] cluster) {
    int[] owner = new int[levels];
    Arrays.fill(owner, -1);
    for (int i = 0; i < fe.length; i++) {
      if (owner[fe[i]] < 0) {
        owner[fe[i]] = cluster[i];
      } else if (owner[fe[i]] != cluster[i]) {
        return false;
      }
    }
    return true;
  }
}
