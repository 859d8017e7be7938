package org.pioneereval.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.pioneereval.estimators.BootstrapResult;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EventStudyCoefficient;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.RandomizationResult;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.estimators.WaldTest;
import org.pioneereval.jobs.did.DidAnalysis;
import org.pioneereval.jobs.did.DidJson;
import org.pioneereval.jobs.did.DidMethod;
import org.pioneereval.jobs.did.DidResult;
import org.pioneereval.jobs.did.DidSpecification;
import org.pioneereval.jobs.runtime.PipelineErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "did",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Difference-in-differences on your own panel or repeated cross-section: a CSV file with a",
      "header row, a Parquet file or folder, or a Delta table folder (detected from the path).",
      "Prints the estimate with its SE, t, p, 95%% CI, df, N and clusters; --json writes them",
      "with the specification. Only the named columns are brought to the driver, as arrays of",
      "about 40 bytes per row plus 8 per covariate (10 million rows: ~0.4 GB, and about three",
      "times that while estimating); raise the driver heap (PIONEER_EVAL_JAVA_OPTS=-Xmx...,",
      "or spark-submit --driver-memory) for larger files.",
      "Rows with an empty value in a needed column are left out and counted."
    },
    footer = {
      "",
      "Examples:",
      "  pioneer-eval did --input hospdd.csv --outcome satis --unit hospital --time month \\",
      "      --treatment proc --variance CR1_STATA --bootstrap-draws 9999",
      "  pioneer-eval did --input panel.parquet --estimator event-study --outcome y --unit id \\",
      "      --time period --cohort first_treated --window=-5:4 --covariates x1 --json es.json",
      "  pioneer-eval did --input mpdta.csv --estimator cs --outcome lemp --unit countyreal \\",
      "      --time year --cohort first_treat --aggregation dynamic --bootstrap-draws 999",
      "  pioneer-eval did --input survey.csv --estimator cs --sampling repeated-cross-sections \\",
      "      --outcome score --unit site --time wave --cohort go_live_wave --covariates age"
    })
final class DidCommand implements Callable<Integer> {

  @Option(
      names = "--input",
      required = true,
      description = "CSV file (with header), Parquet file or folder, or Delta table folder.")
  Path input;

  @Option(names = "--outcome", required = true, description = "Outcome column (numeric).")
  String outcome;

  @Option(
      names = "--unit",
      required = true,
      description =
          "Unit column (any type): the panel unit, or the group in a repeated cross-section"
              + " (e.g. hospital); its fixed effects are absorbed.")
  String unit;

  @Option(
      names = "--time",
      required = true,
      description =
          "Time column: numbers (ordered numerically) or text such as ISO dates (ordered as"
              + " text); numeric whole periods for event-study and --cohort.")
  String time;

  @Option(
      names = "--treatment",
      description = "0/1 treated-and-post column. Give this or --cohort.")
  String treatment;

  @Option(
      names = "--cohort",
      description =
          "First treated period of the row's unit, in the time column's units; empty or 0 for"
              + " never-treated units. A row is treated when time >= cohort.")
  String cohort;

  @Option(
      names = "--cluster",
      description = "Cluster column for clustered SEs, bootstrap and RI (default: the unit).")
  String cluster;

  @Option(names = "--weights", description = "Analytic weights column (positive).")
  String weights;

  @Option(
      names = "--covariates",
      split = ",",
      paramLabel = "a,b",
      description = "Time-varying covariate columns (twfe and event-study).")
  List<String> covariates = List.of();

  @Option(
      names = "--estimator",
      defaultValue = "twfe",
      description =
          "twfe, 2x2, event-study, cs (Callaway & Sant'Anna), sun-abraham or bacon"
              + " (Goodman-Bacon decomposition) (default: ${DEFAULT-VALUE}).")
  String estimator;

