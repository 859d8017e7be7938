package org.pioneereval.jobs.report;

import static org.pioneereval.jobs.estimate.StaggeredAdoptionJob.ESTIMATOR_CS;
import static org.pioneereval.jobs.estimate.StaggeredAdoptionJob.ESTIMATOR_SA;
import static org.pioneereval.jobs.estimate.StaggeredAdoptionJob.NOT_ESTIMATED;
import static org.pioneereval.jobs.estimate.StaggeredAdoptionJob.OVERALL;
import static org.pioneereval.jobs.estimate.StaggeredAdoptionJob.PRE_TEST;
import static org.pioneereval.jobs.estimate.StaggeredAdoptionJob.PRE_TEST_COHORT_LEADS;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.pioneereval.estimators.Aggregation;
import org.pioneereval.estimators.GoodmanBaconDecomposition.ComparisonType;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.estimate.StaggeredColumns;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * Staggered adoption: pioneers went live in waves, so next to each TWFE effect the
 * heterogeneity-robust estimates ({@code results/staggered_aggregations}: Callaway and Sant'Anna
 * overall, by wave and by event time; Sun and Abraham) and the Goodman-Bacon decomposition of the
 * TWFE estimate ({@code results/bacon_decomposition}).
 *
 * <p>Disclosure: an estimate for one wave or one event time rests only on the pioneer sites of that
 * wave or observed at that event time ({@code treated_sites} of {@code results/att_gt}); it is
 * shown only when they, and the comparison sites, reach the threshold.
 */
final class StaggeredAdoptionSection {

  private StaggeredAdoptionSection() {}

  static final List<ComparisonType> BACON_ORDER = List.of(ComparisonType.values());
  static final List<String> BACON_COLOURS = List.of("#1f4e79", "#27ae60", "#c0392b", "#8e44ad");

