package org.pioneereval.estimators.matching;

/** Stable sorting of row indices by a double key (bottom-up merge sort, no boxing). */
final class IndexSort {
  private IndexSort() {}

  /**
   * Sorts {@code index[from, to)} by {@code key[index[i]]}, ascending, stably (equal keys keep
   * their order in {@code index}).
   */
  static void sortAscending(int[] index, int from, int to, double[] key) {
    int n = to - from;
    if (n < 2) {
      return;
    }
    int[] a = new int[n];
    System.arraycopy(index, from, a, 0, n);
    int[] b = new int[n];
    // insertion sort on runs of 32, then merge
    int run = 32;
    for (int lo = 0; lo < n; lo += run) {
      int hi = Math.min(n, lo + run);
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        double kv = key[v];
        int j = i - 1;
        while (j >= lo && key[a[j]] > kv) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
    }
    for (int width = run; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) {
          b[o++] = key[a[j]] < key[a[i]] ? a[j++] : a[i++];
        }
        while (i < mid) {
          b[o++] = a[i++];
        }
        while (j < hi) {
          b[o++] = a[j++];
        }
      }
      int[] t = a;
      a = b;
      b = t;
    }
    System.arraycopy(a, 0, index, from, n);
  }

  /** Sorts stably by decreasing key (ties keep their order in {@code index}). */
  static void sortDescending(int[] index, int from, int to, double[] key) {
    double[] negated = new double[key.length];
    for (int i = from; i < to; i++) {
      negated[index[i]] = -key[index[i]];
    }
    sortAscending(index, from, to, negated);
  }
}
