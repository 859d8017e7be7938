package org.pioneereval.estimators.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.pioneereval.estimators.survey.DidCell;
import org.pioneereval.estimators.survey.GlmCells;
import org.pioneereval.estimators.survey.PsuKey;
import org.pioneereval.estimators.survey.PsuVariance;
import org.pioneereval.estimators.survey.ResponseSums;
import org.pioneereval.estimators.survey.SurveyDesign;
import org.pioneereval.estimators.survey.SurveyDid;
import org.pioneereval.estimators.survey.SurveyDidResult;
import org.pioneereval.estimators.survey.SurveyEstimate;

/**
 * Scaling benchmark (not a unit test) of the survey DiD: n respondents in 200 areas (strata, half
 * treated), 10 practices (PSUs) sampled per area out of 30, two waves (repeated cross-sections),
 * unequal weights, satisfaction 0-10 with a true DiD of 0.5 points on the latent score.
 *
 * <p>Per size it reports wall times of (1) building the row-level {@link SurveyDesign}; (2) {@link
 * SurveyDid} from rows (two design-weighted regressions, rows reduced to PSU cells inside); (3) a
 * design-based mean from rows; (4) the reduction of rows to (PSU, treated, post) cells as a
 * distributed job would do it (here a single loop, standing in for Spark); (5) the driver-side
 * {@link SurveyDid#estimate(org.pioneereval.estimators.survey.GlmScoreSource,
 * org.pioneereval.estimators.survey.GlmScoreSource)} on those cells, whose cost does not depend on
 * n; the main thread's CPU time (robust to other processes on the machine); and the heap peaks as
 * in {@link StaggeredScalingBenchmark}.
 *
 * <pre>
 * cd /work/main && mvn -B -q -o -pl estimators test-compile
 * for n in 100000 1000000 5000000; do
 *   java -Xmx6g -cp estimators/target/classes:estimators/target/test-classes:$HOME/.m2/repository/org/apache/commons/commons-math3/3.6.1/commons-math3-3.6.1.jar \
 *     org.pioneereval.estimators.bench.SurveyDidScalingBenchmark $n 20260109
 * done
 * </pre>
 */
public final class SurveyDidScalingBenchmark {
  static final int AREAS = 200;
  static final int PRACTICES_SAMPLED = 10;
  static final int PRACTICES_IN_AREA = 30;
  static final double TRUE_DID = 0.5;

  private SurveyDidScalingBenchmark() {}

