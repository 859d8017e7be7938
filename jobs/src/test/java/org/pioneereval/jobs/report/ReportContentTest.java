package org.pioneereval.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.pioneereval.jobs.report.HtmlFragments.attribute;
import static org.pioneereval.jobs.report.HtmlFragments.cells;
import static org.pioneereval.jobs.report.HtmlFragments.element;
import static org.pioneereval.jobs.report.HtmlFragments.section;
import static org.pioneereval.jobs.report.HtmlFragments.svgs;
import static org.pioneereval.jobs.report.HtmlFragments.text;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.jobs.estimate.EffectColumns;
import org.pioneereval.jobs.estimate.Estimator;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.testing.SparkTestSession;

/**
 * The report of the {@link CraftedLake}: every number it shows is one the lake holds (or a count
 * computed from the crafted design), in the right place, under disclosure control.
 */
class ReportContentTest {

  static CraftedReport.Written report;
  static String html;

  @BeforeAll
  static void writeReport() {
    report = CraftedReport.get();
    html = report.text();
  }

  @Test
  void theSummaryShowsTheWildBootstrapPValueBesideTheClusterRobustOne() {
    assertThat(cells(html, "effect-emergency_admissions_rate-TWFE"))
        .containsExactly(
            "Emergency admissions emergency admissions per 1,000 population per month",
            "TWFE",
            "-0.4200",
            "-0.6300 to -0.2100",
            "<0.001",
            "0.012",
            "-5.0%",
            "16 / 10",
            // 26 sites x 24 months x 80 admissions, less the site-month without a rate
            String.format(Locale.ROOT, "%,d admissions", (26 * 24 - 1) * 80));
    assertThat(cells(html, "effect-elective_admissions_rate-TWFE"))
        .containsSequence("0.0500", "-0.1000 to 0.2000", "0.510", "0.547");
    assertThat(cells(html, "effect-emergency_admissions_rate-DID_2X2"))
        .as("no bootstrap for the 2x2 estimator")
        .containsSequence("-0.3800", "-0.7000 to -0.0600", "0.021", "\u2013", "-4.5%");
    assertThat(text(html))
        .contains(
            "Emergency admissions: after go-live, pioneer sites were 0.4200 emergency admissions"
                + " per 1,000 population per month lower than the comparison sites' trend implies"
                + " (-5.0% of their baseline; 95% CI -0.6300 to -0.2100; wild bootstrap p ="
                + " 0.012). The interval excludes no effect.");
  }

  @Test
  void recordsBehindEachEffectAreCountsFromThePanels() {
    assertThat(cells(html, "effect-elective_admissions_rate-TWFE"))
        .contains(String.format(Locale.ROOT, "%,d admissions", 26 * 24 * 50));
    assertThat(cells(html, "effect-cost_per_capita-TWFE"))
        .as("10,000 residents in each site-month with a cost, 2 sites x 6 months without")
        .contains(String.format(Locale.ROOT, "%,d resident-months", (26 * 24 - 2 * 6) * 10_000));
    assertThat(cells(html, "effect-overall_satisfaction-TWFE"))
        .contains(String.format(Locale.ROOT, "%,d responses", 26 * 2 * 30));
    assertThat(cells(html, "effect-knew_whom_to_contact-TWFE"))
        .as("asked at 10 comparison and 6 pioneer sites, in 2 waves of 30")
        .contains(String.format(Locale.ROOT, "%,d responses", 16 * 2 * 30));
  }

  @Test
  void outcomeModelsShowRatiosAndSurveyEffectsWithRawAndAdjustedPValues() {
    assertThat(cells(html, "model-emergency_admissions_rate-PPML_RATE_RATIO"))
        .containsExactly(
            "Emergency admissions",
            "Poisson PPML, population exposure rate ratio",
            "0.9512",
            "0.9011 to 1.004",
            "0.070",
            "0.281",
            "0.140",
            "primary");
    assertThat(cells(html, "model-care_coordinated-SURVEY_TOP_BOX"))
        .containsExactly(
            "Care felt coordinated",
            "Survey-weighted, top box percentage points",
            "6.250",
            "2.500 to 10.000",
            "0.001",
            "0.004",
            "0.004",
            "secondary");
    assertThat(cells(html, "model-knew_whom_to_contact-SURVEY_MEAN_SCORE"))
        .containsExactly(
            "Knew whom to contact",
            "Survey-weighted, mean score score points",
            "suppressed: fewer than 8 sites in a group",
            "primary");
  }

