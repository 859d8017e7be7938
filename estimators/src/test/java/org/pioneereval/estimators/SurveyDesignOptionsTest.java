package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.survey.SurveyDesign;
import org.pioneereval.estimators.survey.SurveyEstimate;

/**
 * Other ways to describe the apiclus1 design, against R survey 4.1-1 (15 significant digits):
 *
 * <pre>
 * d &lt;- read.csv("data.csv", colClasses = c(cds = "character"))
 * svymean(~api00, svydesign(id = ~1, weights = ~pw, data = d))                 # 644.169398907104 (7.8171811596296)
 * svymean(~api00, svydesign(id = ~dnum, strata = ~stype, weights = ~pw, data = d, nest = TRUE))
 *                                                                              # 644.169398907104 (18.3076135247736)
 * dc &lt;- svydesign(id = ~dnum, weights = ~pw, data = d, fpc = ~fpc)
 * g &lt;- calibrate(dc, ~api99, population = c(6194, 3914069))
 * svyby(~api00, ~stype, g, svymean)    # E 671.763168265016 (4.43611374378268), H 637.614734990333
 *                                      # (26.90438507812684), M 653.587703185040 (13.43859542934249)
 * svyratio(~api.stu, ~enroll, subset(g, stype == "H"))   # 0.833368788786151 (0.0120856585100816)
 * </pre>
 */
class SurveyDesignOptionsTest {
  private static final ReferenceTable API = SurveyApiReferenceTest.DATA;
  private static final double R15 = 1e-9; // percent

  @Test
  void individuallySampledRowsWithoutFpc() {
    SurveyDesign d = SurveyDesign.builder().rowsArePsus().weights(API.numbers("pw")).build();
    SurveyEstimate m = d.mean("api00", API.numbers("api00"));
    assertThat(m.estimate()).isCloseTo(644.169398907104, withinPercentage(R15));
    assertThat(m.standardError()).isCloseTo(7.8171811596296, withinPercentage(R15));
    assertThat(m.degreesOfFreedom()).isEqualTo(182);
  }

  @Test
  void districtsNestedInSchoolTypeStrata() {
    String[] stype = new String[API.size()];
    String[] dnum = new String[API.size()];
    for (int i = 0; i < stype.length; i++) {
      stype[i] = API.string(i, "stype");
      dnum[i] = API.string(i, "dnum");
    }
    SurveyDesign d =
        SurveyDesign.builder().strata(stype).clusters(dnum).weights(API.numbers("pw")).build();
    assertThat(d.strataCount()).isEqualTo(3);
    assertThat(d.psuCount()).isEqualTo(15 + 8 + 12); // district x type combinations
    SurveyEstimate m = d.mean("api00", API.numbers("api00"));
    assertThat(m.estimate()).isCloseTo(644.169398907104, withinPercentage(R15));
    assertThat(m.standardError()).isCloseTo(18.3076135247736, withinPercentage(R15));
  }

  @Test
  void samplingFractionsEqualPopulationCounts() {
    // fpc = 15/757 as a fraction gives the published svymean(~api00, dclus1): 644.17 (23.542)
    double[] fraction = new double[API.size()];
    java.util.Arrays.fill(fraction, 15.0 / 757.0);
    String[] dnum = new String[API.size()];
    for (int i = 0; i < dnum.length; i++) {
      dnum[i] = API.string(i, "dnum");
    }
    SurveyDesign d =
        SurveyDesign.builder()
            .clusters(dnum)
            .weights(API.numbers("pw"))
            .samplingFractions(fraction)
            .build();
    SurveyApiReferenceTest.assertEstimate(
        d.mean("api00", API.numbers("api00")), "644.17", "23.542", "fraction fpc");
  }

  @Test
  void calibratedDomainEstimates() {
    org.pioneereval.estimators.survey.SurveyDesign g = SurveyApiReferenceTest.gclus1();
    double[][] expected = {
      {671.763168265016, 4.43611374378268},
      {637.614734990333, 26.90438507812684},
      {653.587703185040, 13.43859542934249}
    };
    String[] types = {"E", "H", "M"};
    for (int t = 0; t < 3; t++) {
      SurveyEstimate m =
          g.mean("api00", API.numbers("api00"), SurveyApiReferenceTest.where("stype", types[t]));
      assertThat(m.estimate()).as(types[t]).isCloseTo(expected[t][0], withinPercentage(R15));
      assertThat(m.standardError())
          .as(types[t] + " SE")
          .isCloseTo(expected[t][1], withinPercentage(R15));
    }
    SurveyEstimate ratio =
        g.ratio(
            "api.stu",
            API.numbers("api.stu"),
            "enroll",
            API.numbers("enroll"),
            SurveyApiReferenceTest.where("stype", "H"));
    assertThat(ratio.estimate()).isCloseTo(0.833368788786151, withinPercentage(R15));
    assertThat(ratio.standardError()).isCloseTo(0.0120856585100816, withinPercentage(R15));
  }
}
