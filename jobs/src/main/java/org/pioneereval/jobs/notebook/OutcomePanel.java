package org.pioneereval.jobs.notebook;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.estimators.DidEstimate;
import org.pioneereval.estimators.EventStudy;
import org.pioneereval.estimators.EventStudyResult;
import org.pioneereval.estimators.PanelObservations;
import org.pioneereval.estimators.TwoByTwoDid;
import org.pioneereval.estimators.TwoWayFixedEffectsDid;
import org.pioneereval.estimators.VarianceType;
import org.pioneereval.jobs.estimate.EstimateJob;
import org.pioneereval.jobs.estimate.EventStudyJob;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelOutcome;

/**
 * One outcome's panel on the driver, for re-estimating in a notebook: the site-periods with a
 * value, one row each, sorted by site and period as the estimate stage sorts them. Panels are
 * already sufficient statistics (a few thousand site-months), so the estimators of the {@code
 * estimators} module run on them directly.
 *
 * <p>{@link #twfe()} is the estimate stage's specification exactly (site and period effects, all
 * periods, both waves, SEs clustered by site, CR1 with Stata's factor), so on the panel a run used
 * it reproduces that run's TWFE effect; the other methods change one thing at a time: the sites
 * ({@link #withoutSites}, {@link #pioneersOfWave}), the variance, the estimator ({@link #twoByTwo},
 * {@link #eventStudy}). Every method returns a new panel or result; none changes this one.
 */
public final class OutcomePanel {

  /** A site left out and the TWFE effect without it. */
  public record SiteInfluence(
      String site, boolean pioneer, Integer wave, DidEstimate withoutSite, double change) {}

  private final PanelOutcome outcome;
  private final String[] site;
  private final LocalDate[] periodStart;
  private final double[] y;
  private final boolean[] pioneer;
  private final boolean[] treatedPost;
  private final Integer[] wave;
  private final LocalDate[] goLive;
  private final Integer[] eventTimeMonths;

  private OutcomePanel(
      PanelOutcome outcome,
      String[] site,
      LocalDate[] periodStart,
      double[] y,
      boolean[] pioneer,
      boolean[] treatedPost,
      Integer[] wave,
      LocalDate[] goLive,
      Integer[] eventTimeMonths) {
    this.outcome = outcome;
    this.site = site;
    this.periodStart = periodStart;
    this.y = y;
    this.pioneer = pioneer;
    this.treatedPost = treatedPost;
    this.wave = wave;
    this.goLive = goLive;
    this.eventTimeMonths = eventTimeMonths;
  }

  /**
   * Collects the rows of {@code panel} (a {@code panel/site_month_panel} or {@code
   * panel/site_wave_panel} version) where {@code outcome} has a value, as the estimate stage does.
   */
  public static OutcomePanel collect(Dataset<Row> panel, PanelOutcome outcome) {
    List<Row> rows =
        panel
            .filter(col(outcome.columnName()).isNotNull())
            .select(
                col(PanelColumns.SITE_CODE),
                col(PanelColumns.PERIOD_START),
                col(outcome.columnName()).cast("double"),
                col(PanelColumns.PIONEER),
                col(PanelColumns.TREATED_POST),
                col(PanelColumns.WAVE).cast("int"),
                col(PanelColumns.GO_LIVE_DATE),
                col(PanelColumns.EVENT_TIME_MONTHS))
            .orderBy(PanelColumns.SITE_CODE, PanelColumns.PERIOD_START)
            .collectAsList();
    int n = rows.size();
    String[] site = new String[n];
    LocalDate[] start = new LocalDate[n];
    double[] y = new double[n];
    boolean[] pioneer = new boolean[n];
    boolean[] treated = new boolean[n];
    Integer[] wave = new Integer[n];
    LocalDate[] goLive = new LocalDate[n];
    Integer[] eventTime = new Integer[n];
    for (int i = 0; i < n; i++) {
      Row row = rows.get(i);
      site[i] = row.getString(0);
      start[i] = row.getDate(1).toLocalDate();
      y[i] = row.getDouble(2);
      pioneer[i] = row.getBoolean(3);
      treated[i] = row.getBoolean(4);
      wave[i] = row.isNullAt(5) ? null : row.getInt(5);
      goLive[i] = row.isNullAt(6) ? null : ((Date) row.get(6)).toLocalDate();
      eventTime[i] = row.isNullAt(7) ? null : row.getInt(7);
    }
    return new OutcomePanel(outcome, site, start, y, pioneer, treated, wave, goLive, eventTime);
  }