  @Test
  void matchedCohortShowsRatiosBeforeAfterMeansAndSuppressesSmallGroups() {
    assertThat(cells(html, "cohort-matched-emergency_admissions-RATE_RATIO"))
        .containsExactly(
            "matched",
            "Emergency admissions",
            "Poisson, patient fixed effects rate ratio",
            "0.6123 \u2192 0.4321",
            "0.6011 \u2192 0.4555",
            "0.9400",
            "0.8800 to 1.004",
            "0.065",
            "0.130",
            "0.098",
            "812 / 3,248");
    assertThat(cells(html, "cohort-unmatched-elective_admissions-DIFFERENCE"))
        .containsExactly(
            "unmatched",
            "Elective admissions",
            "Difference-in-differences admissions per patient-year",
            "suppressed: fewer than 8 patients in a group",
            "812 / *");
    assertThat(section(html, "matched-cohort")).doesNotContain("-0.0123");
  }

  @Test
  void patientPanelShowsEachOutcomeBesideTheSiteLevelTwfeAndSuppressesFewTreated() {
    assertThat(cells(html, "patient-panel-emergency_admissions"))
        .containsExactly(
            "Emergency admissions admissions per 1,000 patients per month",
            "-0.3875",
            "-0.6100 to -0.1650",
            "0.001",
            "-0.4200",
            "120,000 (48,000)",
            "11,520,000",
            "45");
    assertThat(cells(html, "patient-panel-elective_admissions"))
        .containsExactly(
            "Elective admissions admissions per 1,000 patients per month",
            "suppressed: fewer than 8 treated residents",
            "120,000 (*)",
            "11,520,000",
            "45");
    assertThat(cells(html, "patient-panel-inpatient_cost"))
        .as("no site-level counterpart for tariff-costed spells")
        .contains("1.250", "n/a");
    assertThat(section(html, "patient-panel")).doesNotContain("0.0456");
  }

  @Test
  void matchedCohortBalanceTableAndLovePlotShowEachCovariateBeforeAndAfter() {
    assertThat(cells(html, "balance-prior_emergency_admissions"))
        .containsExactly(
            "Emergency admissions, prior 12 months",
            "0.8800",
            "0.1200",
            "0.8500",
            "3.100",
            "0.8600",
            "0.0250",
            "1.050");
    assertThat(cells(html, "balance-long_term_condition"))
        .as("no variance ratio for an indicator")
        .containsExactly(
            "Long-term condition",
            "0.4000",
            "0.2000",
            "0.4100",
            "\u2013",
            "0.3900",
            "0.0200",
            "\u2013");
    String section = section(html, "matched-cohort");
    assertThat(section).contains("<title>Covariate balance of the matched cohort</title>");
    assertThat(section.split("fill=\"none\" stroke=\"#7f7f7f\"", -1))
        .as("one hollow circle per covariate before matching, plus the legend's")
        .hasSize(2 + 1 + 1);
  }

  @Test
  void anEffectOnFewerThanEightPioneerSitesIsSuppressedEverywhere() {
    assertThat(cells(html, "effect-knew_whom_to_contact-TWFE"))
        .contains("suppressed: fewer than 8 sites in a group", "6 / 10")
        .doesNotContain("0.7770");
    assertThat(html).doesNotContain("0.7770").doesNotContain("0.6660").doesNotContain("0.5550");
    assertThat(section(html, "summary"))
        .as("the forest plot leaves it out")
        .doesNotContain("Knew whom to contact (TWFE)");
  }