  static void write(StringBuilder html, ReportContext ctx) {
    html.append("<p>Pioneers went live in waves. The TWFE estimate then also compares later")
        .append(" pioneers with earlier ones that are already live, which biases it when effects")
        .append(" grow or fade after go-live. The estimators below compare each wave only with")
        .append(" sites that are not (yet) pioneers: Callaway &amp; Sant'Anna (2021) effects of")
        .append(" each wave in each period, averaged overall, by wave and by time since go-live;")
        .append(" Sun &amp; Abraham (2021) interaction-weighted event study. The Goodman-Bacon")
        .append(" (2021) decomposition shows how much of the TWFE estimate comes from each kind")
        .append(" of comparison. All on a balanced panel (sites with a value in every kept")
        .append(" period).</p>\n");
    List<Row> aggregations = ctx.runRows(LakeTable.STAGGERED_AGGREGATIONS);
    if (aggregations.isEmpty()) {
      html.append("<p>No staggered-adoption estimates in this run (table <code>")
          .append(Html.esc(LakeTable.STAGGERED_AGGREGATIONS.relativePath()))
          .append("</code> has no rows for it): <code>pioneer-eval run</code> writes them.</p>\n");
      return;
    }
    TreatedSites treated = TreatedSites.of(ctx.runRows(LakeTable.ATT_GT));
    Map<String, List<Row>> byOutcome = new TreeMap<>(EventStudySection.outcomeOrder());
    for (Row r : aggregations) {
      byOutcome.computeIfAbsent(r.getAs(StaggeredColumns.OUTCOME), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<String, List<Row>> e : byOutcome.entrySet()) {
      outcome(html, ctx, e.getKey(), e.getValue(), treated);
    }
    bacon(html, ctx, byOutcome);
  }

  private static void outcome(
      StringBuilder html, ReportContext ctx, String outcome, List<Row> rows, TreatedSites treated) {
    DisclosureControl disclosure = ctx.disclosure();
    String label = ctx.label(outcome);
    String unit = ctx.unit(outcome);
    boolean months =
        ReportContext.outcome(outcome)
            .map(o -> o.level() == PanelOutcome.Level.SITE_MONTH)
            .orElse(true);
    html.append("<div class=\"outcome\" id=\"staggered-")
        .append(Html.esc(outcome))
        .append("\"><h3>")
        .append(Html.esc(label))
        .append("</h3>\n");
    Optional<Row> notEstimated =
        rows.stream()
            .filter(r -> NOT_ESTIMATED.equals(r.getAs(StaggeredColumns.AGGREGATION)))
            .findFirst();
    if (notEstimated.isPresent()) {
      html.append("<p class=\"note\">Not estimated: ")
          .append(Html.esc(Cells.str(notEstimated.get(), StaggeredColumns.NOTE)))
          .append("</p></div>\n");
      return;
    }
    html.append("<table><caption>")
        .append(Html.esc(label))
        .append(": TWFE and estimates robust to staggered adoption (")
        .append(Html.esc(unit))
        .append(")</caption><thead><tr><th scope=\"col\">Estimator</th>")
        .append("<th scope=\"col\">Effect</th><th scope=\"col\">95% CI</th>")
        .append("<th scope=\"col\">p</th><th scope=\"col\">Sites (pioneer / comparison)</th>")
        .append("</tr></thead><tbody>\n");
    Optional<Row> twfe = ctx.effect(outcome, Estimator.TWFE);
    if (twfe.isPresent()) {
      Row t = twfe.get();
      estimateRow(
          html,
          ctx,
          outcome + "-twfe",
          "TWFE (all periods, both waves)",
          Cells.dbl(t, EffectColumns.ESTIMATE),
          Cells.dbl(t, EffectColumns.CI_LOWER),
          Cells.dbl(t, EffectColumns.CI_UPPER),
          Cells.dbl(t, EffectColumns.P_VALUE),
          Cells.integer(t, EffectColumns.N_PIONEER_SITES),
          Cells.integer(t, EffectColumns.N_COMPARISON_SITES));
    }
    find(rows, ESTIMATOR_CS, Aggregation.SIMPLE.name(), OVERALL)
        .ifPresent(
            r ->
                aggregateRow(
                    html,
                    ctx,
                    outcome + "-cs-simple",
                    "Callaway &amp; Sant'Anna: all pioneers (simple ATT)",
                    r,
                    null));
    List<Row> groups = keyed(rows, Aggregation.GROUP.name());
    for (Row g : groups) {
      Integer key = Cells.integer(g, StaggeredColumns.KEY_VALUE);
      String start = Cells.str(g, StaggeredColumns.KEY_PERIOD_START);
      String when =
          start == null
              ? String.valueOf(key)
              : months ? start.substring(0, Math.min(7, start.length())) : start.substring(0, 4);
      aggregateRow(
          html,
          ctx,
          outcome + "-cs-wave-" + key,
          months
              ? "Callaway &amp; Sant'Anna: wave live from " + Html.esc(when)
              : "Callaway &amp; Sant'Anna: pioneers first surveyed live in " + Html.esc(when),
          g,
          treated.inGroup(outcome, key));
    }
    find(rows, ESTIMATOR_CS, Aggregation.GROUP.name(), OVERALL)
        .ifPresent(
            r ->
                aggregateRow(
                    html,
                    ctx,
                    outcome + "-cs-group",
                    "Callaway &amp; Sant'Anna: average of the waves",
                    r,
                    null));
    find(rows, ESTIMATOR_CS, Aggregation.DYNAMIC.name(), OVERALL)
        .ifPresent(
            r ->
                aggregateRow(
                    html,
                    ctx,
                    outcome + "-cs-dynamic",
                    "Callaway &amp; Sant'Anna: average over "
                        + (months ? "months" : "years")
                        + " since go-live",
                    r,
                    null));
    find(rows, ESTIMATOR_SA, Aggregation.SIMPLE.name(), OVERALL)
        .ifPresent(
            r ->
                aggregateRow(
                    html, ctx, outcome + "-sa", "Sun &amp; Abraham: all pioneers", r, null));
    html.append("</tbody></table>\n");
    preTests(html, rows);
    List<Row> dynamic = keyed(rows, Aggregation.DYNAMIC.name());
    if (!dynamic.isEmpty() && ctx.mayShowOutcome(outcome)) {
      List<SvgCharts.EventPoint> points = new ArrayList<>();
      int hidden = 0;
      for (Row r : dynamic) {
        Integer e = Cells.integer(r, StaggeredColumns.KEY_VALUE);
        Double estimate = Cells.dbl(r, StaggeredColumns.ESTIMATE);
        if (e == null || estimate == null) {
          continue;
        }
        Integer comparisons = Cells.integer(r, StaggeredColumns.N_COMPARISON_SITES);
        if (!disclosure.mayShowComparison(
            treated.atEventTime(outcome, e), comparisons == null ? 0 : comparisons)) {
          hidden++;
          continue;
        }
        points.add(
            new SvgCharts.EventPoint(
                e,
                estimate,
                Cells.dbl(r, StaggeredColumns.CI_LOWER),
                Cells.dbl(r, StaggeredColumns.CI_UPPER),
                Cells.dbl(r, StaggeredColumns.UNIFORM_CI_LOWER),
                Cells.dbl(r, StaggeredColumns.UNIFORM_CI_UPPER),
                false,
                false));
      }
      if (!points.isEmpty()) {
        points.sort(Comparator.comparingDouble(SvgCharts.EventPoint::x));
        double last = points.get(points.size() - 1).x();
        List<SvgCharts.Level> levels = new ArrayList<>();
        twfe.map(t -> Cells.dbl(t, EffectColumns.ESTIMATE))
            .ifPresent(
                v ->
                    levels.add(
                        new SvgCharts.Level(
                            "TWFE average effect",
                            v,
                            -0.5,
                            last,
                            EventStudySection.TWFE_COLOUR,
                            "6,3")));
        String period = months ? "months" : "years";
        html.append("<figure>")
            .append(
                SvgCharts.eventTimeChart(
                    label + ": effects by time since go-live",
                    "Callaway and Sant'Anna average effect on "
                        + label.toLowerCase(Locale.ROOT)
                        + " ("
                        + unit
                        + ") by "
                        + period
                        + " since go-live, "
                        + Math.round(points.get(0).x())
                        + " to "
                        + Math.round(last)
                        + ", with pointwise 95% confidence intervals and a simultaneous 95% band"
                        + (hidden > 0
                            ? "; "
                                + hidden
                                + " "
                                + (hidden == 1 ? period.substring(0, period.length() - 1) : period)
                                + " with fewer than "
                                + disclosure.threshold()
                                + " pioneer sites left out."
                            : "."),
                    (months ? "Months" : "Years (survey waves)")
                        + " since go-live (0 = first period live)",
                    unit,
                    points,
                    levels))
            .append("<figcaption>Callaway &amp; Sant'Anna by time since go-live: dark band")
            .append(" pointwise 95% CI, light band 95% simultaneous band over all ")
            .append(period)
            .append(" shown")
            .append(hidden > 0 ? "; times with too few pioneer sites are left out" : "")
            .append(".</figcaption></figure>\n");
      }
    }
    html.append("</div>\n");
  }

  private static void preTests(StringBuilder html, List<Row> rows) {
    List<String> sentences = new ArrayList<>();
    for (String name : List.of(PRE_TEST, PRE_TEST_COHORT_LEADS)) {
      Optional<Row> test = find(rows, ESTIMATOR_CS, name, OVERALL);
      if (test.isEmpty()) {
        continue;
      }
      Row t = test.get();
      String what =
          name.equals(PRE_TEST)
              ? "pre-test of all effects before go-live"
              : "pre-test of each wave's mean effect in the months before go-live";
      Double chi = Cells.dbl(t, StaggeredColumns.CHI_SQUARED);
      Integer df = Cells.integer(t, StaggeredColumns.CHI_SQUARED_DF);
      Double p = Cells.dbl(t, StaggeredColumns.P_VALUE);
      if (chi == null || df == null || p == null) {
        String note = Cells.str(t, StaggeredColumns.NOTE);
        sentences.add(
            "Callaway &amp; Sant'Anna "
                + what
                + ": not computable"
                + (note == null ? "" : " (" + Html.esc(note) + ")")
                + ".");
      } else {
        sentences.add(
            "Callaway &amp; Sant'Anna "
                + what
                + ": &chi;&sup2;("
                + df
                + ") = "
                + String.format(Locale.ROOT, "%.2f", chi)
                + ", "
                + Html.pStatement(p)
                + ".");
      }
    }
    if (!sentences.isEmpty()) {
      html.append("<p class=\"pretrend\">").append(String.join(" ", sentences)).append("</p>\n");
    }
  }

  private static void aggregateRow(
      StringBuilder html, ReportContext ctx, String id, String name, Row r, Integer pioneerSites) {
    Integer pioneers =
        pioneerSites != null ? pioneerSites : Cells.integer(r, StaggeredColumns.N_PIONEER_SITES);
    estimateRow(
        html,
        ctx,
        id,
        name,
        Cells.dbl(r, StaggeredColumns.ESTIMATE),
        Cells.dbl(r, StaggeredColumns.CI_LOWER),
        Cells.dbl(r, StaggeredColumns.CI_UPPER),
        Cells.dbl(r, StaggeredColumns.P_VALUE),
        pioneers,
        Cells.integer(r, StaggeredColumns.N_COMPARISON_SITES));
  }

  private static void estimateRow(
      StringBuilder html,
      ReportContext ctx,
      String id,
      String nameHtml,
      Double estimate,
      Double lower,
      Double upper,
      Double p,
      Integer pioneers,
      Integer comparisons) {
    html.append("<tr id=\"staggered-")
        .append(Html.esc(id))
        .append("\"><th scope=\"row\">")
        .append(nameHtml)
        .append("</th>");
    boolean shown =
        pioneers != null
            && comparisons != null
            && ctx.disclosure().mayShowComparison(pioneers, comparisons);
    if (shown) {
      html.append("<td class=\"num\">")
          .append(Html.fmt(estimate))
          .append("</td><td class=\"num\">")
          .append(Html.interval(lower, upper))
          .append("</td><td class=\"num\">")
          .append(Html.pValue(p))
          .append("</td>");
    } else {
      html.append("<td colspan=\"3\" class=\"suppressed\">suppressed: fewer than ")
          .append(ctx.disclosure().threshold())
          .append(" sites in a group</td>");
    }
    html.append("<td class=\"num\">")
        .append(pioneers == null ? Html.NOT_AVAILABLE : pioneers)
        .append(" / ")
        .append(comparisons == null ? Html.NOT_AVAILABLE : comparisons)
        .append("</td></tr>\n");
  }

  private static void bacon(
      StringBuilder html, ReportContext ctx, Map<String, List<Row>> aggregations) {
    html.append("<div class=\"outcome\" id=\"bacon\"><h3>Goodman-Bacon decomposition of the TWFE")
        .append(" estimate</h3>\n");
    Map<String, List<Row>> byOutcome = new TreeMap<>(EventStudySection.outcomeOrder());
    for (Row r : ctx.runRows(LakeTable.BACON_DECOMPOSITION)) {
      byOutcome.computeIfAbsent(r.getAs(StaggeredColumns.OUTCOME), k -> new ArrayList<>()).add(r);
    }
    if (byOutcome.isEmpty()) {
      html.append("<p>No decomposition in this run.</p></div>\n");
      return;
    }
    TreeSet<ComparisonType> present = new TreeSet<>();
    for (List<Row> rows : byOutcome.values()) {
      for (Row r : rows) {
        present.add(ComparisonType.valueOf(r.getAs(StaggeredColumns.COMPARISON_TYPE)));
      }
    }
    List<ComparisonType> types = new ArrayList<>(present);
    List<String> names = new ArrayList<>();
    List<String> colours = new ArrayList<>();
    for (ComparisonType t : types) {
      names.add(comparisonName(t));
      colours.add(BACON_COLOURS.get(BACON_ORDER.indexOf(t) % BACON_COLOURS.size()));
    }
    List<SvgCharts.ShareBar> bars = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : byOutcome.entrySet()) {
      double[] shares = new double[types.size()];
      for (Row r : e.getValue()) {
        ComparisonType type = ComparisonType.valueOf(r.getAs(StaggeredColumns.COMPARISON_TYPE));
        Double w = Cells.dbl(r, StaggeredColumns.WEIGHT);
        shares[types.indexOf(type)] += w == null ? 0 : w;
      }
      bars.add(new SvgCharts.ShareBar(ctx.label(e.getKey()), shares));
    }
    html.append("<figure>")
        .append(
            SvgCharts.stackedShares(
                "Goodman-Bacon weights of the TWFE estimate",
                "Stacked bars, one per outcome: the share of the TWFE estimate's weight that comes"
                    + " from each kind of 2x2 comparison. "
                    + describeShares(bars, names),
                "Share of the TWFE estimate's weight (%)",
                "Outcome",
                names,
                colours,
                bars))
        .append("<figcaption>The TWFE estimate is a weighted average of 2x2 comparisons. Weight")
        .append(" on later pioneers compared with earlier, already live ones can bias it when")
        .append(" effects change after go-live.</figcaption></figure>\n");
    html.append("<table><caption>Goodman-Bacon decomposition: weight and average 2x2 estimate")
        .append(" of each comparison type</caption><thead><tr><th scope=\"col\">Outcome</th>")
        .append("<th scope=\"col\">Comparison</th><th scope=\"col\">Weight</th>")
        .append("<th scope=\"col\">Average 2x2 estimate</th>")
        .append("<th scope=\"col\">2x2 comparisons</th>")
        .append("<th scope=\"col\">TWFE (balanced panel)</th></tr></thead><tbody>\n");
    for (Map.Entry<String, List<Row>> e : byOutcome.entrySet()) {
      String outcome = e.getKey();
      Optional<Row> simple =
          find(
              aggregations.getOrDefault(outcome, List.of()),
              ESTIMATOR_CS,
              Aggregation.SIMPLE.name(),
              OVERALL);
      boolean shown =
          ctx.mayShowOutcome(outcome)
              && simple
                  .map(
                      r -> {
                        Integer p = Cells.integer(r, StaggeredColumns.N_PIONEER_SITES);
                        Integer c = Cells.integer(r, StaggeredColumns.N_COMPARISON_SITES);
                        return p != null && c != null && ctx.disclosure().mayShowComparison(p, c);
                      })
                  .orElse(true);
      List<Row> rows = new ArrayList<>(e.getValue());
      rows.sort(
          Comparator.comparingInt(
              r ->
                  BACON_ORDER.indexOf(
                      ComparisonType.valueOf(r.getAs(StaggeredColumns.COMPARISON_TYPE)))));
      for (Row r : rows) {
        ComparisonType type = ComparisonType.valueOf(r.getAs(StaggeredColumns.COMPARISON_TYPE));
        Double w = Cells.dbl(r, StaggeredColumns.WEIGHT);
        html.append("<tr id=\"bacon-")
            .append(Html.esc(outcome))
            .append('-')
            .append(type.name())
            .append("\"><th scope=\"row\">")
            .append(Html.esc(ctx.label(outcome)))
            .append("</th><td>")
            .append(Html.esc(comparisonName(type)))
            .append("</td><td class=\"num\">")
            .append(w == null ? Html.NOT_AVAILABLE : String.format(Locale.ROOT, "%.1f%%", 100 * w))
            .append("</td>");
        if (shown) {
          html.append("<td class=\"num\">")
              .append(Html.fmt(Cells.dbl(r, StaggeredColumns.ESTIMATE)))
              .append("</td>");
        } else {
          html.append("<td class=\"suppressed\">suppressed</td>");
        }
        html.append("<td class=\"num\">")
            .append(Cells.integer(r, StaggeredColumns.COMPARISONS))
            .append("</td><td class=\"num\">")
            .append(shown ? Html.fmt(Cells.dbl(r, StaggeredColumns.TWFE)) : "suppressed")
            .append("</td></tr>\n");
      }
    }
    html.append("</tbody></table></div>\n");
  }