  @Option(
      names = "--variance",
      defaultValue = "CR1_STATA",
      description = "Standard errors: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  VarianceType variance;

  @Option(
      names = "--reference-period",
      description = "Event study: the omitted event time (default: -1).")
  Integer referencePeriod;

  @Option(
      names = "--window",
      paramLabel = "FROM:TO",
      description =
          "Event study: first and last event time estimated, e.g. --window=-24:24 (default:"
              + " -4:4). Event times outside are pooled into the end points.")
  String window;

  @Option(
      names = "--trim-endpoints",
      description = "Event study: drop rows outside the window instead of pooling them.")
  boolean trimEndpoints;

  @Option(
      names = "--bootstrap-draws",
      description =
          "twfe: wild cluster bootstrap-t p-value and CI with this many draws (restricted,"
              + " Webb weights; at least 99, 9999 for publication). cs: multiplier bootstrap"
              + " (did's mboot) SEs and 95%% simultaneous bands, one weight per --cluster.")
  Integer bootstrapDraws;

  @Option(
      names = "--sampling",
      description =
          "cs: panel (balanced, the default), unbalanced-panel (rows linked by --unit) or"
              + " repeated-cross-sections (every row its own observation; --unit is its group).")
  String sampling;

  @Option(
      names = "--control-group",
      description =
          "cs: never (never-treated units, the default) or not-yet (also not-yet-treated).")
  String controlGroup;

  @Option(
      names = "--base-period",
      description =
          "cs: varying (the period before, for pre-treatment cells; the default) or universal.")
  String basePeriod;

  @Option(
      names = "--anticipation",
      description = "cs: periods before adoption in which units may already react (default 0).")
  Integer anticipation;

  @Option(
      names = "--est-method",
      description =
          "cs with --covariates: dr (doubly robust, the default), ipw or reg (outcome"
              + " regression).")
  String estMethod;

  @Option(
      names = "--aggregation",
      description = "cs: simple (the default), group, dynamic (event time) or calendar.")
  String aggregation;

  @Option(
      names = "--seed",
      description = "Seed of the bootstrap and the permutations (default: 42).")
  Long seed;

  @Option(
      names = "--ri-permutations",
      description = "twfe: randomisation-inference p-value with this many permutations.")
  Integer riPermutations;

  @Option(names = "--json", description = "Also write the result as JSON to this file.")
  Path json;

  @Mixin SparkOptions sparkOptions;

  @Override
  public Integer call() throws Exception {
    DidSpecification spec = specification();
    try (SparkSession spark = sparkOptions.start("did")) {
      DidResult result = DidAnalysis.create(spark, spec).execute();
      print(System.out, result);
      if (json != null) {
        DidJson.write(result, json);
        System.out.println("JSON: " + json.toAbsolutePath().normalize());
      }
      return 0;
    }
  }

  DidSpecification specification() {
    DidSpecification.Builder b =
        DidSpecification.builder(input.toAbsolutePath().normalize())
            .method(DidMethod.fromOption(estimator))
            .outcome(outcome)
            .unit(unit)
            .time(time)
            .covariates(covariates)
            .variance(variance);
    if (treatment != null) {
      b.treatment(treatment);
    }
    if (cohort != null) {
      b.cohort(cohort);
    }
    if (cluster != null) {
      b.cluster(cluster);
    }
    if (weights != null) {
      b.weights(weights);
    }
    if (referencePeriod != null) {
      b.referencePeriod(referencePeriod);
    }
    if (window != null) {
      int[] w = parseWindow(window);
      b.window(w[0], w[1]);
    }
    if (trimEndpoints) {
      b.trimEndpoints();
    }
    if (bootstrapDraws != null) {
      b.bootstrapDraws(bootstrapDraws);
    }
    if (seed != null) {
      b.seed(seed);
    }
    if (riPermutations != null) {
      b.randomizationPermutations(riPermutations);
    }
    if (sampling != null) {
      b.sampling(DidSpecification.parse("--sampling", sampling, DidSpecification.SAMPLING_VALUES));
    }
    if (controlGroup != null) {
      b.controlGroup(
          DidSpecification.parse(
              "--control-group", controlGroup, DidSpecification.CONTROL_GROUP_VALUES));
    }
    if (basePeriod != null) {
      b.basePeriod(
          DidSpecification.parse("--base-period", basePeriod, DidSpecification.BASE_PERIOD_VALUES));
    }
    if (anticipation != null) {
      b.anticipation(anticipation);
    }
    if (estMethod != null) {
      b.estimationMethod(
          DidSpecification.parse("--est-method", estMethod, DidSpecification.EST_METHOD_VALUES));
    }
    if (aggregation != null) {
      b.aggregation(
          DidSpecification.parse(
              "--aggregation", aggregation, DidSpecification.AGGREGATION_VALUES));
    }
    return b.build();
  }

  static int[] parseWindow(String value) {
    String[] parts = value.trim().split(":");
    if (parts.length != 2) {
      throw PipelineErrors.didInvalidWindow(value);
    }
    try {
      return new int[] {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
    } catch (NumberFormatException e) {
      throw PipelineErrors.didInvalidWindow(value);
    }
  }

  static void print(PrintStream out, DidResult r) {
    DidSpecification s = r.specification();
    DidResult.DataSummary d = r.data();
    out.printf(
        Locale.ROOT,
        "did: %s on %s (%s)%n",
        s.method().optionValue(),
        s.input(),
        r.format().label());
    out.printf(
        Locale.ROOT,
        "  %,d rows used of %,d read (%,d with a missing value left out); %,d units, %,d"
            + " periods, %,d clusters (%s), %,d treated units; %s%n",
        d.rowsUsed(),
        d.rowsRead(),
        d.rowsDroppedMissing(),
        d.units(),
        d.periods(),
        d.clusters(),
        s.clusterColumn(),
        d.treatedUnits(),
        d.computation().label());
    boolean cs = s.method() == DidMethod.CALLAWAY_SANT_ANNA;
    boolean bacon = s.method() == DidMethod.GOODMAN_BACON;
    out.printf(
        Locale.ROOT,
        "  outcome %s, %s %s%s%s%s%n",
        s.outcome(),
        s.treatment().isPresent() ? "treatment" : "cohort",
        s.treatment().orElseGet(() -> s.cohort().orElseThrow()),
        cs || bacon ? "" : ", variance " + s.variance(),
        s.weights().map(w -> ", weights " + w).orElse(""),
        s.covariates().isEmpty() ? "" : ", covariates " + String.join(",", s.covariates()));
    out.println();
    String header =
        String.format(
            Locale.ROOT,
            "%-12s %12s %12s %9s %8s %25s %8s %9s %8s",
            "",
            "estimate",
            "std. err.",
            "t",
            "P>|t|",
            "[95% conf. interval]",
            "df",
            "N",
            "clusters");
    r.effect()
        .ifPresent(
            e -> {
              out.println(header);
              printEffect(out, s.method() == DidMethod.TWO_BY_TWO ? "2x2 DiD" : "ATT (TWFE)", e);
            });
    r.eventStudy().ifPresent(es -> printEventStudy(out, es, r.preTrendWald().orElse(null)));
    r.wildBootstrap().ifPresent(b -> printBootstrap(out, b, s.seed()));
    r.randomization().ifPresent(ri -> printRandomization(out, ri, s.seed()));
    r.callawaySantAnna().ifPresent(c -> StaggeredPrinter.callawaySantAnna(out, s, c));
    r.sunAbraham().ifPresent(sa -> StaggeredPrinter.sunAbraham(out, sa));
    r.goodmanBacon().ifPresent(b -> StaggeredPrinter.goodmanBacon(out, b));
  }

  private static void printEffect(PrintStream out, String label, DidEstimate e) {
    out.printf(
        Locale.ROOT,
        "%-12s %12.7f %12.7f %9.2f %8.4f %12.7f %12.7f %8.0f %9d %8d%n",
        label,
        e.estimate(),
        e.standardError(),
        e.tStatistic(),
        e.pValue(),
        e.ciLower(),
        e.ciUpper(),
        e.degreesOfFreedom(),
        e.nObservations(),
        e.nClusters());
  }

  private static void printEventStudy(PrintStream out, EventStudyResult es, WaldTest preTrend) {
    out.printf(
        Locale.ROOT,
        "%-12s %12s %12s %9s %8s %25s   (N %,d, %d clusters, df %.0f)%n",
        "event time",
        "estimate",
        "std. err.",
        "t",
        "P>|t|",
        "[95% conf. interval]",
        es.regression().nObservations(),
        es.regression().nClusters(),
        es.regression().degreesOfFreedom());
    boolean referencePrinted = false;
    for (EventStudyCoefficient c : es.coefficients()) {
      if (!referencePrinted && c.eventTime() > es.referencePeriod()) {
        out.printf(Locale.ROOT, "%12d %12s%n", es.referencePeriod(), "(reference)");
        referencePrinted = true;
      }
      out.printf(
          Locale.ROOT,
          "%12d %12.7f %12.7f %9.2f %8.4f %12.7f %12.7f%n",
          c.eventTime(),
          c.estimate(),
          c.standardError(),
          c.tStatistic(),
          c.pValue(),
          c.ciLower(),
          c.ciUpper());
    }
    if (preTrend != null) {
      out.printf(
          Locale.ROOT,
          "pre-trend Wald test (every lead is zero): F(%d, %.0f) = %.4f, p = %.4f%n",
          preTrend.df1(),
          preTrend.df2(),
          preTrend.statistic(),
          preTrend.pValue());
    }
  }

  private static void printBootstrap(PrintStream out, BootstrapResult b, long seed) {
    out.printf(
        Locale.ROOT,
        "wild cluster bootstrap-t (%s, %s weights, %,d draws, seed %d): p = %.4f,"
            + " 95%% CI [%.7f, %.7f]%n",
        b.restricted() ? "restricted" : "unrestricted",
        b.weights().name(),
        b.draws(),
        seed,
        b.pValue(),
        b.ciLower(),
        b.ciUpper());
  }

  private static void printRandomization(PrintStream out, RandomizationResult r, long seed) {
    out.printf(
        Locale.ROOT,
        "randomisation inference (%,d permutations of %d clusters, %d treated, seed %d):"
            + " p = %.4f%n",
        r.permutations(),
        r.nClusters(),
        r.treatedClusters(),
        seed,
        r.pValue());
  }
}