  @Test
  void eachSiteMonthOutcomeHasAnEventStudyWithItsBandAndPreTrendTest() {
    String emergency = element(html, "div", "event-study-emergency_admissions_rate");
    String svg = svgs(emergency).get(0);
    assertThat(attribute(svg, "aria-label"))
        .contains("for months -6 to 6 from go-live with 95% confidence bands")
        .contains("Before go-live they range from -0.0500 to 0.0600")
        .contains("From go-live they range from -0.4500 to -0.3900")
        .contains("The TWFE average effect is -0.4200");
    assertThat(svg)
        .as("the 95% band is drawn as shaded polygons")
        .contains("<polygon fill=\"#9fbfdf\"");
    assertThat(text(element(html, "p", "pretrend-emergency_admissions_rate")))
        .isEqualTo(
            "Pre-trend test: leads -5 to -2 jointly zero, F(4, 25) = 1.25, p = 0.316. No evidence"
                + " at the 5% level that pioneer and comparison sites were drifting apart before"
                + " go-live.");
    assertThat(text(element(html, "p", "pretrend-elective_admissions_rate")))
        .contains("F(4, 25) = 4.10, p = 0.004")
        .contains("read the effect with caution");
    assertThat(
            attribute(
                svgs(element(html, "div", "event-study-cost_per_capita")).get(0), "aria-label"))
        .as("month 6 pools months 6+, where only wave 1's 8 sites less 2 without costs are seen")
        .contains("for months -6 to 5 from go-live")
        .endsWith("1 month with fewer than 8 pioneer sites left out.");
    assertThat(attribute(svg, "aria-label")).doesNotContain("left out");
    assertThat(section(html, "event-studies"))
        .contains("id=\"event-study-cost_per_capita\"")
        .doesNotContain("id=\"event-study-overall_satisfaction\"");
  }

  @Test
  void staggeredAdoptionEstimatesStandNextToTheTwfeEstimate() {
    assertThat(cells(html, "staggered-emergency_admissions_rate-twfe"))
        .containsExactly(
            "TWFE (all periods, both waves)", "-0.4200", "-0.6300 to -0.2100", "<0.001", "16 / 10");
    assertThat(cells(html, "staggered-emergency_admissions_rate-cs-simple"))
        .containsExactly(
            "Callaway & Sant'Anna: all pioneers (simple ATT)",
            "-0.4500",
            "-0.5500 to -0.3500",
            "0.070",
            "16 / 10");
    assertThat(cells(html, "staggered-emergency_admissions_rate-cs-wave-13"))
        .containsExactly(
            "Callaway & Sant'Anna: wave live from 2014-01",
            "-0.5000",
            "-0.6000 to -0.4000",
            "0.010",
            "8 / 10");
    assertThat(cells(html, "staggered-emergency_admissions_rate-cs-wave-19"))
        .containsExactly(
            "Callaway & Sant'Anna: wave live from 2014-07",
            "-0.4000",
            "-0.5000 to -0.3000",
            "0.030",
            "8 / 10");
    assertThat(cells(html, "staggered-emergency_admissions_rate-sa"))
        .containsSequence("Sun & Abraham: all pioneers", "-0.4400");
    assertThat(text(element(html, "div", "staggered-emergency_admissions_rate")))
        .contains(
            "Callaway & Sant'Anna pre-test of all effects before go-live: \u03c7\u00b2(12) ="
                + " 10.50, p = 0.572.");
    assertThat(text(element(html, "div", "staggered-overall_satisfaction")))
        .contains("Not estimated: only 2 survey waves: no period before the first cohort");
  }

  @Test
  void aWaveOrEventTimeWithFewerThanEightPioneerSitesIsSuppressed() {
    assertThat(cells(html, "staggered-elective_admissions_rate-cs-wave-19"))
        .containsExactly(
            "Callaway & Sant'Anna: wave live from 2014-07",
            "suppressed: fewer than 8 sites in a group",
            "6 / 10");
    String emergencyChart =
        svgs(element(html, "div", "staggered-emergency_admissions_rate")).get(0);
    String electiveChart = svgs(element(html, "div", "staggered-elective_admissions_rate")).get(0);
    assertThat(attribute(emergencyChart, "aria-label"))
        .as("event time -15 has wave 2's 8 sites")
        .contains("by months since go-live, -15 to 3,")
        .doesNotContain("left out");
    assertThat(attribute(electiveChart, "aria-label"))
        .as("in elective admissions wave 2 has 6 sites, and only wave 2 is seen at -15")
        .contains("by months since go-live, -3 to 3,")
        .contains("1 month with fewer than 8 pioneer sites left out.");
  }

