package org.pioneereval.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.pioneereval.estimators.survey.DidCell;
import org.pioneereval.estimators.survey.GlmCells;
import org.pioneereval.estimators.survey.LinearisedTotals;
import org.pioneereval.estimators.survey.PsuKey;
import org.pioneereval.estimators.survey.PsuTotals;
import org.pioneereval.estimators.survey.PsuVariance;
import org.pioneereval.estimators.survey.ResponseSums;
import org.pioneereval.estimators.survey.SurveyCoefficient;
import org.pioneereval.estimators.survey.SurveyDesign;
import org.pioneereval.estimators.survey.SurveyDid;
import org.pioneereval.estimators.survey.SurveyDidResult;
import org.pioneereval.estimators.survey.SurveyEstimate;
import org.pioneereval.estimators.survey.SurveyGlm;
import org.pioneereval.estimators.survey.SurveyGlmResult;

/**
 * Estimates from per-PSU totals that were aggregated outside the estimators (as a Spark job would:
 * rows shuffled, summed per partition, partial totals merged) equal the estimates from the rows,
 * and the merged totals equal the totals of the union. Tolerance 1e-10 relative (floating-point
 * sums in another order); the row-level results themselves match the published numbers (e.g. 644.17
 * (23.542)), asserted again here at the printed precision.
 */
class SurveyPsuTotalsTest {
  private static final ReferenceTable API = SurveyApiReferenceTest.DATA;
  private static final double SAME = 1e-8; // percent, i.e. 1e-10 relative

  /** The Spark side of the design: only the population PSUs per stratum. */
  private static final PsuVariance API_VARIANCE =
      PsuVariance.withPopulationPsus(Map.of(PsuKey.NO_STRATUM, 757.0));

