package org.pioneereval.generator.internal;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.AbstractRandomGenerator;

/**
 * Independent random streams, one per site and purpose, derived from the seed alone. Because no
 * stream is shared between sites, the output does not depend on which thread writes which site, and
 * changing one part of the design (say the number of survey respondents) leaves the other extracts
 * unchanged.
 */
public final class RandomStreams {
  private RandomStreams() {}

  /** What a stream is used for; the id (not the ordinal) enters the stream's seed. */
  public enum Purpose {
    SITE_PARAMETERS(1),
    COHORT(2),
    ADMISSIONS(3),
    COSTS(4),
    SURVEY(5),
    /** Each resident's deprivation quintile (drawn apart from the cohort, which it post-dates). */
    DEPRIVATION(6),
    /** Enrolment of pioneer residents in the programme, given their prior admissions. */
    ENROLMENT(7);

    private final long id;

    Purpose(long id) {
      this.id = id;
    }
  }

  /** The stream of {@code purpose} for site {@code siteCode}. */
  public static SplittableRandom stream(long seed, String siteCode, Purpose purpose) {
    long h = mix64(seed + 0x9E3779B97F4A7C15L * purpose.id);
    for (int i = 0; i < siteCode.length(); i++) {
      h = mix64(h + siteCode.charAt(i));
    }
    return new SplittableRandom(h);
  }

  /** SplitMix64's finaliser (Stafford variant 13). */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A lognormal draw with mean one: exp(sigma z - sigma^2 / 2) for the given normal draw z. */
  public static double meanOneLogNormal(double sigma, double z) {
    return Math.exp(sigma * z - 0.5 * sigma * sigma);
  }

  /** Draws from Poisson distributions with commons-math's sampler on a site's stream. */
  public static final class PoissonSampler {
    private final Adapter adapter;

    public PoissonSampler(SplittableRandom random) {
      this.adapter = new Adapter(random);
    }

    /** One Poisson draw with the given mean (0 when the mean is 0). */
    public int sample(double mean) {
      if (!(mean > 0)) {
        if (mean == 0) {
          return 0;
        }
        throw new IllegalStateException("Poisson mean must not be negative: " + mean);
      }
      return new PoissonDistribution(
              adapter,
              mean,
              PoissonDistribution.DEFAULT_EPSILON,
              PoissonDistribution.DEFAULT_MAX_ITERATIONS)
          .sample();
    }
  }

  /** commons-math view of a SplittableRandom. */
  private static final class Adapter extends AbstractRandomGenerator {
    private SplittableRandom random;

    Adapter(SplittableRandom random) {
      this.random = random;
    }

    @Override
    public void setSeed(long seed) {
      random = new SplittableRandom(seed);
      clear();
    }

    @Override
    public double nextDouble() {
      return random.nextDouble();
    }
  }
}