  @Test
  void theGoodmanBaconWeightsAreShownAsAChartAndATable() {
    assertThat(cells(html, "bacon-emergency_admissions_rate-TREATED_VS_NEVER_TREATED"))
        .containsExactly(
            "Emergency admissions",
            "Pioneers vs never pioneers",
            "80.0%",
            "-0.4500",
            "2",
            "-0.4200");
    assertThat(cells(html, "bacon-emergency_admissions_rate-LATER_VS_EARLIER_TREATED"))
        .containsSequence("Later vs earlier pioneers (already live)", "8.0%", "-0.1000", "1");
    String chart = svgs(element(html, "div", "bacon")).get(0);
    assertThat(attribute(chart, "aria-label"))
        .contains(
            "Emergency admissions: pioneers vs never pioneers 80%, earlier vs later pioneers"
                + " (before these go live) 12%, later vs earlier pioneers (already live) 8%.");
    assertThat(chart).as("legend only for comparison types present").doesNotContain("always live");
  }

  @Test
  void dataQualityCountsBelowEightAreSuppressedWithTheCellsThatWouldRevealThem() {
    assertThat(cells(html, "extract-admissions"))
        .as("5 quarantined is suppressed, so is accepted (2,200 - 2,195 = 5)")
        .containsExactly("admissions", "2", "1", "2,200", "*", "*");
    assertThat(cells(html, "extract-costs"))
        .as("4 rows received: total and accepted suppressed, zero shown")
        .containsExactly("costs", "1", "0", "*", "*", "0");
    assertThat(cells(html, "extract-patient_experience"))
        .containsExactly("patient_experience", "2", "0", "1,000", "977", "23");
    assertThat(cells(html, "extract-population"))
        .containsExactly("population", "1", "0", "520", "520", "0");
    assertThat(cells(html, "batch-patient_experience-2013"))
        .as("20 of the 23 quarantined: shown, 23 - 20 would reveal batch 2015's 3")
        .containsExactly("patient_experience", "2013", "1", "0", "600", "*");
    assertThat(cells(html, "batch-patient_experience-2015"))
        .containsExactly("patient_experience", "2015", "1", "0", "400", "*");
    assertThat(cells(html, "batch-admissions-2013-03"))
        .as("the refused drop's batch")
        .containsExactly("admissions", "2013-03", "0", "1", "0", "0");
    assertThat(cells(html, "rule-patient_experience-pe.likert_range"))
        .as("17 of 23: 23 - 17 would reveal the 6 of pe.weight_positive")
        .containsExactly("patient_experience", "pe.likert_range", "*");
    assertThat(cells(html, "rule-patient_experience-pe.weight_positive"))
        .containsExactly("patient_experience", "pe.weight_positive", "*");
    assertThat(cells(html, "rule-admissions-adm.los_non_negative"))
        .containsExactly("admissions", "adm.los_non_negative", "*");
    assertThat(element(html, "table", "batches")).contains("3 other batches were accepted in full");
    assertThat(html).doesNotContain("2,195").doesNotContain(">995<").doesNotContain(">17<");
    assertThat(text(section(html, "disclosure-control")))
        .contains("Counts of 1 to 7 are shown as *")
        .contains("until at least two are suppressed and together they make at least 8");
  }

  @Test
  void aRawTrendMeanOverFewerThanEightSitesIsLeftOut() {
    assertThat(
            attribute(
                svgs(element(html, "figure", "trend-emergency_admissions_rate")).get(0),
                "aria-label"))
        .as("June 2013: 7 of wave 2's 8 sites have an emergency rate")
        .contains("1 mean over fewer than 8 sites left out");
    assertThat(
            attribute(
                svgs(element(html, "figure", "trend-knew_whom_to_contact")).get(0), "aria-label"))
        .as("wave 1: 6 sites in each of 2 survey waves")
        .contains("2 means over fewer than 8 sites left out");
  }