  private static List<List<Integer>> shuffledPartitions(int rows, int partitions, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    List<List<Integer>> out = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      out.add(new ArrayList<>());
    }
    for (int r = 0; r < rows; r++) {
      out.get(r % partitions).add(order.get(r));
    }
    return out;
  }

  private static void assertSame(SurveyEstimate fromTotals, SurveyEstimate fromRows) {
    assertThat(fromTotals.estimate())
        .as(fromRows.toString())
        .isCloseTo(fromRows.estimate(), withinPercentage(SAME));
    assertThat(fromTotals.standardError())
        .as(fromRows + " SE")
        .isCloseTo(fromRows.standardError(), withinPercentage(SAME));
    assertThat(fromTotals.degreesOfFreedom()).isEqualTo(fromRows.degreesOfFreedom());
  }

  /** Columns api00, enroll, api.stu and the high-school domain columns H*api.stu, H*enroll, H. */
  private static double[] apiValues(int i) {
    double high = API.string(i, "stype").equals("H") ? 1.0 : 0.0;
    double stu = API.number(i, "api.stu");
    double enroll = API.number(i, "enroll");
    return new double[] {API.number(i, "api00"), enroll, stu, high * stu, high * enroll, high};
  }

  private static final List<String> API_COLUMNS =
      List.of("api00", "enroll", "api.stu", "H*api.stu", "H*enroll", "H");

  @Test
  void mergedPartitionTotalsGiveTheRowEstimates() {
    PsuTotals merged = null;
    for (List<Integer> partition : shuffledPartitions(API.size(), 3, 11)) {
      PsuTotals part = PsuTotals.forVariables(API_VARIANCE, API_COLUMNS);
      for (int i : partition) {
        part.add(PsuKey.unstratified(API.string(i, "dnum")), API.number(i, "pw"), apiValues(i));
      }
      merged = merged == null ? part : merged.merge(part);
    }
    LinearisedTotals totals = merged.estimator();
    SurveyDesign rows = SurveyApiReferenceTest.dclus1();

    SurveyEstimate mean = totals.mean("api00");
    SurveyApiReferenceTest.assertEstimate(mean, "644.17", "23.542", "svymean from totals");
    assertSame(mean, rows.mean("api00", API.numbers("api00")));
    assertSame(totals.total("enroll"), rows.total("enroll", API.numbers("enroll")));
    assertSame(
        totals.ratio("api.stu", "enroll"),
        rows.ratio("api.stu", API.numbers("api.stu"), "enroll", API.numbers("enroll")));
    SurveyEstimate high = totals.ratio("H*api.stu", "H*enroll");
    SurveyApiReferenceTest.assertEstimate(high, "0.8300683", "0.01472607", "subset H from totals");
    assertSame(
        high,
        rows.ratio(
            "api.stu",
            API.numbers("api.stu"),
            "enroll",
            API.numbers("enroll"),
            SurveyApiReferenceTest.where("stype", "H")));
    assertThat(totals.psus()).hasSize(15);
  }

  @Test
  void mergeEqualsTotalsOfTheUnion() {
    List<List<Integer>> halves = shuffledPartitions(API.size(), 2, 5);
    PsuTotals a = PsuTotals.forVariables(API_VARIANCE, API_COLUMNS);
    PsuTotals b = PsuTotals.forVariables(API_VARIANCE, API_COLUMNS);
    PsuTotals union = PsuTotals.forVariables(API_VARIANCE, API_COLUMNS);
    for (int i = 0; i < API.size(); i++) {
      PsuKey key = PsuKey.unstratified(API.string(i, "dnum"));
      (halves.get(0).contains(i) ? a : b).add(key, API.number(i, "pw"), apiValues(i));
      union.add(key, API.number(i, "pw"), apiValues(i));
    }
    List<PsuKey> aPsusBefore = a.psus();
    double[][] aFirstBefore = a.totals(aPsusBefore.get(0));
    PsuTotals ab = a.merge(b);
    PsuTotals ba = b.merge(a);
    assertThat(ab.psus()).isEqualTo(union.psus()).isEqualTo(ba.psus()).hasSize(15);
    for (PsuKey key : union.psus()) {
      double[] expected = union.totals(key)[0];
      for (int j = 0; j < expected.length; j++) {
        double tolerance = 1e-12 * Math.max(1.0, Math.abs(expected[j]));
        assertThat(ab.totals(key)[0][j]).isCloseTo(expected[j], within(tolerance));
        assertThat(ba.totals(key)[0][j]).isCloseTo(expected[j], within(tolerance));
      }
    }
    // merge returns a new instance: the operands keep their totals
    assertThat(a.psus()).isEqualTo(aPsusBefore);
    assertThat(a.totals(aPsusBefore.get(0))[0]).containsExactly(aFirstBefore[0]);
  }

  @Test
  void domainTotalsWithoutEmptyPsusNeedTheSampledPsuCount() {
    // a job that filters to high schools first emits only the 8 districts with a high school;
    // R keeps all 15 PSUs (subset), which sampledPsus restores
    PsuTotals onlyHigh =
        PsuTotals.forVariables(
            API_VARIANCE.sampledPsus(Map.of(PsuKey.NO_STRATUM, 15)), List.of("api.stu", "enroll"));
    PsuTotals onlyHighUncounted =
        PsuTotals.forVariables(API_VARIANCE, List.of("api.stu", "enroll"));
    for (int i = 0; i < API.size(); i++) {
      if (API.string(i, "stype").equals("H")) {
        double[] v = {API.number(i, "api.stu"), API.number(i, "enroll")};
        PsuKey key = PsuKey.unstratified(API.string(i, "dnum"));
        onlyHigh.add(key, API.number(i, "pw"), v);
        onlyHighUncounted.add(key, API.number(i, "pw"), v);
      }
    }
    assertThat(onlyHigh.psus()).hasSize(8);
    SurveyEstimate kept = onlyHigh.estimator().ratio("api.stu", "enroll");
    SurveyApiReferenceTest.assertEstimate(kept, "0.8300683", "0.01472607", "all PSUs kept");
    assertThat(kept.degreesOfFreedom()).isEqualTo(14);
    SurveyEstimate dropped = onlyHighUncounted.estimator().ratio("api.stu", "enroll");
    assertThat(dropped.estimate()).isCloseTo(kept.estimate(), withinPercentage(SAME));
    assertThat(dropped.standardError()).isNotCloseTo(kept.standardError(), withinPercentage(1));
  }

  @Test
  void calibratedEstimatesFromCrossProductTotals() {
    // per PSU: sum w x_k a_p with x = (1, api99), a = (1, api99, api00, enroll, api.stu)
    Map<PsuKey, double[][]> cross = new TreeMap<>();
    for (int i = 0; i < API.size(); i++) {
      double w = API.number(i, "pw");
      double[] a = {
        1,
        API.number(i, "api99"),
        API.number(i, "api00"),
        API.number(i, "enroll"),
        API.number(i, "api.stu")
      };
      double[][] t =
          cross.computeIfAbsent(PsuKey.unstratified(API.string(i, "dnum")), k -> new double[2][5]);
      for (int r = 0; r < 2; r++) {
        for (int p = 0; p < 5; p++) {
          t[r][p] += w * a[r] * a[p];
        }
      }
    }
    PsuTotals totals =
        PsuTotals.forCalibration(
            API_VARIANCE, List.of("api99"), List.of("api00", "enroll", "api.stu"));
    cross.forEach(totals::addTotals);
    LinearisedTotals calibrated = totals.calibrate(new double[] {6194, 3914069});
    SurveyDesign rows = SurveyApiReferenceTest.gclus1();

    SurveyEstimate mean = calibrated.mean("api00");
    SurveyApiReferenceTest.assertEstimate(mean, "666.72", "3.2959", "gclus1 mean from totals");
    assertSame(mean, rows.mean("api00", API.numbers("api00")));
    assertSame(calibrated.total("enroll"), rows.total("enroll", API.numbers("enroll")));
    assertSame(
        calibrated.ratio("api.stu", "enroll"),
        rows.ratio("api.stu", API.numbers("api.stu"), "enroll", API.numbers("enroll")));
    assertThat(calibrated.total(PsuTotals.ONE).estimate()).isCloseTo(6194, within(1e-8));
    assertThat(calibrated.total(PsuTotals.ONE).standardError()).isCloseTo(0, within(1e-6));
  }

  @Test
  void glmFromAggregatedCellsEqualsTheRowFit() {
    // svyglm(I(sch.wide == "Yes") ~ ell + meals): cells = rows of a PSU with the same (ell, meals)
    SurveyDesign design = SurveyApiReferenceTest.dclus1();
    double[] y = SurveyApiReferenceTest.indicator("sch.wide", "Yes");
    SurveyGlmResult fromRows =
        SurveyGlm.quasibinomial()
            .fit(design, y, List.of("ell", "meals"), API.numbers("ell"), API.numbers("meals"));
    GlmCells merged = null;
    for (List<Integer> partition : shuffledPartitions(API.size(), 3, 7)) {
      Map<List<Object>, ResponseSums> sums = new LinkedHashMap<>();
      for (int i : partition) {
        List<Object> key =
            List.of(API.string(i, "dnum"), API.number(i, "ell"), API.number(i, "meals"));
        sums.merge(key, ResponseSums.of(y[i], API.number(i, "pw")), ResponseSums::plus);
      }
      GlmCells part = GlmCells.create(API_VARIANCE, List.of("(Intercept)", "ell", "meals"));
      sums.forEach(
          (k, s) ->
              part.addCell(
                  PsuKey.unstratified((String) k.get(0)),
                  new double[] {1, (Double) k.get(1), (Double) k.get(2)},
                  s));
      merged = merged == null ? part : merged.merge(part);
    }
    SurveyGlmResult fromCells = SurveyGlm.quasibinomial().fit(merged);
    for (String name : List.of("(Intercept)", "ell", "meals")) {
      SurveyCoefficient r = fromRows.coefficient(name);
      SurveyCoefficient c = fromCells.coefficient(name);
      assertThat(c.estimate()).isCloseTo(r.estimate(), withinPercentage(SAME));
      assertThat(c.standardError()).isCloseTo(r.standardError(), withinPercentage(SAME));
    }
    SurveyApiReferenceTest.assertPrinted(
        fromCells.coefficient("ell").standardError(), "0.012443", "ell SE");
    assertThat(fromCells.dispersion()).isCloseTo(fromRows.dispersion(), withinPercentage(SAME));
    assertThat(fromCells.rows()).isEqualTo(183);
  }

  @Test
  void surveyDidFromPsuCellsEqualsTheRowFit() {
    ReferenceTable sim = SurveyDidSimulatedReferenceTest.DATA;
    SurveyDesign design = SurveyDidSimulatedReferenceTest.design();
    SurveyDidResult fromRows = SurveyDidSimulatedReferenceTest.did(design).build().estimate();

    // the job: group by stratum, psu, treated, post; sums of w, w*score, w*score^2, w*topbox
    Map<String, Double> fpc = new TreeMap<>();
    for (int i = 0; i < sim.size(); i++) {
      fpc.put(sim.string(i, "stratum"), sim.number(i, "fpc"));
    }
    PsuVariance variance = PsuVariance.withPopulationPsus(fpc);
    List<String> names = SurveyDid.coefficientNames(List.of());
    GlmCells score = GlmCells.create(variance, names);
    GlmCells topBox = GlmCells.create(variance, names);
    for (List<Integer> partition : shuffledPartitions(sim.size(), 2, 3)) {
      Map<List<Object>, ResponseSums[]> groups = new LinkedHashMap<>();
      for (int i : partition) {
        List<Object> key =
            List.of(
                sim.string(i, "stratum"),
                sim.string(i, "psu"),
                sim.number(i, "treated"),
                sim.number(i, "post"));
        double w = sim.number(i, "weight");
        double s = sim.number(i, "score");
        ResponseSums[] add = {ResponseSums.of(s, w), ResponseSums.of(s >= 9 ? 1 : 0, w)};
        groups.merge(key, add, (x, z) -> new ResponseSums[] {x[0].plus(z[0]), x[1].plus(z[1])});
      }
      groups.forEach(
          (k, s) -> {
            PsuKey psu = new PsuKey((String) k.get(0), (String) k.get(1));
            double[] x = SurveyDid.regressors(DidCell.of((Double) k.get(2), (Double) k.get(3)));
            score.addCell(psu, x, s[0]);
            topBox.addCell(psu, x, s[1]);
          });
    }
    assertThat(score.cellCount()).isEqualTo(56); // 28 practices x 2 waves, from 633 rows
    SurveyDidResult fromCells = SurveyDid.estimate(score, topBox, 9);
    assertThat(fromCells.scorePoints().estimate())
        .isCloseTo(0.392013916526323, withinPercentage(1e-7));
    for (SurveyCoefficient[] pair :
        new SurveyCoefficient[][] {
          {fromCells.scorePoints(), fromRows.scorePoints()},
          {fromCells.topBoxPercentagePoints(), fromRows.topBoxPercentagePoints()},
          {fromCells.scoreMean(DidCell.TREATED_POST), fromRows.scoreMean(DidCell.TREATED_POST)}
        }) {
      assertThat(pair[0].estimate()).isCloseTo(pair[1].estimate(), withinPercentage(SAME));
      assertThat(pair[0].standardError())
          .isCloseTo(pair[1].standardError(), withinPercentage(SAME));
      assertThat(pair[0].degreesOfFreedom()).isEqualTo(pair[1].degreesOfFreedom());
    }
    assertThat(fromCells.scoreModel().dispersion())
        .isCloseTo(fromRows.scoreModel().dispersion(), withinPercentage(SAME));
  }
}
