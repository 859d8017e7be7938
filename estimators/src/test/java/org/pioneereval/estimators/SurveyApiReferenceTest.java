package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.survey.Domain;
import org.pioneereval.estimators.survey.PsuKey;
import org.pioneereval.estimators.survey.SurveyCoefficient;
import org.pioneereval.estimators.survey.SurveyDesign;
import org.pioneereval.estimators.survey.SurveyEstimate;
import org.pioneereval.estimators.survey.SurveyGlm;
import org.pioneereval.estimators.survey.SurveyGlmResult;
import org.pioneereval.estimators.survey.SurveyQuantile;
import org.pioneereval.estimators.survey.SurveyQuantile.QuantileEstimate;

/**
 * Every number printed in the R {@code survey} 4.1-1 vignette "A survey analysis example" (Lumley,
 * July 17, 2021) for {@code dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc =
 * ~fpc)} and {@code gclus1 <- calibrate(dclus1, ~api99, population = c(6194, 3914069))}
 * (reference/survey_api/README.md), each at the precision printed there: an estimate printed as
 * 644.17 must lie within 0.005 of it.
 */
class SurveyApiReferenceTest {
  static final ReferenceTable DATA = ReferenceTable.load("survey_api/data.csv");

  static SurveyDesign dclus1() {
    String[] dnum = new String[DATA.size()];
    for (int i = 0; i < dnum.length; i++) {
      dnum[i] = DATA.string(i, "dnum");
    }
    return SurveyDesign.builder()
        .clusters(dnum)
        .weights(DATA.numbers("pw"))
        .populationPsus(DATA.numbers("fpc"))
        .build();
  }

  static SurveyDesign gclus1() {
    return dclus1()
        .calibrate(
            List.of("api99"), new double[][] {DATA.numbers("api99")}, new double[] {6194, 3914069});
  }

  /** 0/1 indicator of {@code column == value}. */
  static double[] indicator(String column, String value) {
    double[] out = new double[DATA.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = DATA.string(i, column).equals(value) ? 1.0 : 0.0;
    }
    return out;
  }

  static Domain where(String column, String value) {
    boolean[] rows = new boolean[DATA.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = DATA.string(i, column).equals(value);
    }
    return new Domain(column + " == " + value, rows);
  }

  /**
   * Asserts {@code actual} rounds to the printed value: within half a unit of its last printed
   * digit (for {@code 1.32e-14}: of the last mantissa digit).
   */
  static void assertPrinted(double actual, String printed, String what) {
    String s = printed.startsWith("-") ? printed.substring(1) : printed;
    int e = s.toLowerCase(java.util.Locale.ROOT).indexOf('e');
    String mantissa = e >= 0 ? s.substring(0, e) : s;
    int exponent = e >= 0 ? Integer.parseInt(s.substring(e + 1)) : 0;
    int dot = mantissa.indexOf('.');
    int decimals = dot < 0 ? 0 : mantissa.length() - dot - 1;
    double tolerance = 0.5 * Math.pow(10, exponent - decimals) * (1 + 1e-9);
    assertThat(actual)
        .as(what + " printed " + printed)
        .isCloseTo(Double.parseDouble(printed), within(tolerance));
  }

  static void assertEstimate(SurveyEstimate est, String estimate, String se, String what) {
    assertPrinted(est.estimate(), estimate, what);
    assertPrinted(est.standardError(), se, what + " SE");
  }

  @Test
  void summaryOfTheDesign() {
    // summary(dclus1): "With (15) clusters", probabilities all 0.02954, "Population size (PSUs):
    // 757"
    SurveyDesign d = dclus1();
    assertThat(d.psuCount()).isEqualTo(15);
    assertThat(d.strataCount()).isEqualTo(1);
    assertThat(d.degreesOfFreedom()).isEqualTo(14);
    for (double w : d.weights()) {
      assertPrinted(1.0 / w, "0.02954", "sampling probability");
    }
    assertThat(d.variance().populationPsus()).containsEntry(PsuKey.NO_STRATUM, 757.0);
  }

  @Test
  void meanTotalsAndRatios() {
    SurveyDesign d = dclus1();
    assertEstimate(d.mean("api00", DATA.numbers("api00")), "644.17", "23.542", "svymean api00");
    assertEstimate(d.total("stypeE", indicator("stype", "E")), "4873.97", "1333.32", "stypeE");
    assertEstimate(d.total("stypeH", indicator("stype", "H")), "473.86", "158.70", "stypeH");
    assertEstimate(d.total("stypeM", indicator("stype", "M")), "846.17", "167.55", "stypeM");
    assertEstimate(d.total("enroll", DATA.numbers("enroll")), "3404940", "932235", "enroll");
    SurveyEstimate ratio =
        d.ratio("api.stu", DATA.numbers("api.stu"), "enroll", DATA.numbers("enroll"));
    assertEstimate(ratio, "0.8497087", "0.008386297", "svyratio");
    // svyratio(~api.stu, ~enroll, design = subset(dclus1, stype == "H"))
    SurveyEstimate high =
        d.ratio(
            "api.stu",
            DATA.numbers("api.stu"),
            "enroll",
            DATA.numbers("enroll"),
            where("stype", "H"));
    assertEstimate(high, "0.8300683", "0.01472607", "svyratio subset H");
    assertThat(high.domain()).isEqualTo("stype == H");
  }