  @Test
  void methodsAreWrittenFromTheRunsSpecification() {
    assertThat(text(section(html, "methods")))
        .contains("restricted bootstrap-t p-value of no effect, WEBB weights, 499 draws, seed 4242")
        .contains("months -6 to 6 from go-live, reference month -1, end points binned")
        .contains("leads -5 to -2 are jointly zero")
        .contains("variance type CR1_STATA")
        .contains("16 to 26 clusters (sites) by outcome")
        .contains("Callaway & Sant'Anna: ATT(g,t) against never treated sites")
        .contains("Goodman-Bacon (2021)");
  }

  @Test
  void provenanceNamesContractsCodeConfigurationAndDeltaVersions() {
    String provenance = section(html, "provenance");
    assertThat(text(provenance))
        .contains("Run id " + CraftedLake.RUN_ID)
        .contains("Code version")
        .contains("patient_experience " + CraftedLake.CONTRACT_VERSION)
        .contains("results/did_effects")
        .contains("results/bacon_decomposition");
    Matcher hash =
        Pattern.compile("Configuration hash</th><td><code>([0-9a-f]+)</code>").matcher(provenance);
    assertThat(hash.find()).as("configuration hash row").isTrue();
    assertThat(hash.group(1)).hasSize(64);
  }

  @Test
  void everyChartHasATitleAxisLabelsAndAltText() {
    List<String> charts = svgs(html);
    assertThat(charts)
        .as(
            "forest plot, 7 trends, 3 event studies, 2 by time since go-live, Goodman-Bacon,"
                + " love plot")
        .hasSize(1 + PanelOutcome.values().length + 3 + 2 + 1 + 1);
    for (String svg : charts) {
      String title = svg.substring(svg.indexOf("<title>") + 7, svg.indexOf("</title>"));
      assertThat(attribute(svg, "role")).as(title).isEqualTo("img");
      assertThat(attribute(svg, "aria-label"))
          .as(title)
          .startsWith(text(title) + ". ")
          .hasSizeGreaterThan(60);
      assertThat(title).isNotBlank();
      assertThat(svg).as(title).contains("<desc>");
      assertThat(
              Pattern.compile("<text class=\"axis-label x\"[^>]*>[^<]{3,}</text>")
                  .matcher(svg)
                  .find())
          .as("x axis label of %s", title)
          .isTrue();
      assertThat(
              Pattern.compile("<text class=\"axis-label y\"[^>]*>[^<]{3,}</text>")
                  .matcher(svg)
                  .find())
          .as("y axis label of %s", title)
          .isTrue();
      assertThat(svg).as(title).doesNotContain("NaN").doesNotContain("Infinity");
    }
  }

  @Test
  void everyTableHasACaptionAndColumnHeaders() {
    Matcher tables = Pattern.compile("<table[^>]*>(.*?)</table>", Pattern.DOTALL).matcher(html);
    int n = 0;
    while (tables.find()) {
      n++;
      String table = tables.group(1);
      assertThat(table)
          .as("table %d", n)
          .startsWith("<caption>")
          .contains("<thead><tr><th scope=\"col\">");
    }
    assertThat(n).isGreaterThanOrEqualTo(10);
  }

