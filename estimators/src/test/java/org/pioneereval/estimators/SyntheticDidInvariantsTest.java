package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.synth.PeriodWeight;
import org.pioneereval.estimators.synth.PlaceboDraws;
import org.pioneereval.estimators.synth.SynthEstimate;
import org.pioneereval.estimators.synth.SynthMethod;
import org.pioneereval.estimators.synth.SynthPanel;
import org.pioneereval.estimators.synth.SynthResult;
import org.pioneereval.estimators.synth.SyntheticDid;
import org.pioneereval.estimators.synth.UnitWeight;

/**
 * Named invariants of the synthetic DiD family (on California Proposition 99 and on a simulated
 * block design with a known effect).
 */
class SyntheticDidInvariantsTest {
  private static final SynthPanel CALIFORNIA = CaliforniaProp99ReferenceTest.panel();

  /** The panel with every outcome plus {@code shift}, optionally with a copy of California. */
  private static SynthPanel californiaVariant(double shift, int copiesOfCalifornia) {
    int[] periods = CALIFORNIA.periods();
    List<String> units = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    List<String> treated = new ArrayList<>();
    for (String unit : CALIFORNIA.units()) {
      double[] row = new double[periods.length];
      for (int t = 0; t < periods.length; t++) {
        row[t] = CALIFORNIA.outcome(unit, periods[t]) + shift;
      }
      boolean isTreated = unit.equals("California");
      for (int c = 0; c < (isTreated ? copiesOfCalifornia : 1); c++) {
        String label = c == 0 ? unit : unit + " copy " + c;
        units.add(label);
        rows.add(row.clone());
        if (isTreated) {
          treated.add(label);
        }
      }
    }
    return SynthPanel.builder()
        .units(units)
        .periods(periods)
        .outcomes(rows.toArray(new double[0][]))
        .treatedUnits(treated)
        .firstTreatedPeriod(1989)
        .build();
  }

  @Test
  void addingAConstantToEveryOutcomeLeavesSdidAndDidUnchanged() {
    for (double shift : new double[] {100.0, -50.5, 1e4}) {
      SynthPanel shifted = californiaVariant(shift, 1);
      // published: SDID -15.6038278727338469 (azcausal), DID -27.349111083614943 (verify.R)
      assertThat(SyntheticDid.withMethod(SynthMethod.SDID).estimate(shifted).estimate())
          .isCloseTo(-15.6038278727338469, within(1e-8));
      assertThat(SyntheticDid.withMethod(SynthMethod.DID).estimate(shifted).estimate())
          .isCloseTo(-27.349111083614943, within(1e-10));
    }
  }

  @Test
  void sdidWithWeightsForcedUniformEqualsDid() {
    // a huge ridge makes the simplex optimum (and the Frank-Wolfe path from uniform) uniform
    SynthEstimate uniform =
        SyntheticDid.builder()
            .method(SynthMethod.SDID)
            .unitWeightRegularization(1e9)
            .timeWeightRegularization(1e9)
            .build()
            .estimate(CALIFORNIA);
    for (UnitWeight w : uniform.unitWeights()) {
      assertThat(w.weight()).isCloseTo(1.0 / 38, within(1e-12));
    }
    for (PeriodWeight w : uniform.periodWeights()) {
      assertThat(w.weight()).isCloseTo(1.0 / 19, within(1e-12));
    }
    SynthEstimate did = SyntheticDid.withMethod(SynthMethod.DID).estimate(CALIFORNIA);
    assertThat(uniform.estimate()).isCloseTo(did.estimate(), within(1e-10));
    assertThat(uniform.estimate()).isCloseTo(-27.349111083614943, within(1e-10));
  }

  @Test
  void weightsAreOnTheSimplexForEveryMethod() {
    List<SynthPanel> panels = List.of(CALIFORNIA, simulated(0.0).panel());
    for (SynthPanel panel : panels) {
      for (SynthMethod method : SynthMethod.values()) {
        SynthEstimate e = SyntheticDid.withMethod(method).estimate(panel);
        double omega = 0.0;
        for (UnitWeight w : e.unitWeights()) {
          assertThat(w.weight()).as("%s omega of %s", method, w.unit()).isGreaterThanOrEqualTo(0.0);
          omega += w.weight();
        }
        assertThat(omega).as("%s sum of omega", method).isCloseTo(1.0, within(1e-12));
        double lambda = 0.0;
        for (PeriodWeight w : e.periodWeights()) {
          assertThat(w.weight()).isGreaterThanOrEqualTo(0.0);
          lambda += w.weight();
        }
        double expected = method == SynthMethod.SC || method == SynthMethod.SC_REG ? 0.0 : 1.0;
        assertThat(lambda).as("%s sum of lambda", method).isCloseTo(expected, within(1e-12));
      }
    }
  }

  @Test
  void aBlockOfIdenticalTreatedUnitsEstimatesLikeOneUnit() {
    SynthPanel block = californiaVariant(0.0, 2);
    assertThat(block.treatedCount()).isEqualTo(2);
    // SC's ridge does not depend on N1: vignette / verify_sdid_sc.R -19.6196634709440225
    assertThat(SyntheticDid.withMethod(SynthMethod.SC).estimate(block).estimate())
        .isCloseTo(-19.6196634709440225, within(1e-9));
    // SDID's default eta_omega = (N1 T1)^(1/4) grows with N1; fixed at (1 * 12)^(1/4) it is the
    // single-unit SDID: azcausal -15.6038278727338469
    SynthEstimate sdid =
        SyntheticDid.builder()
            .method(SynthMethod.SDID)
            .unitWeightRegularization(Math.pow(12, 0.25))
            .build()
            .estimate(block);
    assertThat(sdid.estimate()).isCloseTo(-15.6038278727338469, within(1e-10));
    assertThat(SyntheticDid.withMethod(SynthMethod.SDID).estimate(block).parameters().unitEta())
        .isCloseTo(Math.pow(24, 0.25), within(1e-15));
  }