  @Test
  void quantilesWithWoodruffIntervals() {
    // svyquantile(~api00, dclus1, quantile = c(0.25, 0.5, 0.75), ci = TRUE)
    assertQuantiles(
        dclus1(),
        new String[][] {
          {"0.25", "552", "492", "627", "31.47166"},
          {"0.5", "652", "561", "714", "35.66788"},
          {"0.75", "719", "696", "777", "18.88300"}
        });
  }

  @Test
  void calibratedQuantiles() {
    // svyquantile(~api00, gclus1, quantile = c(0.25, 0.5, 0.75), ci = TRUE)
    assertQuantiles(
        gclus1(),
        new String[][] {
          {"0.25", "595", "561", "627", "15.386145"},
          {"0.5", "684", "664", "698", "7.926196"},
          {"0.75", "737", "722", "759", "8.625566"}
        });
  }

  private static void assertQuantiles(SurveyDesign design, String[][] rows) {
    for (String[] r : rows) {
      QuantileEstimate q =
          SurveyQuantile.estimate(
              design, "api00", DATA.numbers("api00"), Double.parseDouble(r[0]), 0.95);
      assertPrinted(q.quantile(), r[1], "quantile " + r[0]);
      assertPrinted(q.interval().lower(), r[2], "ci.2.5 " + r[0]);
      assertPrinted(q.interval().upper(), r[3], "ci.97.5 " + r[0]);
      assertPrinted(q.standardError(), r[4], "se " + r[0]);
      assertThat(q.degreesOfFreedom()).isEqualTo(14);
    }
  }

  @Test
  void meansOfCompleteCasesAsADomain() {
    // vars <- names(apiclus1)[c(12:13,16:23,27:37)]; svymean(make.formula(vars), dclus1, na.rm =
    // TRUE)
    List<String> vars =
        List.of(
            "api00",
            "api99",
            "sch.wide",
            "comp.imp",
            "both",
            "awards",
            "meals",
            "ell",
            "yr.rnd",
            "mobility",
            "pct.resp",
            "not.hsg",
            "hsg",
            "some.col",
            "col.grad",
            "grad.sch",
            "avg.ed",
            "full",
            "emer",
            "enroll",
            "api.stu");
    boolean[] complete = new boolean[DATA.size()];
    int count = 0;
    for (int i = 0; i < complete.length; i++) {
      complete[i] = true;
      for (String v : vars) {
        complete[i] &= !DATA.isMissing(i, v);
      }
      count += complete[i] ? 1 : 0;
    }
    assertThat(count).isEqualTo(157);
    Domain cc = new Domain("complete cases", complete);
    SurveyDesign d = dclus1();
    String[][] published = {
      {"api00", "643.203822", "25.4936"},
      {"api99", "605.490446", "25.4987"},
      {"sch.wide=No", "0.127389", "0.0247"},
      {"sch.wide=Yes", "0.872611", "0.0247"},
      {"comp.imp=No", "0.273885", "0.0365"},
      {"comp.imp=Yes", "0.726115", "0.0365"},
      {"both=No", "0.273885", "0.0365"},
      {"both=Yes", "0.726115", "0.0365"},
      {"awards=No", "0.292994", "0.0397"},
      {"awards=Yes", "0.707006", "0.0397"},
      {"meals", "50.636943", "6.6588"},
      {"ell", "26.891720", "2.1567"},
      {"yr.rnd=No", "0.942675", "0.0358"},
      {"yr.rnd=Yes", "0.057325", "0.0358"},
      {"mobility", "17.719745", "1.4555"},
      {"pct.resp", "67.171975", "9.6553"},
      {"not.hsg", "23.082803", "3.1976"},
      {"hsg", "24.847134", "1.1167"},
      {"some.col", "25.210191", "1.4709"},
      {"col.grad", "20.611465", "1.7305"},
      {"grad.sch", "6.229299", "1.5361"},
      {"avg.ed", "2.621529", "0.1054"},
      {"full", "87.127389", "2.1624"},
      {"emer", "10.968153", "1.7612"},
      {"enroll", "573.713376", "46.5959"},
      {"api.stu", "487.318471", "41.4182"}
    };
    for (String[] p : published) {
      String[] level = p[0].split("=");
      double[] y = level.length == 2 ? indicator(level[0], level[1]) : DATA.numbers(p[0]);
      SurveyEstimate m = d.mean(p[0], y, cc);
      assertEstimate(m, p[1], p[2], "na.rm mean " + p[0]);
      assertThat(m.domain()).isEqualTo("complete cases");
    }
  }

