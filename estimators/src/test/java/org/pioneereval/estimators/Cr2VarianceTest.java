package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * CR2 (Bell-McCaffrey) against R clubSandwich 0.5 {@code vcovCR(lm(... + factor(unit) +
 * factor(time)), cluster, type = "CR2")} with the fixed effects as dummies. No publication prints
 * CR2 for these data; the numbers were computed with clubSandwich (Debian r-cran-clubsandwich) as
 * an independent check that absorbing the nested unit effects leaves CR2 unchanged.
 */
class Cr2VarianceTest {
  private static final ReferenceTable BASE_DID = ReferenceTable.load("fixest_base_did/data.csv");

  private static PanelObservations baseDid(int idsPerCluster, boolean weighted) {
    double[] id = BASE_DID.numbers("id");
    double[] treat = BASE_DID.numbers("treat");
    double[] post = BASE_DID.numbers("post");
    int n = id.length;
    double[] d = new double[n];
    int[] cluster = new int[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = treat[i] * post[i];
      cluster[i] = ((int) id[i] - 1) / idsPerCluster;
      w[i] = 1 + ((int) id[i] % 3);
    }
    PanelObservations.Builder b =
        PanelObservations.builder()
            .outcome(BASE_DID.numbers("y"))
            .unit(BASE_DID.codes("id"))
            .time(BASE_DID.codes("period"))
            .treatment(d)
            .cluster(cluster)
            .covariate("x1", BASE_DID.numbers("x1"));
    if (weighted) {
      b.weights(w);
    }
    return b.build();
  }

  @Test
  void unitClusteredTwfeMatchesClubSandwich() {
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR2).fit(baseDid(1, false));
    assertThat(e.standardError()).isCloseTo(0.4551058740, within(1e-9));
    assertThat(e.regression().standardError("x1")).isCloseTo(0.0460272705, within(1e-9));
    assertThat(e.degreesOfFreedom()).isEqualTo(107.0);
  }

  @Test
  void weightedTwfeWithClustersOfFourUnitsMatchesClubSandwich() {
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR2).fit(baseDid(4, true));
    assertThat(e.standardError()).isCloseTo(0.4291337502, within(1e-9));
    assertThat(e.regression().standardError("x1")).isCloseTo(0.0524844725, within(1e-9));
    assertThat(e.nClusters()).isEqualTo(27);
  }

  @Test
  void singleTreatedStateMatchesClubSandwich() {
    ReferenceTable od = ReferenceTable.load("organ_donations/data.csv");
    double[] d = new double[od.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = od.string(i, "State").equals("California") && od.number(i, "Quarter_Num") > 3 ? 1 : 0;
    }
    int[] state = od.codes("State");
    PanelObservations obs =
        PanelObservations.builder()
            .outcome(od.numbers("Rate"))
            .unit(state)
            .time(od.codes("Quarter_Num"))
            .treatment(d)
            .cluster(state)
            .build();
    DidEstimate e = TwoWayFixedEffectsDid.withVariance(VarianceType.CR2).fit(obs);
    assertThat(e.standardError()).isCloseTo(0.0060203553, within(1e-10));
  }
}