  public PanelOutcome outcome() {
    return outcome;
  }

  /** Site-periods with a value. */
  public int rows() {
    return y.length;
  }

  /** Every site, in code order. */
  public List<String> sites() {
    return List.copyOf(new TreeSet<>(List.of(site)));
  }

  public List<String> pioneerSites() {
    return sitesWhere(i -> pioneer[i]);
  }

  public List<String> comparisonSites() {
    return sitesWhere(i -> !pioneer[i]);
  }

  /** The pioneer waves in the panel (e.g. 1 and 2), in order. */
  public List<Integer> waves() {
    Set<Integer> waves = new TreeSet<>();
    for (int i = 0; i < y.length; i++) {
      if (pioneer[i] && wave[i] != null) {
        waves.add(wave[i]);
      }
    }
    return List.copyOf(waves);
  }

  /** The first go-live date of any pioneer site in the panel. */
  public LocalDate firstGoLive() {
    LocalDate first = null;
    for (LocalDate date : goLive) {
      if (date != null && (first == null || date.isBefore(first))) {
        first = date;
      }
    }
    if (first == null) {
      throw new IllegalStateException("No pioneer site of " + outcome + " has a go-live date.");
    }
    return first;
  }

  /** The mean of the outcome over each site's rows, by site code. */
  public Map<String, Double> meanBySite() {
    Map<String, double[]> sums = new TreeMap<>();
    for (int i = 0; i < y.length; i++) {
      double[] sum = sums.computeIfAbsent(site[i], k -> new double[2]);
      sum[0] += y[i];
      sum[1]++;
    }
    Map<String, Double> means = new TreeMap<>();
    sums.forEach((code, sum) -> means.put(code, sum[0] / sum[1]));
    return means;
  }

  /** The estimate stage's TWFE: site and period effects, clustered by site, CR1 (Stata). */
  public DidEstimate twfe() {
    return twfe(EstimateJob.VARIANCE_DEFAULT);
  }

  /** TWFE with another variance (e.g. {@link VarianceType#CR2} for few clusters). */
  public DidEstimate twfe(VarianceType variance) {
    return TwoWayFixedEffectsDid.withVariance(variance).fit(observations());
  }