  @Test
  void domainMeansBySchoolType() {
    // svyby(~ell + meals, ~stype, design = dclus1, svymean)
    String[][] published = {
      {"E", "29.69444", "53.09028", "1.411617", "7.070399"},
      {"H", "15.00000", "37.57143", "5.347065", "5.912262"},
      {"M", "22.68000", "43.08000", "2.952862", "6.017110"}
    };
    SurveyDesign d = dclus1();
    for (String[] p : published) {
      Domain stype = where("stype", p[0]);
      assertEstimate(d.mean("ell", DATA.numbers("ell"), stype), p[1], p[3], "ell " + p[0]);
      assertEstimate(d.mean("meals", DATA.numbers("meals"), stype), p[2], p[4], "meals " + p[0]);
    }
  }

  @Test
  void gaussianSurveyGlm() {
    // summary(svyglm(api00 ~ ell + meals, design = dclus1))
    SurveyGlmResult fit =
        SurveyGlm.gaussian()
            .fit(
                dclus1(),
                DATA.numbers("api00"),
                List.of("ell", "meals"),
                DATA.numbers("ell"),
                DATA.numbers("meals"));
    assertCoefficient(fit.coefficient("(Intercept)"), "817.1823", "18.6709", "43.768", "1.32e-14");
    assertCoefficient(fit.coefficient("ell"), "-0.5088", "0.3259", "-1.561", "0.144");
    assertCoefficient(fit.coefficient("meals"), "-3.1456", "0.3018", "-10.423", "2.29e-07");
    assertThat(fit.residualDegreesOfFreedom()).isEqualTo(12);
    assertPrinted(fit.dispersion(), "3161.207", "dispersion");
    assertThat(fit.rows()).isEqualTo(183);
  }

  @Test
  void quasibinomialSurveyGlm() {
    // summary(svyglm(I(sch.wide == "Yes") ~ ell + meals, design = dclus1, family =
    // quasibinomial()))
    SurveyGlmResult fit =
        SurveyGlm.quasibinomial()
            .fit(
                dclus1(),
                indicator("sch.wide", "Yes"),
                List.of("ell", "meals"),
                DATA.numbers("ell"),
                DATA.numbers("meals"));
    assertCoefficient(fit.coefficient("(Intercept)"), "1.899557", "0.509915", "3.725", "0.00290");
    assertCoefficient(fit.coefficient("ell"), "0.039925", "0.012443", "3.209", "0.00751");
    assertCoefficient(fit.coefficient("meals"), "-0.019115", "0.008825", "-2.166", "0.05117");
    assertThat(fit.residualDegreesOfFreedom()).isEqualTo(12);
    assertPrinted(fit.dispersion(), "0.9627734", "dispersion");
  }

  private static void assertCoefficient(
      SurveyCoefficient c, String estimate, String se, String t, String p) {
    assertPrinted(c.estimate(), estimate, c.name());
    assertPrinted(c.standardError(), se, c.name() + " SE");
    assertPrinted(c.tStatistic(), t, c.name() + " t");
    assertPrinted(c.pValue(), p, c.name() + " p");
  }

  @Test
  void calibratedEstimates() {
    SurveyDesign g = gclus1();
    assertEstimate(g.mean("api00", DATA.numbers("api00")), "666.72", "3.2959", "gclus1 mean");
    assertEstimate(g.total("stypeE", indicator("stype", "E")), "4881.77", "302.15", "gclus1 E");
    assertEstimate(g.total("stypeH", indicator("stype", "H")), "463.35", "183.03", "gclus1 H");
    assertEstimate(g.total("stypeM", indicator("stype", "M")), "848.88", "194.76", "gclus1 M");
    assertEstimate(g.total("enroll", DATA.numbers("enroll")), "3357372", "243227", "gclus1 enroll");
    SurveyEstimate ratio =
        g.ratio("api.stu", DATA.numbers("api.stu"), "enroll", DATA.numbers("enroll"));
    assertEstimate(ratio, "0.8506941", "0.008674888", "gclus1 ratio");
    assertThat(ratio.calibratedOn()).containsExactly("api99");
    // the calibrated weights reproduce the population totals, with no sampling variance
    SurveyEstimate api99 = g.total("api99 total", DATA.numbers("api99"));
    assertThat(api99.estimate()).isCloseTo(3914069, within(1e-6));
    assertThat(api99.standardError()).isCloseTo(0.0, within(1e-6));
  }
}