  private static String describeShares(List<SvgCharts.ShareBar> bars, List<String> names) {
    StringBuilder d = new StringBuilder();
    for (SvgCharts.ShareBar b : bars) {
      d.append(b.label()).append(':');
      String sep = " ";
      for (int c = 0; c < names.size(); c++) {
        if (b.shares()[c] > 0) {
          d.append(sep)
              .append(names.get(c).toLowerCase(Locale.ROOT))
              .append(' ')
              .append(String.format(Locale.ROOT, "%.0f%%", 100 * b.shares()[c]));
          sep = ", ";
        }
      }
      d.append(". ");
    }
    return d.toString().trim();
  }

  static String comparisonName(ComparisonType type) {
    return switch (type) {
      case TREATED_VS_NEVER_TREATED -> "Pioneers vs never pioneers";
      case EARLIER_VS_LATER_TREATED -> "Earlier vs later pioneers (before these go live)";
      case LATER_VS_EARLIER_TREATED -> "Later vs earlier pioneers (already live)";
      case LATER_VS_ALWAYS_TREATED -> "Later pioneers vs always live";
    };
  }

  private static Optional<Row> find(
      List<Row> rows, String estimator, String aggregation, String key) {
    return rows.stream()
        .filter(r -> estimator.equals(r.getAs(StaggeredColumns.ESTIMATOR)))
        .filter(r -> aggregation.equals(r.getAs(StaggeredColumns.AGGREGATION)))
        .filter(r -> key.equals(r.getAs(StaggeredColumns.KEY)))
        .findFirst();
  }

