package org.pioneereval.jobs.did;

import java.util.List;

/**
 * The rows the model uses, on the driver as primitive arrays: ids as dense codes, periods coded in
 * time order. {@code timeValue} is the numeric time ({@code NaN} when the time column is not
 * numeric); {@code cohort} is {@code NaN} for never-treated rows; {@code treatment} and {@code
 * cohort} are null when not given, as are {@code weights}.
 */
record PanelRows(
    double[] outcome,
    int[] unit,
    int[] period,
    double[] timeValue,
    double[] treatment,
    double[] cohort,
    int[] cluster,
    double[] weights,
    List<double[]> covariates,
    int unitCount,
    int periodCount,
    int clusterCount,
    long rowsRead,
    long rowsDroppedMissing) {

  int size() {
    return outcome.length;
  }
}
