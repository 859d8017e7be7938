package org.pioneereval.jobs.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.pioneereval.contracts.AdmissionsColumns;
import org.pioneereval.contracts.CostsColumns;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.PatientExperienceColumns;
import org.pioneereval.contracts.PopulationColumns;
import org.pioneereval.jobs.ingest.IngestColumns;
import org.pioneereval.jobs.ingest.IngestResult;
import org.pioneereval.jobs.lake.LakeTable;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.panel.PanelColumns;
import org.pioneereval.jobs.panel.PanelJob;

/**
 * How much of the panels a nightly run rebuilds: the rows of the sites whose inputs this run's
 * ingest changed ({@link PanelJob#forSites}), or everything when a partial rebuild could differ
 * from a full one.
 *
 * <p>A site's panel rows depend only on its own inputs (see {@link PanelJob}): its site-register
 * row, its population, admissions, costs and survey rows, and its accepted drops in the ingest log.
 * The sites a run changed are therefore: the folder site of every drop of those four extracts it
 * accepted (coverage flips from "not delivered" to delivered, even with every row quarantined); the
 * {@code site_code} of every silver row it loaded (the contract does not tie a row's site to its
 * drop folder); and, for a re-delivered drop, the {@code site_code} of the rows it replaced (read
 * at the silver version before the run's ingest). Refused drops load nothing and change nothing;
 * patient-register drops are not panel inputs.
 *
 * <p>That is exact only when every other site's rows are a build of the current inputs, which the
 * {@link RunLedger} tells: the last run whose panel stage succeeded recorded the version of every
 * table after it, and when the bronze, silver, quality and panel tables are still at those versions
 * before this run's ingest, nothing but this run has changed them since. Otherwise the rebuild is
 * full:
 *
 * <ul>
 *   <li>the panel tables do not exist, or no run of the ledger built them;
 *   <li>the configuration hash or the code version differs from that run's;
 *   <li>a table changed since (a run stopped after its ingest and before its panel stage, a run
 *       killed mid-panel, or another command such as {@code ingest}, {@code panel} or {@code run}
 *       wrote to the lake): the sites changed then are not known from this run's ingest;
 *   <li>this run accepted a site-register drop: site type, wave and go-live date (treatment timing)
 *       may change for any site.
 * </ul>
 */
record PanelRebuild(Optional<SortedSet<String>> sites, String reason) {

  /** An extract the panels read: its silver table and the column naming a row's site. */
  private record PanelInput(Extract extract, LakeTable silver, String siteColumn) {}

  private static final List<PanelInput> PANEL_INPUTS =
      List.of(
          new PanelInput(
              Extract.POPULATION, LakeTable.SILVER_POPULATION, PopulationColumns.SITE_CODE),
          new PanelInput(
              Extract.ADMISSIONS, LakeTable.SILVER_ADMISSIONS, AdmissionsColumns.SITE_CODE),
          new PanelInput(Extract.COSTS, LakeTable.SILVER_COSTS, CostsColumns.SITE_CODE),
          new PanelInput(
              Extract.PATIENT_EXPERIENCE,
              LakeTable.SILVER_PATIENT_EXPERIENCE,
              PatientExperienceColumns.SITE_CODE));

  private static final Set<String> PANEL_EXTRACTS =
      PANEL_INPUTS.stream()
          .map(i -> i.extract().folderName())
          .collect(Collectors.toUnmodifiableSet());

  /** Layers whose tables decide the panels: unchanged since the last panel build or full. */
  private static final List<String> PANEL_INPUT_LAYERS =
      List.of("bronze", "silver", "quality", "panel");

  static PanelRebuild full(String reason) {
    return new PanelRebuild(Optional.empty(), reason);
  }

  boolean partial() {
    return sites.isPresent();
  }

  PanelJob job(Lakehouse lake, String runId) {
    PanelJob job = PanelJob.create(lake, runId);
    return sites.map(job::forSites).orElse(job);
  }