  /** The CS rows of an aggregation other than the overall one, by key value. */
  private static List<Row> keyed(List<Row> rows, String aggregation) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      if (ESTIMATOR_CS.equals(r.getAs(StaggeredColumns.ESTIMATOR))
          && aggregation.equals(r.getAs(StaggeredColumns.AGGREGATION))
          && !OVERALL.equals(r.getAs(StaggeredColumns.KEY))
          && Cells.integer(r, StaggeredColumns.KEY_VALUE) != null) {
        out.add(r);
      }
    }
    out.sort(Comparator.comparingInt(r -> Cells.integer(r, StaggeredColumns.KEY_VALUE)));
    return out;
  }

  /**
   * Pioneer sites behind each wave's and each event time's estimate, from the group-time cells of
   * {@code results/att_gt}: a wave's sites are its cells' treated sites; an event time's are the
   * sum over the waves observed at it. Unknown (no cells) counts as zero, i.e. not shown.
   */
  private record TreatedSites(Map<String, Integer> byGroup, Map<String, Integer> byEventTime) {

    static TreatedSites of(List<Row> attGt) {
      Map<String, Integer> byGroup = new HashMap<>();
      Map<String, Integer> byEventTime = new HashMap<>();
      for (Row r : attGt) {
        String outcome = r.getAs(StaggeredColumns.OUTCOME);
        Integer group = Cells.integer(r, StaggeredColumns.GROUP);
        Integer eventTime = Cells.integer(r, StaggeredColumns.EVENT_TIME);
        Integer sites = Cells.integer(r, StaggeredColumns.TREATED_UNITS);
        if (group == null || eventTime == null || sites == null) {
          continue;
        }
        byGroup.merge(outcome + "|" + group, sites, Math::max);
        byEventTime.merge(outcome + "|" + eventTime, sites, Integer::sum);
      }
      return new TreatedSites(byGroup, byEventTime);
    }

    int inGroup(String outcome, Integer group) {
      return group == null ? 0 : byGroup.getOrDefault(outcome + "|" + group, 0);
    }

    int atEventTime(String outcome, int eventTime) {
      return byEventTime.getOrDefault(outcome + "|" + eventTime, 0);
    }
  }
}
