package org.pioneereval.estimators.glm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.EstimationException;

/** Named invariants and closed forms of Poisson PPML, on simulated data. */
class PoissonInvariantsTest {
  private static final GlmVariance BY_UNIT = GlmVariance.clustered("unit");

  /** units x periods Poisson panel; the first half of the units is treated from period `start`. */
  private static final class Panel {
    final double[] y;
    final int[] unit;
    final int[] period;
    final double[] d;
    final double[] x;

    Panel(int units, int periods, int start, double effect, long seed) {
      int n = units * periods;
      y = new double[n];
      unit = new int[n];
      period = new int[n];
      d = new double[n];
      x = new double[n];
      SplittableRandom r = new SplittableRandom(seed);
      MersenneTwister rng = new MersenneTwister(seed);
      double[] a = new double[units];
      for (int u = 0; u < units; u++) {
        a[u] = 1.0 + r.nextDouble();
      }
      for (int u = 0; u < units; u++) {
        for (int t = 0; t < periods; t++) {
          int i = u * periods + t;
          unit[i] = u;
          period[i] = t;
          d[i] = u < units / 2 && t >= start ? 1.0 : 0.0;
          x[i] = r.nextGaussian();
          double mean = Math.exp(a[u] + 0.1 * t + effect * d[i] + 0.2 * x[i]);
          y[i] = new PoissonDistribution(rng, mean, 1e-12, 10_000).sample();
        }
      }
    }
  }

  @Test
  void twoPeriodDidRateRatioIsTheRatioOfRatiosOfMeans() {
    Panel p = new Panel(60, 2, 1, Math.log(0.8), 11L);
    PoissonResult r =
        PoissonRegression.withVariances(BY_UNIT)
            .fit(
                PoissonData.builder()
                    .outcome(p.y)
                    .treatment(p.d)
                    .fixedEffect("unit", p.unit)
                    .fixedEffect("period", p.period)
                    .build());
    double[][] sum = new double[2][2]; // [treated group][period]
    int[][] count = new int[2][2];
    for (int i = 0; i < p.y.length; i++) {
      int g = p.unit[i] < 30 ? 1 : 0;
      sum[g][p.period[i]] += p.y[i];
      count[g][p.period[i]]++;
    }
    double treatedRatio = (sum[1][1] / count[1][1]) / (sum[1][0] / count[1][0]);
    double controlRatio = (sum[0][1] / count[0][1]) / (sum[0][0] / count[0][0]);
    RateRatio rr = r.treatmentRateRatio();
    assertThat(rr.estimate()).isCloseTo(treatedRatio / controlRatio, within(1e-9));
    assertThat(rr.variance()).isEqualTo(BY_UNIT);
    assertThat(rr.lower()).isLessThan(rr.estimate());
    assertThat(rr.upper()).isGreaterThan(rr.estimate());
    double halfWidth = 1.959963984540054 * r.standardError(PoissonData.TREATMENT);
    assertThat(Math.log(rr.upper()) - Math.log(rr.estimate())).isCloseTo(halfWidth, within(1e-12));
    assertThat(rr.percentChange()).isCloseTo(100.0 * (rr.estimate() - 1.0), within(1e-12));
  }

