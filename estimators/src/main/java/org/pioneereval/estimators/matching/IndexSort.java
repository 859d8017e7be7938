package org.pioneereval.estimators.matching;

/**
 * Stable sorting of row indices by a double key: the keys are gathered once into a contiguous array
 * and sorted together with the indices (bottom-up merge sort on parallel primitive arrays), which
 * keeps a sort of millions of rows cache-friendly and free of boxing.
 */
final class IndexSort {
  private static final int RUN = 32;

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
    double[] k = new double[n];
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = index[from + i];
      k[i] = key[a[i]];
    }
    sort(k, a);
    System.arraycopy(a, 0, index, from, n);
  }

  /** Sorts stably by decreasing key (ties keep their order in {@code index}). */
  static void sortDescending(int[] index, int from, int to, double[] key) {
    int n = to - from;
    if (n < 2) {
      return;
    }
    double[] k = new double[n];
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = index[from + i];
      k[i] = -key[a[i]];
    }
    sort(k, a);
    System.arraycopy(a, 0, index, from, n);
  }

  /** Stable sort of {@code a} by {@code k}, both permuted together. */
  private static void sort(double[] k, int[] a) {
    int n = k.length;
    for (int lo = 0; lo < n; lo += RUN) {
      int hi = Math.min(n, lo + RUN);
      for (int i = lo + 1; i < hi; i++) {
        double kv = k[i];
        int av = a[i];
        int j = i - 1;
        while (j >= lo && k[j] > kv) {
          k[j + 1] = k[j];
          a[j + 1] = a[j];
          j--;
        }
        k[j + 1] = kv;
        a[j + 1] = av;
      }
    }
    if (n <= RUN) {
      return;
    }
    double[] k2 = new double[n];
    int[] a2 = new int[n];
    double[] ks = k;
    int[] as = a;
    for (int width = RUN; width < n; width *= 2) {
      for (int lo = 0; lo < n; lo += 2 * width) {
        int mid = Math.min(n, lo + width);
        int hi = Math.min(n, lo + 2 * width);
        int i = lo;
        int j = mid;
        int o = lo;
        while (i < mid && j < hi) {
          if (ks[j] < ks[i]) {
            k2[o] = ks[j];
            a2[o++] = as[j++];
          } else {
            k2[o] = ks[i];
            a2[o++] = as[i++];
          }
        }
        while (i < mid) {
          k2[o] = ks[i];
          a2[o++] = as[i++];
        }
        while (j < hi) {
          k2[o] = ks[j];
          a2[o++] = as[j++];
        }
      }
      double[] tk = ks;
      ks = k2;
      k2 = tk;
      int[] ta = as;
      as = a2;
      a2 = ta;
    }
    if (ks != k) {
      System.arraycopy(ks, 0, k, 0, n);
      System.arraycopy(as, 0, a, 0, n);
    }
  }
}
