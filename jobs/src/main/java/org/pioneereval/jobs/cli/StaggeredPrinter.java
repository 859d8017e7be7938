package org.pioneereval.jobs.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.pioneereval.estimators.AggregatedEffect;
import org.pioneereval.estimators.AggregatedEffects;
import org.pioneereval.estimators.Aggregation;
import org.pioneereval.estimators.EventStudyCoefficient;
import org.pioneereval.estimators.Exclusion;
import org.pioneereval.estimators.GoodmanBaconDecomposition;
import org.pioneereval.estimators.GroupTimeEffect;
import org.pioneereval.estimators.GroupTimeEffects;
import org.pioneereval.estimators.SamplingDesign;
import org.pioneereval.estimators.SunAbrahamResult;
import org.pioneereval.estimators.UniformBands;
import org.pioneereval.jobs.did.DidResult;
import org.pioneereval.jobs.did.DidSpecification;
import org.pioneereval.jobs.did.NormalInterval;

/** The printed tables of {@code pioneer-eval did} for cs, sun-abraham and bacon. */
final class StaggeredPrinter {
  private StaggeredPrinter() {}

  static void callawaySantAnna(
      PrintStream out, DidSpecification s, DidResult.CallawaySantAnnaOutput cs) {
    GroupTimeEffects gt = cs.groupTime();
    SamplingDesign design = gt.design();
    out.printf(
        Locale.ROOT,
        "Callaway & Sant'Anna: control group %s, base period %s, anticipation %d, est. method %s,"
            + " sampling %s%s%n",
        DidSpecification.optionValue(DidSpecification.CONTROL_GROUP_VALUES, s.controlGroup()),
        DidSpecification.optionValue(DidSpecification.BASE_PERIOD_VALUES, s.basePeriod()),
        s.anticipation(),
        DidSpecification.optionValue(DidSpecification.EST_METHOD_VALUES, s.estimationMethod()),
        DidSpecification.optionValue(DidSpecification.SAMPLING_VALUES, design),
        s.covariates().isEmpty() ? "" : ", covariates " + String.join(",", s.covariates()));
    out.printf(
        Locale.ROOT,
        "analytic SEs sqrt(mean(IF^2)/n), n = %,d %s; 95%% CIs normal%n",
        gt.unitCount(),
        design == SamplingDesign.REPEATED_CROSS_SECTIONS ? "observations" : "units");
    out.println();
    UniformBands cellBands = cs.groupTimeBands().orElse(null);
    out.printf(
        Locale.ROOT,
        "%8s %8s %8s %12s %12s %25s %9s %10s%s%n",
        "group",
        "period",
        "base",
        "ATT(g,t)",
        "std. err.",
        "[95% conf. interval]",
        "treated",
        "comparison",
        cellBands == null ? "" : String.format(Locale.ROOT, " %25s", "[95% simult. band]"));
    int b = 0;
    for (GroupTimeEffect e : gt.effects()) {
      NormalInterval ci = NormalInterval.of(e.att(), e.standardError());
      String band = "";
      if (cellBands != null && !Double.isNaN(e.standardError())) {
        band = String.format(Locale.ROOT, " %12.7f %12.7f", cellBands.lower(b), cellBands.upper(b));
        b++;
      }
      out.printf(
          Locale.ROOT,
          "%8d %8d %8d %12.7f %12.7f %12.7f %12.7f %9d %10d%s%n",
          e.group(),
          e.period(),
          e.basePeriod(),
          e.att(),
          e.standardError(),
          ci.lower(),
          ci.upper(),
          e.treatedUnits(),
          e.comparisonUnits(),
          band);
    }
    out.println();
    aggregation(out, cs.aggregation(), cs.aggregationBands().orElse(null));
    cs.preTest()
        .ifPresentOrElse(
            t ->
                out.printf(
                    Locale.ROOT,
                    "pre-test of parallel trends (did's Wald test, every pre-treatment ATT(g,t) is"
                        + " zero): chi2(%d) = %.4f, p = %.5f%n",
                    t.degreesOfFreedom(),
                    t.statistic(),
                    t.pValue()),
            () ->
                out.println(
                    "pre-test of parallel trends: not computable (no pre-treatment cell, or their"
                        + " covariance is singular)"));
    cellBands = cs.groupTimeBands().orElse(null);
    if (cellBands != null) {
      out.printf(
          Locale.ROOT,
          "multiplier bootstrap: %,d draws, one Rademacher weight per %s (%,d), seed %d;"
              + " simultaneous 95%% critical value %.4f for the ATT(g,t)%s%n",
          cellBands.iterations(),
          s.clusterColumn(),
          cellBands.multipliers(),
          s.seed(),
          cellBands.criticalValue(),
          cs.aggregationBands()
              .map(a -> String.format(Locale.ROOT, ", %.4f for the aggregation", a.criticalValue()))
              .orElse(""));
    }
    exclusions(out, gt.exclusions());
  }