  @Test
  void theReportIsSelfContained() {
    String lower = html.toLowerCase(Locale.ROOT);
    assertThat(lower)
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("<img")
        .doesNotContain("src=")
        .doesNotContain("url(")
        .doesNotContain("@import")
        .doesNotContain("href=\"http");
    assertThat(lower.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http:")
        .doesNotContain("https:");
  }

  @Test
  void thePdfIsWrittenBesideTheHtmlWithoutWarnings() {
    assertThat(report.warnings()).isEmpty();
    assertThat(HeadlessChromium.isPdf(report.pdf()))
        .as("%PDF- signature of %s", report.pdf())
        .isTrue();
    assertThat(report.reportsRoot().resolve(ReportJob.LATEST_PDF_FILE)).exists();
    assertThat(report.reportsRoot().resolve(ReportJob.LATEST_FILE)).exists();
  }

  /**
   * With synthetic data the true effects stand beside the estimates, with whether the 95% CI covers
   * them, and as a line in the event study.
   */
  @Test
  void knownTrueEffectsAreShownBesideTheEstimatesWithWhetherTheIntervalCoversThem() {
    KnownTruth truth =
        (outcome, estimator) ->
            outcome.equals(PanelOutcome.EMERGENCY_ADMISSIONS_RATE.columnName())
                ? java.util.OptionalDouble.of(estimator == Estimator.TWFE ? -0.5 : 0.1)
                : java.util.OptionalDouble.empty();
    List<Row> effects =
        report
            .lake()
            .read(LakeTable.DID_EFFECTS, "estimate")
            .filter(col(EffectColumns.RUN_ID).equalTo(CraftedLake.RUN_ID))
            .collectAsList();
    ReportContext ctx =
        new ReportContext(
            report.lake(), CraftedLake.RUN_ID, truth, DisclosureControl.defaults(), effects);
    StringBuilder summary = new StringBuilder();
    SummarySection.write(summary, ctx);
    StringBuilder events = new StringBuilder();
    EventStudySection.write(events, ctx);

    assertThat(cells(summary.toString(), "effect-emergency_admissions_rate-TWFE"))
        .as("-0.5 lies in -0.63 to -0.21")
        .endsWith("-0.5000 inside the CI");
    assertThat(cells(summary.toString(), "effect-emergency_admissions_rate-DID_2X2"))
        .as("0.1 lies above -0.70 to -0.06")
        .endsWith("0.1000 outside the CI");
    assertThat(cells(summary.toString(), "effect-elective_admissions_rate-TWFE"))
        .endsWith("\u2013");
    assertThat(summary.toString())
        .contains("<th scope=\"col\">True effect (synthetic data)</th>")
        .contains("circle: true effect)");
    assertThat(element(events.toString(), "div", "event-study-emergency_admissions_rate"))
        .contains("true average effect");
    assertThat(element(events.toString(), "div", "event-study-elective_admissions_rate"))
        .doesNotContain("true average effect");
  }

  /**
   * Without Chromium the HTML is still written, and a warning says how to install it. The lake
   * holds only did_effects: every section still renders and says what is missing.
   */
  @Test
  void withoutChromiumTheHtmlIsWrittenAndAWarningSaysHowToInstallIt(@TempDir Path work)
      throws Exception {
    Lakehouse effectsOnly =
        CraftedLake.writeEffectsOnly(SparkTestSession.get(), work.resolve("lake"));
    Path noBrowsers = Files.createDirectories(work.resolve("empty-bin"));
    ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    Path html =
        ReportJob.create(effectsOnly, CraftedLake.RUN_ID, work.resolve("reports"))
            .withChromium(HeadlessChromium.onPath(noBrowsers.toString()))
            .withWarningsTo(new PrintStream(warnings, true, StandardCharsets.UTF_8))
            .execute();

    assertThat(html).exists();
    String text = Files.readString(html);
    for (ReportSection s : ReportSection.values()) {
      assertThat(text).contains("<section id=\"" + s.id() + "\">");
    }
    assertThat(cells(text, "effect-emergency_admissions_rate-TWFE")).contains("-0.4200", "0.012");
    assertThat(text(section(text, "event-studies"))).contains("No event study in this run");
    assertThat(text(section(text, "staggered-adoption")))
        .contains("No staggered-adoption estimates in this run");
    assertThat(text(section(text, "data-quality"))).contains("No ingest log in this lake.");
    assertThat(html.resolveSibling(ReportJob.PDF_FILE)).doesNotExist();
    assertThat(work.resolve("reports").resolve(ReportJob.LATEST_PDF_FILE)).doesNotExist();
    assertThat(warnings.toString(StandardCharsets.UTF_8))
        .contains("report.pdf not written: Chromium is not installed")
        .contains("Install it with scripts/setup-machine.sh report")
        .contains("The HTML report is complete: " + html);
  }
}
