package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Binned end points pool distant event times; without binning those rows leave the sample. */
class EventStudyWindowTest {
  private static final ReferenceTable DATA = ReferenceTable.load("fixest_base_did/data.csv");

  private static PanelObservations obs() {
    int[] id = DATA.codes("id");
    return PanelObservations.builder()
        .outcome(DATA.numbers("y"))
        .unit(id)
        .time(DATA.codes("period"))
        .cluster(id)
        .covariate("x1", DATA.numbers("x1"))
        .build();
  }

  private static int[] eventTimes() {
    double[] period = DATA.numbers("period");
    double[] treat = DATA.numbers("treat");
    int[] e = new int[period.length];
    for (int i = 0; i < e.length; i++) {
      e[i] = treat[i] == 1.0 ? (int) period[i] - 6 : EventStudy.NEVER_TREATED;
    }
    return e;
  }

  @Test
  void binnedEndPointsEqualExplicitlyPooledDummies() {
    EventStudyResult binned =
        EventStudy.builder()
            .variance(VarianceType.CR1_FIXEST)
            .window(-3, 2)
            .binEndpoints(true)
            .build()
            .fit(obs(), eventTimes());
    // the same model by hand: event time <= -3 pooled, >= 2 pooled
    int[] e = eventTimes();
    int[] pooled = new int[e.length];
    for (int i = 0; i < e.length; i++) {
      pooled[i] = e[i] == EventStudy.NEVER_TREATED ? e[i] : Math.max(-3, Math.min(2, e[i]));
    }
    EventStudyResult manual =
        EventStudy.builder()
            .variance(VarianceType.CR1_FIXEST)
            .window(-3, 2)
            .binEndpoints(false)
            .build()
            .fit(obs(), pooled);
    assertThat(binned.coefficients()).hasSize(5);
    assertThat(binned.regression().nObservations()).isEqualTo(1080);
    for (int k : List.of(-3, -2, 0, 1, 2)) {
      assertThat(binned.coefficient(k).estimate())
          .isCloseTo(manual.coefficient(k).estimate(), within(1e-12));
      assertThat(binned.coefficient(k).standardError())
          .isCloseTo(manual.coefficient(k).standardError(), within(1e-12));
    }
    assertThat(binned.preTrendWald().df1()).isEqualTo(2);
  }

  @Test
  void withoutBinningRowsOutsideTheWindowAreDropped() {
    EventStudyResult trimmed =
        EventStudy.builder()
            .variance(VarianceType.CR1_FIXEST)
            .window(-3, 2)
            .binEndpoints(false)
            .build()
            .fit(obs(), eventTimes());
    // 55 treated ids lose event times -5, -4, 3, 4
    assertThat(trimmed.regression().nObservations()).isEqualTo(1080 - 55 * 4);
    assertThat(trimmed.coefficients())
        .extracting(EventStudyCoefficient::eventTime)
        .containsExactly(-3, -2, 0, 1, 2);
  }
}