  @Test
  void rateRatioAndClusteredSeAreInvariantToScalingTheOutcome() {
    Panel p = new Panel(40, 6, 3, Math.log(1.25), 5L);
    double[] scaled = new double[p.y.length];
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] = 37.5 * p.y[i];
    }
    PoissonRegression ppml = PoissonRegression.withVariances(BY_UNIT);
    PoissonResult a = ppml.fit(panelData(p, p.y));
    PoissonResult b = ppml.fit(panelData(p, scaled));
    RateRatio ra = a.treatmentRateRatio();
    RateRatio rb = b.treatmentRateRatio();
    assertThat(rb.estimate()).isCloseTo(ra.estimate(), within(1e-8 * ra.estimate()));
    assertThat(rb.lower()).isCloseTo(ra.lower(), within(1e-7 * ra.lower()));
    assertThat(rb.upper()).isCloseTo(ra.upper(), within(1e-7 * ra.upper()));
    assertThat(b.coefficient("x")).isCloseTo(a.coefficient("x"), within(1e-8));
    assertThat(b.standardError("x")).isCloseTo(a.standardError("x"), within(1e-7));
  }

  private static PoissonData panelData(Panel p, double[] y) {
    return PoissonData.builder()
        .outcome(y)
        .treatment(p.d)
        .regressor("x", p.x)
        .fixedEffect("unit", p.unit)
        .fixedEffect("period", p.period)
        .build();
  }

  @Test
  void offsetGivesTheRatioOfRatesInClosedForm() {
    SplittableRandom r = new SplittableRandom(3L);
    MersenneTwister rng = new MersenneTwister(3L);
    int n = 500;
    double[] y = new double[n];
    double[] d = new double[n];
    double[] logExposure = new double[n];
    double[][] sums = new double[2][2]; // [d][0 = count, 1 = exposure]
    for (int i = 0; i < n; i++) {
      d[i] = i % 3 == 0 ? 1.0 : 0.0;
      double exposure = 50.0 + 950.0 * r.nextDouble();
      logExposure[i] = Math.log(exposure);
      y[i] =
          new PoissonDistribution(rng, exposure * 0.01 * (d[i] == 1.0 ? 1.3 : 1.0), 1e-12, 10_000)
              .sample();
      sums[(int) d[i]][0] += y[i];
      sums[(int) d[i]][1] += exposure;
    }
    PoissonResult fit =
        PoissonRegression.withParameters(PoissonParameters.defaults())
            .fit(PoissonData.builder().outcome(y).treatment(d).offset(logExposure).build());
    double byHand = (sums[1][0] / sums[1][1]) / (sums[0][0] / sums[0][1]);
    assertThat(fit.treatmentRateRatio().estimate()).isCloseTo(byHand, within(1e-9));
    assertThat(Math.exp(fit.coefficient(PoissonData.INTERCEPT)))
        .isCloseTo(sums[0][0] / sums[0][1], within(1e-11));
  }

  @Test
  void fixedEffectGroupsWithOnlyZeroOutcomesAreDroppedAndReported() {
    Panel p = new Panel(30, 4, 2, 0.2, 9L);
    double[] y = p.y.clone();
    for (int i = 0; i < y.length; i++) {
      if (p.unit[i] == 4 || p.unit[i] == 20) {
        y[i] = 0.0; // two units (one treated, one control) never count anything
      }
    }
    PoissonResult full = PoissonRegression.withVariances(BY_UNIT).fit(panelData(p, y));
    assertThat(full.observations()).isEqualTo(120 - 8);
    assertThat(full.observationsDropped()).isEqualTo(8);
    assertThat(full.dropped())
        .containsExactly(
            new DroppedObservations("unit", 2, 8, DroppedObservations.ALL_OUTCOMES_ZERO));
    assertThat(full.variance(BY_UNIT).clusters()).isEqualTo(28);

    int m = 0;
    double[] ys = new double[112];
    double[] ds = new double[112];
    double[] xs = new double[112];
    int[] us = new int[112];
    int[] ts = new int[112];
    for (int i = 0; i < y.length; i++) {
      if (p.unit[i] != 4 && p.unit[i] != 20) {
        ys[m] = y[i];
        ds[m] = p.d[i];
        xs[m] = p.x[i];
        us[m] = p.unit[i] - (p.unit[i] > 20 ? 2 : p.unit[i] > 4 ? 1 : 0);
        ts[m] = p.period[i];
        m++;
      }
    }
    PoissonResult subset =
        PoissonRegression.withVariances(BY_UNIT)
            .fit(
                PoissonData.builder()
                    .outcome(ys)
                    .treatment(ds)
                    .regressor("x", xs)
                    .fixedEffect("unit", us)
                    .fixedEffect("period", ts)
                    .build());
    assertThat(full.coefficients()).containsExactly(subset.coefficients());
    assertThat(full.standardError(PoissonData.TREATMENT))
        .isEqualTo(subset.standardError(PoissonData.TREATMENT));
  }

  @Test
  void heteroskedasticEqualsClusteringEachRowAlone() {
    Panel p = new Panel(25, 4, 2, 0.3, 21L);
    int[] row = new int[p.y.length];
    for (int i = 0; i < row.length; i++) {
      row[i] = i;
    }
    GlmVariance byRow = GlmVariance.clustered("row");
    PoissonResult r =
        PoissonRegression.withVariances(GlmVariance.heteroskedastic(), byRow)
            .fit(
                PoissonData.builder()
                    .outcome(p.y)
                    .treatment(p.d)
                    .fixedEffect("unit", p.unit)
                    .fixedEffect("period", p.period)
                    .cluster("row", row)
                    .build());
    // fixest: n/(n-K) against G/(G-1) (n-1)/(n-K) with G = n
    assertThat(r.standardError(PoissonData.TREATMENT, byRow))
        .isCloseTo(
            r.standardError(PoissonData.TREATMENT, GlmVariance.heteroskedastic()), within(1e-12));
    assertThat(r.variance(byRow).parameterCount()).isEqualTo(1 + 25 + 4 - 1);
  }

  @Test
  void projectorMatchesTheExactDummyRegressionResidual() {
    SplittableRandom r = new SplittableRandom(17L);
    int n = 400;
    int[][] ids = new int[3][n];
    int[] sizes = {7, 5, 4};
    double[] v = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      for (int q = 0; q < 3; q++) {
        ids[q][i] = i < sizes[q] ? i : r.nextInt(sizes[q]);
      }
      v[i] = r.nextGaussian() + ids[0][i] - 0.5 * ids[2][i];
      w[i] = 0.2 + r.nextDouble() * 5.0;
    }
    for (int dims = 1; dims <= 3; dims++) {
      int[][] sub = java.util.Arrays.copyOf(ids, dims);
      int[] sz = java.util.Arrays.copyOf(sizes, dims);
      FixedEffectsProjector proj = new FixedEffectsProjector(sub, sz, 1e-13, 100_000);
      proj.setWeights(w);
      double[][] alpha = new double[dims][];
      for (int q = 0; q < dims; q++) {
        alpha[q] = new double[sz[q]];
      }
      double[] res = new double[n];
      proj.residualize(v, alpha, res);
      double[] exact = dummyRegressionResidual(v, w, sub, sz);
      for (int i = 0; i < n; i++) {
        assertThat(res[i]).as("dims %d row %d", dims, i).isCloseTo(exact[i], within(1e-10));
        double fit = 0.0;
        for (int q = 0; q < dims; q++) {
          fit += alpha[q][sub[q][i]];
        }
        assertThat(fit + res[i]).isCloseTo(v[i], within(1e-12));
      }
    }
  }

  /** Weighted least squares on explicit dummies (first level of every later dimension dropped). */
  private static double[] dummyRegressionResidual(double[] v, double[] w, int[][] ids, int[] sz) {
    int n = v.length;
    int p = sz[0];
    for (int q = 1; q < sz.length; q++) {
      p += sz[q] - 1;
    }
    double[][] xtwx = new double[p][p];
    double[] xtwv = new double[p];
    double[][] rows = new double[n][p];
    for (int i = 0; i < n; i++) {
      rows[i][ids[0][i]] = 1.0;
      int off = sz[0];
      for (int q = 1; q < sz.length; q++) {
        if (ids[q][i] > 0) {
          rows[i][off + ids[q][i] - 1] = 1.0;
        }
        off += sz[q] - 1;
      }
      for (int a = 0; a < p; a++) {
        xtwv[a] += w[i] * rows[i][a] * v[i];
        for (int b = 0; b < p; b++) {
          xtwx[a][b] += w[i] * rows[i][a] * rows[i][b];
        }
      }
    }
    double[] coef =
        new org.apache.commons.math3.linear.LUDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(xtwx))
            .getSolver()
            .solve(new org.apache.commons.math3.linear.ArrayRealVector(xtwv))
            .toArray();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double fit = 0.0;
      for (int a = 0; a < p; a++) {
        fit += rows[i][a] * coef[a];
      }
      out[i] = v[i] - fit;
    }
    return out;
  }

  @Test
  void separatedTreatmentIsRejectedWithAnExplanation() {
    Panel p = new Panel(20, 4, 2, 0.0, 1L);
    double[] y = p.y.clone();
    for (int i = 0; i < y.length; i++) {
      if (p.d[i] == 1.0) {
        y[i] = 0.0;
      }
    }
    assertThatThrownBy(() -> PoissonRegression.withVariances(BY_UNIT).fit(panelData(p, y)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining(
            "Regressor 'treatment' is non-zero only on rows whose outcome is zero")
        .hasMessageContaining("separation");
  }

  @Test
  void userErrorsSayWhatToFix() {
    Panel p = new Panel(10, 3, 1, 0.0, 2L);
    assertThatThrownBy(
            () ->
                PoissonRegression.withVariances(GlmVariance.clustered("site"))
                    .fit(panelData(p, p.y)))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("No cluster variable named 'site'")
        .hasMessageContaining("[unit, period]");
    double[] unitLevel = new double[p.y.length];
    for (int i = 0; i < unitLevel.length; i++) {
      unitLevel[i] = p.unit[i] * 0.5;
    }
    assertThatThrownBy(
            () ->
                PoissonRegression.withVariances(BY_UNIT)
                    .fit(
                        PoissonData.builder()
                            .outcome(p.y)
                            .regressor("deprivation", unitLevel)
                            .fixedEffect("unit", p.unit)
                            .build()))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Regressor 'deprivation' is constant within the fixed effects");
    double[] negative = p.y.clone();
    negative[3] = -1.0;
    assertThatThrownBy(() -> panelData(p, negative))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("outcome[3] = -1.0 is negative");
    assertThatThrownBy(() -> GlmVariance.twoWayClustered("unit", "unit"))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("needs two different variables");
    assertThatThrownBy(
            () ->
                PoissonRegression.withVariances(BY_UNIT)
                    .fit(panelData(p, p.y))
                    .standardError("x", GlmVariance.iid()))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Variance IID was not computed");
  }
}
