package org.pioneereval.estimators.internal;

import org.pioneereval.estimators.EstimationErrors;

/** Validation of integer codes (units, periods, clusters, fixed-effect levels) shared by inputs. */
public final class DenseCodes {

  private DenseCodes() {}

  /**
   * Checks that {@code ids} are 0..max with every level present.
   *
   * @throws org.pioneereval.estimators.EstimationException naming {@code what} and the first
   *     negative or missing code
   */
  public static void checkDense(String what, int[] ids) {
    int max = -1;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0) {
        throw EstimationErrors.negativeCode(what, i, ids[i]);
      }
      max = Math.max(max, ids[i]);
    }
    boolean[] seen = new boolean[max + 1];
    for (int id : ids) {
      seen[id] = true;
    }
    for (int v = 0; v <= max; v++) {
      if (!seen[v]) {
        throw EstimationErrors.sparseCodes(what, v, max);
      }
    }
  }
}