  /**
   * Decides the rebuild of run {@code runId}.
   *
   * @param before the table versions before this run's ingest
   * @param lastPanelBuild the last ledger entry whose panel stage succeeded
   */
  static PanelRebuild decide(
      Lakehouse lake,
      String runId,
      Map<LakeTable, Long> before,
      IngestResult ingest,
      Optional<RunLedger.Entry> lastPanelBuild,
      String configHash,
      String codeVersion) {
    if (!before.containsKey(LakeTable.SITE_MONTH_PANEL)
        || !before.containsKey(LakeTable.SITE_WAVE_PANEL)) {
      return full("the panel tables do not exist yet");
    }
    if (lastPanelBuild.isEmpty()) {
      return full("no run in the ledger built the panels");
    }
    RunLedger.Entry last = lastPanelBuild.get();
    if (!configHash.equals(last.configHash())) {
      return full("the configuration changed since run " + last.runId());
    }
    if (!codeVersion.equals(last.codeVersion())) {
      return full("the code version changed since run " + last.runId());
    }
    Map<LakeTable, Long> then = last.versionsByTable();
    for (LakeTable table : LakeTable.values()) {
      if (PANEL_INPUT_LAYERS.contains(table.layer())
          && !Objects.equals(then.get(table), before.get(table))) {
        return full(
            table.relativePath()
                + " changed after run "
                + last.runId()
                + " built the panels (a run stopped before its panel stage, or another command"
                + " wrote to the lake)");
      }
    }
    List<IngestResult.DropOutcome> accepted =
        ingest.outcomes().stream().filter(o -> o.reason() == null).toList();
    if (accepted.stream().anyMatch(o -> o.extract().equals(Extract.SITE_REGISTER.folderName()))) {
      return full("a site-register drop was ingested");
    }
    List<IngestResult.DropOutcome> panelDrops =
        accepted.stream().filter(o -> PANEL_EXTRACTS.contains(o.extract())).toList();
    if (panelDrops.isEmpty()) {
      return new PanelRebuild(Optional.of(new TreeSet<>()), "no panel input changed");
    }
    return new PanelRebuild(
        Optional.of(changedSites(lake, runId, before, panelDrops)),
        panelDrops.size() + " drops ingested");
  }

  /**
   * Folder sites of the run's accepted drops, and the {@code site_code} of every row they loaded or
   * replaced: one Spark job over the ingest log and the silver tables of the extracts that had
   * drops (data skipping on the run id keeps it to the run's files), and one over the ingest log
   * for the re-deliveries.
   */
  private static SortedSet<String> changedSites(
      Lakehouse lake,
      String runId,
      Map<LakeTable, Long> before,
      List<IngestResult.DropOutcome> drops) {
    List<String> dropIds = drops.stream().map(IngestResult.DropOutcome::dropId).toList();
    Set<String> extracts =
        drops.stream().map(IngestResult.DropOutcome::extract).collect(Collectors.toSet());
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(
        lake.read(LakeTable.INGEST_LOG, "ingest")
            .filter(
                col(IngestColumns.INGEST_RUN_ID)
                    .equalTo(runId)
                    .and(col(IngestColumns.STATUS).equalTo(IngestColumns.STATUS_ACCEPTED))
                    .and(col(IngestColumns.EXTRACT).isin(PANEL_EXTRACTS.toArray())))
            .select(col(IngestColumns.DROP_SITE).as(PanelColumns.SITE_CODE)));
    Set<String> redelivered = redelivered(lake, before, dropIds);
    for (PanelInput input : PANEL_INPUTS) {
      if (!extracts.contains(input.extract().folderName()) || !lake.exists(input.silver())) {
        continue;
      }
      parts.add(
          lake.read(input.silver(), "ingest")
              .filter(col(IngestColumns.INGEST_RUN_ID).equalTo(runId))
              .select(col(input.siteColumn()).as(PanelColumns.SITE_CODE)));
      Long version = before.get(input.silver());
      if (version != null && !redelivered.isEmpty()) {
        parts.add(
            lake.readVersion(input.silver(), version)
                .filter(col(IngestColumns.DROP_ID).isin(redelivered.toArray()))
                .select(col(input.siteColumn()).as(PanelColumns.SITE_CODE)));
      }
    }
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> part : parts.subList(1, parts.size())) {
      all = all.union(part);
    }
    SortedSet<String> sites = new TreeSet<>();
    for (Row r : all.distinct().collectAsList()) {
      if (!r.isNullAt(0)) {
        sites.add(r.getString(0));
      }
    }
    return sites;
  }

  /** The drops among {@code dropIds} that had been accepted before this run: re-deliveries. */
  private static Set<String> redelivered(
      Lakehouse lake, Map<LakeTable, Long> before, List<String> dropIds) {
    Long version = before.get(LakeTable.INGEST_LOG);
    if (version == null) {
      return Set.of();
    }
    Set<String> out = new TreeSet<>();
    lake.readVersion(LakeTable.INGEST_LOG, version)
        .filter(
            col(IngestColumns.STATUS)
                .equalTo(IngestColumns.STATUS_ACCEPTED)
                .and(col(IngestColumns.DROP_ID).isin(dropIds.toArray())))
        .select(IngestColumns.DROP_ID)
        .distinct()
        .collectAsList()
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }
}