  record Data(
      String[] stratum,
      String[] psu,
      int[] psuIndex,
      double[] fpc,
      double[] weight,
      double[] treated,
      double[] post,
      double[] score) {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20260109L;
    StaggeredScalingBenchmark.HeapWatch heap = StaggeredScalingBenchmark.HeapWatch.start();
    long t0 = System.nanoTime();
    Data data = simulate(n, new SplittableRandom(seed));
    long t1 = System.nanoTime();
    heap.reset();

    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long cpu0 = cpu.getCurrentThreadCpuTime();
    long tDesign0 = System.nanoTime();
    SurveyDesign design =
        SurveyDesign.builder()
            .strata(data.stratum)
            .clusters(data.psu)
            .weights(data.weight)
            .populationPsus(data.fpc)
            .build();
    long tDesign1 = System.nanoTime();
    SurveyDidResult fromRows =
        SurveyDid.builder()
            .design(design)
            .score(data.score)
            .treated(data.treated)
            .post(data.post)
            .topBoxThreshold(9)
            .build()
            .estimate();
    long tDid = System.nanoTime();
    SurveyEstimate mean = design.mean("score", data.score);
    long tMean = System.nanoTime();

    // the distributed side: rows -> (PSU, treated, post) sums of w, w y, w y^2, w topbox
    int psus = AREAS * PRACTICES_SAMPLED;
    double[][] sums = new double[psus * 4][5];
    for (int i = 0; i < n; i++) {
      double[] s = sums[data.psuIndex[i] * 4 + (int) (2 * data.treated[i] + data.post[i])];
      double w = data.weight[i];
      double y = data.score[i];
      s[0] += 1;
      s[1] += w;
      s[2] += w * y;
      s[3] += w * y * y;
      s[4] += y >= 9 ? w : 0.0;
    }
    long tReduce = System.nanoTime();
    long cpuReduce = cpu.getCurrentThreadCpuTime();
    Map<String, Double> fpc = new TreeMap<>();
    for (int a = 0; a < AREAS; a++) {
      fpc.put(area(a), (double) PRACTICES_IN_AREA);
    }
    PsuVariance variance = PsuVariance.withPopulationPsus(fpc);
    List<String> names = SurveyDid.coefficientNames(List.of());
    GlmCells scoreCells = GlmCells.create(variance, names);
    GlmCells topBoxCells = GlmCells.create(variance, names);
    for (int c = 0; c < sums.length; c++) {
      double[] s = sums[c];
      if (s[0] == 0) {
        continue;
      }
      int p = c / 4;
      PsuKey key = new PsuKey(area(p / PRACTICES_SAMPLED), practice(p));
      double[] x = SurveyDid.regressors(DidCell.of((c % 4) / 2, c % 2));
      long rows = (long) s[0];
      scoreCells.addCell(key, x, new ResponseSums(rows, rows, s[1], s[2], s[3]));
      topBoxCells.addCell(key, x, new ResponseSums(rows, rows, s[1], s[4], s[4]));
    }
    SurveyDidResult fromCells = SurveyDid.estimate(scoreCells, topBoxCells, 9);
    long tDriver = System.nanoTime();
    long cpuDriver = cpu.getCurrentThreadCpuTime();
    heap.stop();

    System.out.printf(
        Locale.ROOT,
        "n=%d respondents, %d strata, %d PSUs, 2 waves, %d cores, -Xmx %d MB%n"
            + "  simulate %.1f s (not counted)%n"
            + "  design build %.2f s | SurveyDid from rows %.2f s | svymean from rows %.2f s |"
            + " rows->cells reduction %.2f s | SurveyDid on %d cells (driver) %.3f s%n"
            + "  main-thread CPU: rows part %.2f s, driver part %.3f s (wall minus CPU = waiting for"
            + " a core, the machine is shared)%n"
            + "  peak live heap (max used after GC) %d MB | peak used heap (sampled) %d MB |"
            + " GCs %d (%.1f s)%n"
            + "  DiD %.4f points (SE %.4f, truth on latent score %.2f), top box %.2f pp (SE %.2f);"
            + " rows vs cells: |diff| %.1e / %.1e | mean %.4f (SE %.4f)%n",
        n,
        AREAS,
        psus,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        (t1 - t0) / 1e9,
        (tDesign1 - tDesign0) / 1e9,
        (tDid - tDesign1) / 1e9,
        (tMean - tDid) / 1e9,
        (tReduce - tMean) / 1e9,
        scoreCells.cellCount(),
        (tDriver - tReduce) / 1e9,
        (cpuReduce - cpu0) / 1e9,
        (cpuDriver - cpuReduce) / 1e9,
        heap.peakAfterGc() >> 20,
        heap.peakSampled() >> 20,
        heap.gcCount(),
        heap.gcMillis() / 1e3,
        fromRows.scorePoints().estimate(),
        fromRows.scorePoints().standardError(),
        TRUE_DID,
        fromRows.topBoxPercentagePoints().estimate(),
        fromRows.topBoxPercentagePoints().standardError(),
        Math.abs(fromRows.scorePoints().estimate() - fromCells.scorePoints().estimate()),
        Math.abs(fromRows.scorePoints().standardError() - fromCells.scorePoints().standardError()),
        mean.estimate(),
        mean.standardError());
  }

  static String area(int a) {
    return "area" + a;
  }

  static String practice(int p) {
    return "practice" + p;
  }

  static Data simulate(int n, SplittableRandom r) {
    int psus = AREAS * PRACTICES_SAMPLED;
    String[] areaIds = new String[AREAS];
    for (int a = 0; a < AREAS; a++) {
      areaIds[a] = area(a);
    }
    String[] practiceIds = new String[psus];
    double[] practiceEffect = new double[psus];
    List<Double> areaEffect = new ArrayList<>();
    for (int a = 0; a < AREAS; a++) {
      areaEffect.add(0.4 * gaussian(r));
    }
    for (int p = 0; p < psus; p++) {
      practiceIds[p] = practice(p);
      practiceEffect[p] = 0.5 * gaussian(r);
    }
    String[] stratum = new String[n];
    String[] psu = new String[n];
    int[] psuIndex = new int[n];
    double[] fpc = new double[n];
    double[] weight = new double[n];
    double[] treated = new double[n];
    double[] post = new double[n];
    double[] score = new double[n];
    for (int i = 0; i < n; i++) {
      int p = r.nextInt(psus);
      int a = p / PRACTICES_SAMPLED;
      stratum[i] = areaIds[a];
      psu[i] = practiceIds[p];
      psuIndex[i] = p;
      fpc[i] = PRACTICES_IN_AREA;
      treated[i] = a % 2 == 0 ? 1.0 : 0.0;
      post[i] = r.nextBoolean() ? 1.0 : 0.0;
      weight[i] = 100.0 * (0.5 + r.nextDouble());
      double latent =
          7.0
              + areaEffect.get(a)
              + practiceEffect[p]
              + 0.3 * post[i]
              + TRUE_DID * treated[i] * post[i]
              + 1.6 * gaussian(r);
      score[i] = Math.min(10, Math.max(0, Math.rint(latent)));
    }
    return new Data(stratum, psu, psuIndex, fpc, weight, treated, post, score);
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }
}
