package org.pioneereval.estimators;

import java.util.SplittableRandom;

/** Distribution of the cluster-level multipliers of the wild cluster bootstrap. */
public enum BootstrapWeights {
  /** +1 or -1 with probability 1/2 each (Cameron, Gelbach and Miller 2008). */
  RADEMACHER {
    @Override
    double draw(SplittableRandom random) {
      return random.nextBoolean() ? 1.0 : -1.0;
    }
  },
  /**
   * Webb's (2023) six-point distribution: +-sqrt(1/2), +-1, +-sqrt(3/2), probability 1/6 each;
   * preferred with fewer than about 12 clusters, where Rademacher has few distinct draws.
   */
  WEBB {
    private final double[] points = {
      -Math.sqrt(1.5), -1.0, -Math.sqrt(0.5), Math.sqrt(0.5), 1.0, Math.sqrt(1.5)
    };

    @Override
    double draw(SplittableRandom random) {
      return points[random.nextInt(6)];
    }
  };

  abstract double draw(SplittableRandom random);

  /**
   * The multipliers a bootstrap with this seed uses: {@code [draw][cluster]}, drawn draw by draw
   * and cluster by cluster from {@link SplittableRandom}{@code (seed)}.
   */
  public double[][] generate(long seed, int draws, int clusters) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] v = new double[draws][clusters];
    for (int b = 0; b < draws; b++) {
      for (int g = 0; g < clusters; g++) {
        v[b][g] = draw(random);
      }
    }
    return v;
  }
}