  /**
   * The estimate stage's 2x2: pioneers vs comparison sites, periods before the first go-live vs
   * from the last go-live (the months between the waves left out).
   */
  public DidEstimate twoByTwo(VarianceType variance) {
    LocalDate first = firstGoLive();
    LocalDate last = first;
    for (LocalDate date : goLive) {
      last = date != null && date.isAfter(last) ? date : last;
    }
    Map<String, Integer> clusters = new HashMap<>();
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      if (periodStart[i].isBefore(first) || !periodStart[i].isBefore(last)) {
        keep.add(i);
      }
    }
    int m = keep.size();
    double[] yy = new double[m];
    boolean[] group = new boolean[m];
    boolean[] post = new boolean[m];
    int[] cluster = new int[m];
    for (int j = 0; j < m; j++) {
      int i = keep.get(j);
      yy[j] = y[i];
      group[j] = pioneer[i];
      post[j] = !periodStart[i].isBefore(last);
      cluster[j] = clusters.computeIfAbsent(site[i], k -> clusters.size());
    }
    return TwoByTwoDid.withVariance(variance).fit(yy, group, post, cluster, null);
  }

  /**
   * An event study of a site-month outcome: one coefficient per month from go-live in {@code
   * first..last} (end points binned), month {@link EventStudyJob#REFERENCE_MONTH_DEFAULT} omitted,
   * clustered by site (CR1, Stata), with the joint Wald test of the leads.
   */
  public EventStudyResult eventStudy(int first, int last) {
    if (outcome.level() != PanelOutcome.Level.SITE_MONTH) {
      throw new IllegalArgumentException(
          outcome.columnName()
              + " is measured once per survey wave; event studies here count months from"
              + " go-live. Use a site-month outcome (admissions, cost per capita).");
    }
    int[] eventTime = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      eventTime[i] =
          pioneer[i] && eventTimeMonths[i] != null ? eventTimeMonths[i] : EventStudy.NEVER_TREATED;
    }
    return EventStudy.builder()
        .variance(EstimateJob.VARIANCE_DEFAULT)
        .referencePeriod(EventStudyJob.REFERENCE_MONTH_DEFAULT)
        .window(first, last)
        .binEndpoints(true)
        .build()
        .fit(observations(), eventTime);
  }

  /** The panel without some sites (e.g. a site whose data are doubtful). */
  public OutcomePanel withoutSites(Collection<String> sites) {
    Set<String> drop = Set.copyOf(sites);
    return where(i -> !drop.contains(site[i]));
  }

  /** The panel with only some sites. */
  public OutcomePanel onlySites(Collection<String> sites) {
    Set<String> keep = Set.copyOf(sites);
    return where(i -> keep.contains(site[i]));
  }

  /** The pioneers of one wave and every comparison site: the wave's own comparison. */
  public OutcomePanel pioneersOfWave(int pioneerWave) {
    return where(i -> !pioneer[i] || (wave[i] != null && wave[i] == pioneerWave));
  }

  /** The periods from {@code from} (inclusive) to {@code until} (exclusive). */
  public OutcomePanel periods(LocalDate from, LocalDate until) {
    return where(i -> !periodStart[i].isBefore(from) && periodStart[i].isBefore(until));
  }

  /**
   * The TWFE effect with each site left out in turn, sites in code order: how much the effect rests
   * on any single site ({@code change} = effect without the site minus the effect with all sites).
   */
  public List<SiteInfluence> leaveOneSiteOut() {
    double all = twfe().estimate();
    Map<String, Integer> firstRow = new LinkedHashMap<>();
    for (int i = 0; i < y.length; i++) {
      firstRow.putIfAbsent(site[i], i);
    }
    List<SiteInfluence> influences = new ArrayList<>();
    for (Map.Entry<String, Integer> entry : new TreeMap<>(firstRow).entrySet()) {
      int i = entry.getValue();
      DidEstimate without = withoutSites(List.of(entry.getKey())).twfe();
      influences.add(
          new SiteInfluence(
              entry.getKey(), pioneer[i], wave[i], without, without.estimate() - all));
    }
    return List.copyOf(influences);
  }

  /**
   * The rows as the estimators' input: sites and periods as dense indices in the estimate stage's
   * order (sites by code, periods by date), clusters = sites.
   */
  public PanelObservations observations() {
    Map<String, Integer> siteIndex = new HashMap<>();
    TreeMap<LocalDate, Integer> periodIndex = new TreeMap<>();
    for (LocalDate start : periodStart) {
      periodIndex.putIfAbsent(start, 0);
    }
    int next = 0;
    for (Map.Entry<LocalDate, Integer> entry : periodIndex.entrySet()) {
      entry.setValue(next++);
    }
    int n = y.length;
    int[] unit = new int[n];
    int[] period = new int[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      unit[i] = siteIndex.computeIfAbsent(site[i], k -> siteIndex.size());
      period[i] = periodIndex.get(periodStart[i]);
      d[i] = treatedPost[i] ? 1.0 : 0.0;
    }
    return PanelObservations.builder()
        .outcome(y.clone())
        .unit(unit)
        .time(period)
        .treatment(d)
        .cluster(unit.clone())
        .build();
  }

  private List<String> sitesWhere(IntPredicate rule) {
    Set<String> sites = new TreeSet<>();
    for (int i = 0; i < y.length; i++) {
      if (rule.test(i)) {
        sites.add(site[i]);
      }
    }
    return List.copyOf(sites);
  }

  private OutcomePanel where(IntPredicate keep) {
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < y.length; i++) {
      if (keep.test(i)) {
        rows.add(i);
      }
    }
    int m = rows.size();
    String[] s = new String[m];
    LocalDate[] p = new LocalDate[m];
    double[] v = new double[m];
    boolean[] pi = new boolean[m];
    boolean[] t = new boolean[m];
    Integer[] w = new Integer[m];
    LocalDate[] g = new LocalDate[m];
    Integer[] e = new Integer[m];
    for (int j = 0; j < m; j++) {
      int i = rows.get(j);
      s[j] = site[i];
      p[j] = periodStart[i];
      v[j] = y[i];
      pi[j] = pioneer[i];
      t[j] = treatedPost[i];
      w[j] = wave[i];
      g[j] = goLive[i];
      e[j] = eventTimeMonths[i];
    }
    return new OutcomePanel(outcome, s, p, v, pi, t, w, g, e);
  }

  @Override
  public String toString() {
    return String.format(
        "OutcomePanel[%s: %d site-periods, %d pioneer and %d comparison sites]",
        outcome.columnName(), rows(), pioneerSites().size(), comparisonSites().size());
  }
}
