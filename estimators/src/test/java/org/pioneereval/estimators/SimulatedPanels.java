package org.pioneereval.estimators;

import java.util.Random;

/** Small simulated panels with a known data-generating process, for invariant tests. */
final class SimulatedPanels {
  private SimulatedPanels() {}

  /**
   * Sites (clusters) with several units each, T periods, treated sites adopt at {@code adoption};
   * unbalanced (about 10% of unit-periods missing) when {@code unbalanced}; weights and a
   * covariate.
   */
  static PanelObservations sites(
      long seed,
      int sites,
      int treatedSites,
      int unitsPerSite,
      int periods,
      int adoption,
      double effect,
      boolean unbalanced,
      boolean weighted) {
    Random random = new Random(seed);
    int max = sites * unitsPerSite * periods;
    double[] y = new double[max];
    int[] unit = new int[max];
    int[] time = new int[max];
    double[] d = new double[max];
    int[] cluster = new int[max];
    double[] w = new double[max];
    double[] x = new double[max];
    int n = 0;
    for (int s = 0; s < sites; s++) {
      double siteEffect = random.nextGaussian();
      double siteTrendShock = 0.0;
      for (int u = 0; u < unitsPerSite; u++) {
        double unitEffect = random.nextGaussian();
        double weight = 1.0 + random.nextInt(4);
        for (int t = 0; t < periods; t++) {
          siteTrendShock = u == 0 ? 0.5 * siteTrendShock + random.nextGaussian() * 0.3 : 0.0;
          if (unbalanced && random.nextDouble() < 0.1) {
            continue;
          }
          boolean treated = s < treatedSites && t >= adoption;
          double xi = random.nextGaussian() + 0.1 * t;
          unit[n] = s * unitsPerSite + u;
          time[n] = t;
          cluster[n] = s;
          d[n] = treated ? 1.0 : 0.0;
          w[n] = weight;
          x[n] = xi;
          y[n] =
              siteEffect
                  + unitEffect
                  + 0.2 * t
                  + 0.5 * xi
                  + (treated ? effect : 0.0)
                  + siteTrendShock
                  + random.nextGaussian();
          n++;
        }
      }
    }
    PanelObservations.Builder b =
        PanelObservations.builder()
            .outcome(java.util.Arrays.copyOf(y, n))
            .unit(PanelObservations.recode(java.util.Arrays.copyOf(unit, n)))
            .time(java.util.Arrays.copyOf(time, n))
            .treatment(java.util.Arrays.copyOf(d, n))
            .cluster(java.util.Arrays.copyOf(cluster, n))
            .covariate("x", java.util.Arrays.copyOf(x, n));
    if (weighted) {
      b.weights(java.util.Arrays.copyOf(w, n));
    }
    return b.build();
  }
}