  @Test
  void sdidRecoversAKnownEffectWhereDidIsBiasedByADifferentialTrend() {
    Simulation sim = simulated(2.0);
    SynthResult sdid =
        SyntheticDid.withMethod(SynthMethod.SDID)
            .estimateWithPlacebo(sim.panel(), PlaceboDraws.seeded(100, 7L));
    double did = SyntheticDid.withMethod(SynthMethod.DID).estimate(sim.panel()).estimate();
    // truth 2.0; the treated block loads 2.0 on the trend factor t/10, the controls 1.5 on
    // average, so DID is biased by about 0.5 * (32.5 - 14.5) / 10 = 0.9, while SDID's weights
    // match the treated block's loading
    assertThat(sdid.estimate()).isCloseTo(2.0, within(0.15));
    assertThat(did - 2.0).isGreaterThan(0.5);
    assertThat(sdid.confidenceInterval().lower()).isLessThan(2.0);
    assertThat(sdid.confidenceInterval().upper()).isGreaterThan(2.0);
    // the weights concentrate on controls with a loading near the treated block's
    double loading = 0.0;
    List<UnitWeight> weights = sdid.fit().unitWeights();
    for (UnitWeight w : weights) {
      loading += w.weight() * sim.loadings()[Integer.parseInt(w.unit().substring(1))];
    }
    assertThat(loading).isCloseTo(2.0, within(0.1));
  }

  @Test
  void seededPlaceboDrawsAreReproducible() {
    SynthPanel panel = simulated(0.0).panel();
    SyntheticDid sdid = SyntheticDid.withMethod(SynthMethod.SDID);
    SynthResult a = sdid.estimateWithPlacebo(panel, PlaceboDraws.seeded(50, 11L));
    SynthResult b = sdid.estimateWithPlacebo(panel, PlaceboDraws.seeded(50, 11L));
    assertThat(a.placebo().placeboEstimates()).isEqualTo(b.placebo().placeboEstimates());
    assertThat(a.standardError()).isEqualTo(b.standardError());
    assertThat(a.placebo().replications()).isEqualTo(50);
  }

  @Test
  void placeboStandardErrorIsTheScaledSpreadOfThePlaceboEstimates() {
    SynthResult r =
        SyntheticDid.withMethod(SynthMethod.SDID)
            .estimateWithPlacebo(CALIFORNIA, CaliforniaProp99ReferenceTest.rDraws());
    List<Double> taus = r.placebo().placeboEstimates();
    double mean = taus.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double ss = taus.stream().mapToDouble(t -> (t - mean) * (t - mean)).sum();
    // SE = sqrt((r - 1) / r) * sd = sqrt(ss / r); CI = tau +- 1.96 SE
    assertThat(r.standardError()).isCloseTo(Math.sqrt(ss / 200), within(1e-12));
    assertThat(r.confidenceInterval().lower())
        .isCloseTo(r.estimate() - 1.96 * r.standardError(), within(1e-12));
    assertThat(r.confidenceInterval().level()).isEqualTo(0.95);
  }

  record Simulation(SynthPanel panel, double[] loadings) {}

  /**
   * 60 control sites and a block of 3 treated sites, 30 pre- and 6 post-months: {@code y = a_i +
   * b_t + g_i f_t + tau D_it + e} with b_t = 0.5 sin(t / 3), f_t = t / 10 a trend factor, control
   * loadings g_i evenly spread over [0, 3], treated loadings 2.0, triangular noise with sd 0.2.
   */
  static Simulation simulated(double tau) {
    SplittableRandom random = new SplittableRandom(20260101L);
    int controls = 60;
    int treated = 3;
    int periods = 36;
    List<String> units = new ArrayList<>();
    double[][] y = new double[controls + treated][periods];
    double[] loadings = new double[controls + treated];
    double[] timeEffect = new double[periods];
    for (int t = 0; t < periods; t++) {
      timeEffect[t] = 0.5 * Math.sin(t / 3.0);
    }
    List<String> treatedUnits = new ArrayList<>();
    for (int i = 0; i < controls + treated; i++) {
      String label = String.format("s%02d", i);
      units.add(label);
      boolean isTreated = i >= controls;
      if (isTreated) {
        treatedUnits.add(label);
      }
      loadings[i] = isTreated ? 2.0 : 3.0 * (i + 0.5) / controls;
      double level = 5.0 + random.nextDouble() * 3.0;
      for (int t = 0; t < periods; t++) {
        double noise = 0.2 * (random.nextDouble() + random.nextDouble() - 1.0) * Math.sqrt(6.0);
        double effect = isTreated && t >= 30 ? tau : 0.0;
        y[i][t] = level + timeEffect[t] + loadings[i] * t / 10.0 + effect + noise;
      }
    }
    int[] labels = new int[periods];
    for (int t = 0; t < periods; t++) {
      labels[t] = t + 1;
    }
    SynthPanel panel =
        SynthPanel.builder()
            .units(units)
            .periods(labels)
            .outcomes(y)
            .treatedUnits(treatedUnits)
            .firstTreatedPeriod(31)
            .build();
    return new Simulation(panel, loadings);
  }
}
