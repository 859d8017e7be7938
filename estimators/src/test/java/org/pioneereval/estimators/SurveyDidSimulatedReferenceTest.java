package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.survey.DidCell;
import org.pioneereval.estimators.survey.Domain;
import org.pioneereval.estimators.survey.GlmCells;
import org.pioneereval.estimators.survey.LonelyPsu;
import org.pioneereval.estimators.survey.SurveyCoefficient;
import org.pioneereval.estimators.survey.SurveyDesign;
import org.pioneereval.estimators.survey.SurveyDid;
import org.pioneereval.estimators.survey.SurveyDidResult;
import org.pioneereval.estimators.survey.SurveyEstimate;
import org.pioneereval.estimators.survey.SurveyGlm;
import org.pioneereval.estimators.survey.SurveyGlmResult;

/**
 * {@link SurveyDid} and the stratified survey estimators against R {@code survey} 4.1-1 on a
 * simulated patient-experience survey (reference/survey_did_simulated: 633 respondents, 6 strata,
 * 28 practices as PSUs with a finite population correction, unequal weights, two waves). The
 * expected numbers are printed (15 significant digits) by {@code simulate_and_fit.R} next to the
 * data; {@code des <- svydesign(id = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, data =
 * d)}. Linear estimators are compared at 1e-9 relative, the logit at 1e-6 (R's IRLS stops at a
 * deviance tolerance of 1e-8).
 */
class SurveyDidSimulatedReferenceTest {
  static final ReferenceTable DATA = ReferenceTable.load("survey_did_simulated/data.csv");
  private static final double LINEAR = 1e-7; // percent, i.e. 1e-9 relative
  private static final double LOGIT = 1e-4; // percent, i.e. 1e-6 relative

  static String[] strings(String column) {
    String[] out = new String[DATA.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = DATA.string(i, column);
    }
    return out;
  }

  static SurveyDesign design() {
    return SurveyDesign.builder()
        .strata(strings("stratum"))
        .clusters(strings("psu"))
        .weights(DATA.numbers("weight"))
        .populationPsus(DATA.numbers("fpc"))
        .build();
  }

  static SurveyDesign lonelyDesign(LonelyPsu rule) {
    return SurveyDesign.builder()
        .strata(strings("stratum_lonely"))
        .clusters(strings("psu"))
        .weights(DATA.numbers("weight"))
        .populationPsus(DATA.numbers("fpc_lonely"))
        .lonelyPsu(rule)
        .build();
  }

  static double[] topBox() {
    double[] score = DATA.numbers("score");
    double[] out = new double[score.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = score[i] >= 9 ? 1.0 : 0.0;
    }
    return out;
  }

  static SurveyDid.Builder did(SurveyDesign design) {
    return SurveyDid.builder()
        .design(design)
        .score(DATA.numbers("score"))
        .treated(DATA.numbers("treated"))
        .post(DATA.numbers("post"))
        .topBoxThreshold(9);
  }

  private static void assertClose(double actual, double expected, double percent, String what) {
    assertThat(actual).as(what).isCloseTo(expected, withinPercentage(percent));
  }

  private static void assertCoefficient(
      SurveyCoefficient c, double est, double se, double t, double p, int df, double percent) {
    assertClose(c.estimate(), est, percent, c.name());
    assertClose(c.standardError(), se, percent, c.name() + " SE");
    assertClose(c.tStatistic(), t, percent, c.name() + " t");
    assertClose(c.pValue(), p, percent, c.name() + " p");
    assertThat(c.degreesOfFreedom()).as(c.name() + " df").isEqualTo(df);
  }