  private static void aggregation(PrintStream out, AggregatedEffects a, UniformBands bands) {
    String what =
        switch (a.type()) {
          case SIMPLE -> "simple (post-treatment ATT(g,t) weighted by group size)";
          case GROUP -> "by group (cohort)";
          case DYNAMIC -> "dynamic (by event time)";
          case CALENDAR -> "calendar (by period)";
        };
    out.println("aggregation " + what + ":");
    out.printf(
        Locale.ROOT,
        "%-12s %12s %12s %9s %8s %25s%s%n",
        a.type() == Aggregation.DYNAMIC
            ? "event time"
            : a.type() == Aggregation.GROUP
                ? "group"
                : a.type() == Aggregation.CALENDAR ? "period" : "",
        "estimate",
        "std. err.",
        "z",
        "P>|z|",
        "[95% conf. interval]",
        bands == null ? "" : String.format(Locale.ROOT, " %25s", "[95% simult. band]"));
    List<AggregatedEffect> effects = a.effects();
    for (int k = 0; k < effects.size(); k++) {
      AggregatedEffect e = effects.get(k);
      row(
          out,
          Integer.toString(e.key()),
          e.att(),
          e.standardError(),
          bands == null
              ? ""
              : String.format(Locale.ROOT, " %12.7f %12.7f", bands.lower(k), bands.upper(k)));
    }
    row(out, "ATT", a.overallAtt(), a.overallStandardError(), "");
  }

  private static void row(PrintStream out, String label, double est, double se, String band) {
    NormalInterval ci = NormalInterval.of(est, se);
    out.printf(
        Locale.ROOT,
        "%-12s %12.7f %12.7f %9.2f %8.4f %12.7f %12.7f%s%n",
        label,
        est,
        se,
        ci.z(),
        ci.pValue(),
        ci.lower(),
        ci.upper(),
        band);
  }

  private static void exclusions(PrintStream out, List<Exclusion> exclusions) {
    for (Exclusion x : exclusions) {
      out.printf(
          Locale.ROOT,
          "left out: %s%s: %s%n",
          x.reason(),
          x.period() == 0
              ? " (group " + x.group() + ")"
              : " ATT(" + x.group() + "," + x.period() + ")",
          x.detail());
    }
  }

  static void sunAbraham(PrintStream out, SunAbrahamResult sa) {
    out.printf(
        Locale.ROOT,
        "Sun & Abraham: interaction-weighted event study, never-treated control cohort, reference"
            + " relative period %d; variance %s (N %,d, %d clusters, df %.0f); event times in"
            + " periods%n",
        sa.referencePeriod(),
        sa.regression().varianceType(),
        sa.regression().nObservations(),
        sa.regression().nClusters(),
        sa.regression().degreesOfFreedom());
    out.printf(
        Locale.ROOT,
        "%-12s %12s %12s %9s %8s %25s%n",
        "event time",
        "estimate",
        "std. err.",
        "t",
        "P>|t|",
        "[95% conf. interval]");
    for (EventStudyCoefficient c : sa.eventTimeEffects()) {
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
    SunAbrahamResult.WeightedEffect att = sa.att();
    out.printf(
        Locale.ROOT,
        "%-12s %12.7f %12.7f %9.2f %8.4f   (post-treatment cells weighted by observations)%n",
        "ATT",
        att.estimate(),
        att.standardError(),
        att.tStatistic(),
        att.pValue());
    exclusions(out, sa.exclusions());
  }

  static void goodmanBacon(PrintStream out, GoodmanBaconDecomposition.Result r) {
    out.printf(
        Locale.ROOT,
        "Goodman-Bacon decomposition of the TWFE estimate %.7f into %d 2x2 comparisons%n",
        r.twfeEstimate(),
        r.comparisons().size());
    out.printf(Locale.ROOT, "%-28s %12s %14s%n", "comparison type", "weight", "avg. estimate");
    for (GoodmanBaconDecomposition.TypeSummary t : r.byType().values()) {
      out.printf(
          Locale.ROOT,
          "%-28s %12.7f %14.8f%n",
          t.type().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          t.weight(),
          t.averageEstimate());
    }
    out.printf(
        Locale.ROOT,
        "%n%8s  %-10s  %-26s %12s %12s%n",
        "treated",
        "compared",
        "type",
        "estimate",
        "weight");
    for (GoodmanBaconDecomposition.Comparison c : r.comparisons()) {
      out.printf(
          Locale.ROOT,
          "%8d  %-10s  %-26s %12.7f %12.7f%n",
          c.treatedGroup(),
          c.comparisonGroup() == 0 ? "never" : Integer.toString(c.comparisonGroup()),
          c.type().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          c.estimate(),
          c.weight());
    }
    exclusions(out, r.exclusions());
  }
}