  @Test
  void stratifiedMeanTotalAndRatioWithFpc() {
    SurveyDesign d = design();
    assertThat(d.degreesOfFreedom()).isEqualTo(22); // degf(des)
    SurveyEstimate mean = d.mean("score", DATA.numbers("score"));
    assertClose(mean.estimate(), 7.06389642753551, LINEAR, "svymean");
    assertClose(mean.standardError(), 0.0741284893451569, LINEAR, "svymean SE");
    SurveyEstimate total = d.total("topbox", topBox());
    assertClose(total.estimate(), 279395.1591, LINEAR, "svytotal");
    assertClose(total.standardError(), 24906.0727442222, LINEAR, "svytotal SE");
    SurveyEstimate ratio = d.ratio("score", DATA.numbers("score"), "ltc", DATA.numbers("ltc"));
    assertClose(ratio.estimate(), 17.6875664030725, LINEAR, "svyratio");
    assertClose(ratio.standardError(), 1.07932136422403, LINEAR, "svyratio SE");
  }

  @Test
  void cellMeansAreSvybyDomainMeans() {
    // svyby(~score, ~treated + post, des, svymean) and svyby(~topbox, ...)
    double[][] expected = {
      // treated, post, score mean, SE, topbox mean, SE
      {0, 0, 6.77699970918197, 0.130823568892709, 0.139277803057321, 0.0238552459180968},
      {1, 0, 6.78233342717822, 0.161933415627776, 0.154576943695872, 0.0240294480360879},
      {0, 1, 7.14990714829872, 0.0800149980626341, 0.164904738772854, 0.0269891291366372},
      {1, 1, 7.54725478282129, 0.123652938691301, 0.294651293169609, 0.0373209709016198}
    };
    SurveyDesign d = design();
    SurveyDidResult r = did(d).build().estimate();
    double[] treated = DATA.numbers("treated");
    double[] post = DATA.numbers("post");
    for (double[] e : expected) {
      DidCell cell = DidCell.of(e[0], e[1]);
      boolean[] rows = new boolean[DATA.size()];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = treated[i] == e[0] && post[i] == e[1];
      }
      SurveyEstimate domain = d.mean("score", DATA.numbers("score"), new Domain(cell.name(), rows));
      assertClose(domain.estimate(), e[2], LINEAR, cell + " domain mean");
      assertClose(domain.standardError(), e[3], LINEAR, cell + " domain SE");
      assertClose(r.scoreMean(cell).estimate(), e[2], LINEAR, cell + " model mean");
      assertClose(r.scoreMean(cell).standardError(), e[3], LINEAR, cell + " model SE");
      assertClose(r.topBoxPercent(cell).estimate(), 100 * e[4], LINEAR, cell + " top box %");
      assertClose(r.topBoxPercent(cell).standardError(), 100 * e[5], LINEAR, cell + " top box SE");
    }
  }

  @Test
  void didInScorePointsAndTopBoxPercentagePoints() {
    SurveyDidResult r = did(design()).build().estimate();
    // svyglm(score ~ treated * post, design = des): treated:post
    assertCoefficient(
        r.scorePoints(),
        0.392013916526323,
        0.213869401145998,
        1.83295934072736,
        0.082526615944924,
        19,
        LINEAR);
    // svyglm(topbox ~ treated * post, design = des): treated:post x 100
    assertCoefficient(
        r.topBoxPercentagePoints(),
        11.4447413758204,
        4.43442415736872,
        2.58088558281069,
        0.0183164692188672,
        19,
        LINEAR);
    SurveyGlmResult m = r.scoreModel();
    assertCoefficient(
        m.coefficient("treated"),
        0.00533371799624983,
        0.208175976699291,
        0.0256211983765752,
        0.97982666428483,
        19,
        LINEAR);
    assertCoefficient(
        m.coefficient("post"),
        0.372907439116751,
        0.105610050038076,
        3.53098439951789,
        0.00223263682553163,
        19,
        LINEAR);
    assertCoefficient(
        m.coefficient("(Intercept)"),
        6.77699970918198,
        0.130823568892709,
        51.8025900573002,
        6.37689885128313e-22,
        19,
        LINEAR);
    // unequal weights: R's dispersion is the design variance of (y - mu) / sqrt(V(mu))
    assertClose(m.dispersion(), 2.49608661480294, LINEAR, "dispersion");
    assertThat(r.topBoxThreshold()).isEqualTo(9.0);
    assertThat(r.covariates()).isEmpty();
  }

  @Test
  void didAdjustedForACovariate() {
    SurveyDidResult r = did(design()).covariate("ltc", DATA.numbers("ltc")).build().estimate();
    // svyglm(score ~ treated * post + ltc, design = des)
    assertCoefficient(
        r.scorePoints(),
        0.381489452895503,
        0.22581478220651,
        1.68939096532054,
        0.108390649843205,
        18,
        LINEAR);
    assertCoefficient(
        r.scoreModel().coefficient("ltc"),
        -0.435654758345112,
        0.125906470904597,
        -3.46014589413137,
        0.00279317318562634,
        18,
        LINEAR);
    assertThat(r.covariates()).containsExactly("ltc");
  }

  @Test
  void quasibinomialTopBoxWithUnequalWeights() {
    // svyglm(topbox ~ treated * post + ltc, design = des, family = quasibinomial())
    double[] treated = DATA.numbers("treated");
    double[] post = DATA.numbers("post");
    double[] interaction = new double[treated.length];
    for (int i = 0; i < interaction.length; i++) {
      interaction[i] = treated[i] * post[i];
    }
    SurveyGlmResult fit =
        SurveyGlm.quasibinomial()
            .fit(
                design(),
                topBox(),
                List.of("treated", "post", "ltc", "treated:post"),
                treated,
                post,
                DATA.numbers("ltc"),
                interaction);
    double[][] expected = {
      {-1.69644006236851, 0.206349256098248, -8.22120755095333, 1.65825555419831e-07},
      {0.148669922139056, 0.267412394300872, 0.555957484796996, 0.585085148434189},
      {0.226043021719457, 0.237985333374212, 0.949819127567933, 0.354783892014428},
      {-0.408103840693798, 0.222809104031873, -1.83163000662405, 0.0836084518334417},
      {0.622592863058999, 0.301808778027312, 2.06287195199689, 0.0538564518367895}
    };
    List<String> names = List.of("(Intercept)", "treated", "post", "ltc", "treated:post");
    for (int j = 0; j < names.size(); j++) {
      double[] e = expected[j];
      assertCoefficient(fit.coefficient(names.get(j)), e[0], e[1], e[2], e[3], 18, LOGIT);
    }
    assertClose(fit.dispersion(), 0.999096798177347, LOGIT, "quasibinomial dispersion");
  }

  @Test
  void lonelyPsuFailsByDefaultWithTheFix() {
    // R: svymean(~score, lon) -> "Stratum (G) has only one PSU at stage 1"
    SurveyDesign lonely = lonelyDesign(LonelyPsu.FAIL);
    assertThatThrownBy(() -> lonely.mean("score", DATA.numbers("score")))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Stratum (G) has only one PSU")
        .hasMessageContaining("LonelyPsu.ADJUST")
        .hasMessageContaining("survey.lonely.psu = \"adjust\"")
        .hasMessageContaining("collapsed strata");
    assertThatThrownBy(() -> did(lonely).build().estimate())
        .hasMessageContaining("Stratum (G) has only one PSU");
  }

  @Test
  void lonelyPsuAdjust() {
    // options(survey.lonely.psu = "adjust"); lon: F05 alone in stratum G (1 of 3 practices)
    SurveyDesign lonely = lonelyDesign(LonelyPsu.ADJUST);
    assertThat(lonely.degreesOfFreedom()).isEqualTo(21);
    SurveyEstimate mean = lonely.mean("score", DATA.numbers("score"));
    assertClose(mean.estimate(), 7.06389642753551, LINEAR, "adjust svymean");
    assertClose(mean.standardError(), 0.0748235945437021, LINEAR, "adjust svymean SE");
    SurveyEstimate total = lonely.total("topbox", topBox());
    assertClose(total.standardError(), 25724.6242322443, LINEAR, "adjust svytotal SE");
    assertCoefficient(
        did(lonely).build().estimate().scorePoints(),
        0.392013916526323,
        0.21339858038316,
        1.83700339441086,
        0.0827783596568429,
        18,
        LINEAR);
    // the same rule set on an existing design
    assertThat(
            lonelyDesign(LonelyPsu.FAIL)
                .lonelyPsu(LonelyPsu.ADJUST)
                .mean("score", DATA.numbers("score"))
                .standardError())
        .isCloseTo(0.0748235945437021, withinPercentage(LINEAR));
  }

  @Test
  void certaintyPsuIsNotLonely() {
    // fpc_cert: F05 alone in stratum G, which has 1 practice in the population (f = 1); R
    // survey.lonely.psu = "fail" raises no error and the stratum adds no variance
    String[] stratum = strings("stratum_lonely");
    double[] fpc = DATA.numbers("fpc_lonely");
    for (int i = 0; i < fpc.length; i++) {
      if (stratum[i].equals("G")) {
        fpc[i] = 1;
      }
    }
    SurveyDesign certainty =
        SurveyDesign.builder()
            .strata(stratum)
            .clusters(strings("psu"))
            .weights(DATA.numbers("weight"))
            .populationPsus(fpc)
            .build();
    SurveyEstimate mean = certainty.mean("score", DATA.numbers("score"));
    assertClose(mean.estimate(), 7.06389642753551, LINEAR, "certainty svymean");
    assertClose(mean.standardError(), 0.0743752917848715, LINEAR, "certainty svymean SE");
  }

  @Test
  void psuFixedEffectsAreNotCountedInTheResidualDegreesOfFreedom() {
    // svyglm(score ~ I(treated * post) + post + factor(psu), design = des): 30 coefficients, so
    // df.residual = 22 + 1 - 30 = -7 (R prints NaN p-values); summary(fit, df.resid = 20), the 27
    // practice dummies nested in the PSUs not counted
    double[] treated = DATA.numbers("treated");
    double[] post = DATA.numbers("post");
    String[] psu = strings("psu");
    List<String> practices = Arrays.stream(psu).distinct().sorted().toList();
    List<String> names = new ArrayList<>(List.of("treated:post", "post"));
    List<double[]> columns = new ArrayList<>();
    double[] interaction = new double[treated.length];
    for (int i = 0; i < interaction.length; i++) {
      interaction[i] = treated[i] * post[i];
    }
    columns.add(interaction);
    columns.add(post);
    List<String> dummies = new ArrayList<>();
    for (String practice : practices.subList(1, practices.size())) {
      double[] x = new double[psu.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = psu[i].equals(practice) ? 1.0 : 0.0;
      }
      dummies.add("psu:" + practice);
      columns.add(x);
    }
    names.addAll(dummies);
    SurveyGlm glm = SurveyGlm.gaussian();
    GlmCells cells =
        glm.cells(design(), DATA.numbers("score"), names, columns.toArray(double[][]::new));
    SurveyGlmResult fit = glm.fitWithPsuFixedEffects(cells, dummies);
    assertThat(fit.residualDegreesOfFreedom()).isEqualTo(20);
    assertCoefficient(
        fit.coefficient("treated:post"),
        0.386706260662954,
        0.223956971266293,
        1.72669892112063,
        0.0996366289172073,
        20,
        LINEAR);
    // counting the dummies, as svyglm does, leaves no degrees of freedom
    assertThatThrownBy(() -> glm.fit(cells))
        .isInstanceOf(EstimationException.class)
        .hasMessageContaining("Only 28 PSUs for 30 coefficients")
        .hasMessageContaining("SurveyGlm.fitWithPsuFixedEffects");
    assertThatThrownBy(() -> glm.fitWithPsuFixedEffects(cells, List.of("psu:Z99")))
        .hasMessageContaining("No coefficient named 'psu:Z99'");
  }
}
