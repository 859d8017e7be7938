package org.pioneereval.jobs.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.pioneereval.estimators.ComparisonGroup;
import org.pioneereval.jobs.estimate.EstimateSelection;
import org.pioneereval.jobs.notebook.ResultNotebooksJob;
import org.pioneereval.jobs.panel.PanelOutcome;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * The nightly run's configuration, from a YAML file (see {@code conf/nightly.example.yaml}) with
 * command-line overrides. Validated as a whole at start: every problem is listed at once with the
 * key, what is wrong and what is expected.
 *
 * @param data folder holding {@code drops/<extract>/<site>/<batch>/} (a path or {@code file:} URI)
 * @param lake the Delta lake: a folder, or a URI Hadoop can write ({@code file:}, {@code s3a://},
 *     {@code abfss://})
 * @param reports folder the reports are written to (a path or {@code file:} URI)
 * @param quarantineWarningPercent the run ends with exit code 3 (someone should look) when more
 *     than this share of the night's rows was quarantined, or any file was refused
 * @param notebooks the result notebooks folder executed against every run (needs a local lake and
 *     Jupyter on this machine), {@code none} to skip them, or null for the launcher's checkout
 * @param estimates the outcomes and estimators the estimate stage runs, and the staggered
 *     estimators' comparison group (keys {@code outcomes}, {@code estimators}, {@code
 *     comparison_group}; everything with never-treated comparison sites when left out)
 */
public record NightlyConfig(
    String data,
    String lake,
    String reports,
    double quarantineWarningPercent,
    String notebooks,
    EstimateSelection estimates) {

  public static final String KEY_DATA = "data";
  public static final String KEY_LAKE = "lake";
  public static final String KEY_REPORTS = "reports";
  public static final String KEY_QUARANTINE_WARNING_PERCENT = "quarantine_warning_percent";
  public static final String KEY_NOTEBOOKS = "notebooks";
  public static final String KEY_OUTCOMES = "outcomes";
  public static final String KEY_ESTIMATORS = "estimators";
  public static final String KEY_COMPARISON_GROUP = "comparison_group";

  /** The value of {@link #KEY_OUTCOMES} and {@link #KEY_ESTIMATORS} that chooses every one. */
  public static final String ALL = "all";

  private static final Set<String> KEYS =
      new TreeSet<>(
          Set.of(
              KEY_DATA,
              KEY_LAKE,
              KEY_REPORTS,
              KEY_QUARANTINE_WARNING_PERCENT,
              KEY_NOTEBOOKS,
              KEY_OUTCOMES,
              KEY_ESTIMATORS,
              KEY_COMPARISON_GROUP));

  /** Everything estimated, with never-treated comparison sites ({@link EstimateSelection#ALL}). */
  public NightlyConfig(
      String data, String lake, String reports, double quarantineWarningPercent, String notebooks) {
    this(data, lake, reports, quarantineWarningPercent, notebooks, EstimateSelection.ALL);
  }

  private static final Set<String> LAKE_SCHEMES = Set.of("file", "s3a", "abfss", "hdfs", "gs");

  /** Reads and validates a configuration file. */
  public static NightlyConfig load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw PipelineErrors.configInvalid(
          file, List.of("the file does not exist (give the path of a YAML file with --config)"));
    }
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw PipelineErrors.configInvalid(
          file, List.of("not valid YAML: " + e.getMessage().lines().findFirst().orElse("")));
    }
    if (root == null || !root.isObject()) {
      throw PipelineErrors.configInvalid(
          file, List.of("expected a mapping of keys " + KEYS + " at the top level"));
    }
    List<String> problems = new ArrayList<>();
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        problems.add("unknown key '" + key + "' (known keys: " + String.join(", ", KEYS) + ")");
      }
    }
    String data = text(root, KEY_DATA, problems);
    String lake = text(root, KEY_LAKE, problems);
    String reports = text(root, KEY_REPORTS, problems);
    String notebooks = text(root, KEY_NOTEBOOKS, problems);
    double percent = 1.0;
    JsonNode p = root.get(KEY_QUARANTINE_WARNING_PERCENT);
    if (p != null) {
      if (!p.isNumber()) {
        problems.add(KEY_QUARANTINE_WARNING_PERCENT + ": expected a number from 0 to 100");
      } else {
        percent = p.asDouble();
      }
    }
    EstimateSelection estimates =
        selection(
            values(root, KEY_OUTCOMES, problems),
            values(root, KEY_ESTIMATORS, problems),
            text(root, KEY_COMPARISON_GROUP, problems),
            EstimateSelection.ALL,
            problems);
    NightlyConfig config = new NightlyConfig(data, lake, reports, percent, notebooks, estimates);
    problems.addAll(config.problems());
    if (!problems.isEmpty()) {
      throw PipelineErrors.configInvalid(file, problems);
    }
    return config;
  }

  /** This configuration with the non-null overrides applied, validated again. */
  public NightlyConfig withOverrides(String dataOverride, String lakeOverride, String reportsOv) {
    NightlyConfig out =
        new NightlyConfig(
            dataOverride != null ? dataOverride : data,
            lakeOverride != null ? lakeOverride : lake,
            reportsOv != null ? reportsOv : reports,
            quarantineWarningPercent,
            notebooks,
            estimates);
    List<String> problems = out.problems();
    if (!problems.isEmpty()) {
      throw PipelineErrors.configInvalid(null, problems);
    }
    return out;
  }

  /**
   * This configuration with the non-null command-line choices of the estimate stage applied:
   * comma-separated outcomes and estimators (or {@value #ALL}), and a comparison group; validated
   * like the file's.
   */
  public NightlyConfig withEstimateOverrides(
      String outcomesOverride, String estimatorsOverride, String comparisonGroupOverride) {
    List<String> problems = new ArrayList<>();
    EstimateSelection chosen =
        selection(
            commaSeparated(outcomesOverride),
            commaSeparated(estimatorsOverride),
            comparisonGroupOverride,
            estimates,
            problems);
    if (!problems.isEmpty()) {
      throw PipelineErrors.configInvalid(null, problems);
    }
    return new NightlyConfig(data, lake, reports, quarantineWarningPercent, notebooks, chosen);
  }

  /** The data folder as a local path ({@code file:} URIs accepted). */
  public Path dataPath() {
    return localPath(data);
  }

  public Path reportsPath() {
    return localPath(reports);
  }

  /**
   * The result notebooks to execute after each run: the configured folder, none, or the launcher's
   * checkout by default; none when the lake is not a local folder (the notebooks read it from this
   * machine).
   */
  public Optional<Path> notebooksFolder() {
    if (lake.contains("://") && !lake.startsWith("file:")) {
      return Optional.empty();
    }
    return ResultNotebooksJob.folder(notebooks);
  }

  /** The lake as a local folder; only for a lake that is one (see {@link #notebooksFolder}). */
  public Path localLakePath() {
    return localPath(lake);
  }

  /** The lake as Hadoop sees it: a URI, or an absolute local path. */
  public String lakeUri() {
    return lake.contains("://") ? lake : localPath(lake).toString();
  }

  /**
   * SHA-256 of the effective configuration, recorded with every run. The estimate stage's choices
   * count only when they differ from everything with never-treated comparisons, so the hash of a
   * configuration without them is what it was before they could be chosen.
   */
  public String hash() {
    String canonical =
        String.format(
                Locale.ROOT,
                "data=%s%nlake=%s%nreports=%s%nquarantine_warning_percent=%s%n",
                dataPath(),
                lakeUri(),
                reportsPath(),
                quarantineWarningPercent)
            + (estimates.equals(EstimateSelection.ALL)
                ? ""
                : estimates.describe().replace(' ', '\n') + "\n");
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (data == null || data.isBlank()) {
      problems.add(KEY_DATA + ": missing; the folder holding drops/<extract>/<site>/<batch>/");
    } else if (data.contains("://") && !data.startsWith("file:")) {
      problems.add(
          KEY_DATA
              + ": '"
              + data
              + "' is not a local folder; drops are read from a local or"
              + " mounted folder (a path or file: URI)");
    } else if (!Files.isDirectory(localPath(data))) {
      problems.add(KEY_DATA + ": folder " + localPath(data) + " does not exist");
    }
    if (lake == null || lake.isBlank()) {
      problems.add(KEY_LAKE + ": missing; a folder or a file:, s3a://, abfss:// URI");
    } else if (lake.contains("://")) {
      String scheme = lake.substring(0, lake.indexOf(':'));
      if (!LAKE_SCHEMES.contains(scheme)) {
        problems.add(
            KEY_LAKE + ": scheme '" + scheme + "' is not supported; use one of " + LAKE_SCHEMES);
      }
    }
    if (reports == null || reports.isBlank()) {
      problems.add(KEY_REPORTS + ": missing; the folder reports are written to");
    } else if (reports.contains("://") && !reports.startsWith("file:")) {
      problems.add(KEY_REPORTS + ": '" + reports + "' must be a local folder (path or file: URI)");
    }
    if (notebooks != null
        && !ResultNotebooksJob.NONE.equalsIgnoreCase(notebooks.strip())
        && !Files.isRegularFile(localPath(notebooks).resolve("execute.sh"))) {
      problems.add(
          KEY_NOTEBOOKS
              + ": folder "
              + localPath(notebooks)
              + " has no execute.sh; give the notebooks/ folder of a pioneer-eval checkout, or"
              + " 'none'");
    }
    if (!(quarantineWarningPercent >= 0 && quarantineWarningPercent <= 100)) {
      problems.add(
          KEY_QUARANTINE_WARNING_PERCENT
              + ": "
              + quarantineWarningPercent
              + " is outside 0 to 100 (a percentage of the night's rows)");
    }
    return problems;
  }

  /**
   * The selection from the names given (null: keep {@code base}'s); every unknown name is a problem
   * listing the allowed ones.
   */
  private static EstimateSelection selection(
      List<String> outcomeNames,
      List<String> estimatorNames,
      String comparisonName,
      EstimateSelection base,
      List<String> problems) {
    int before = problems.size();
    Set<PanelOutcome> outcomes = base.outcomes();
    if (outcomeNames != null) {
      outcomes = chosen(KEY_OUTCOMES, outcomeNames, PanelOutcome.class, problems);
    }
    Set<EstimateSelection.Method> estimators = base.estimators();
    if (estimatorNames != null) {
      estimators = chosen(KEY_ESTIMATORS, estimatorNames, EstimateSelection.Method.class, problems);
      if (estimators != null
          && !estimators.contains(EstimateSelection.Method.TWFE)
          && !estimators.contains(EstimateSelection.Method.DID_2X2)) {
        problems.add(
            KEY_ESTIMATORS
                + ": choose twfe or did_2x2 (or both) among "
                + estimatorNames
                + "; the report's headline effects are theirs");
      }
    }
    ComparisonGroup group = base.comparisonGroup();
    if (comparisonName != null) {
      Optional<ComparisonGroup> g =
          EstimateSelection.comparisonGroupFromConfigName(comparisonName.strip());
      if (g.isEmpty()) {
        problems.add(
            KEY_COMPARISON_GROUP
                + ": unknown comparison group '"
                + comparisonName
                + "' (allowed: "
                + allowed(ComparisonGroup.class)
                + ")");
      } else {
        group = g.get();
      }
    }
    return problems.size() > before ? base : new EstimateSelection(outcomes, estimators, group);
  }

  /** The named values of an enum, or null after adding a problem; {@value #ALL} is every value. */
  private static <E extends Enum<E>> Set<E> chosen(
      String key, List<String> names, Class<E> type, List<String> problems) {
    if (names.isEmpty()) {
      problems.add(key + ": empty; list at least one of " + allowed(type) + " (or '" + ALL + "')");
      return null;
    }
    if (names.size() == 1 && ALL.equalsIgnoreCase(names.get(0).strip())) {
      return EnumSet.allOf(type);
    }
    EnumSet<E> out = EnumSet.noneOf(type);
    for (String name : names) {
      Optional<E> value =
          EnumSet.allOf(type).stream()
              .filter(e -> configName(e).equalsIgnoreCase(name.strip()))
              .findAny();
      if (value.isEmpty()) {
        problems.add(
            key
                + ": unknown value '"
                + name
                + "' (allowed: "
                + allowed(type)
                + ", or '"
                + ALL
                + "' alone)");
      } else {
        out.add(value.get());
      }
    }
    return out;
  }

  private static <E extends Enum<E>> String allowed(Class<E> type) {
    return EnumSet.allOf(type).stream()
        .map(NightlyConfig::configName)
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** How the configuration names an enum value: outcomes by column, the rest in lower case. */
  private static String configName(Enum<?> value) {
    return value instanceof PanelOutcome o ? o.columnName() : value.name().toLowerCase(Locale.ROOT);
  }

  /** A list of text values (a YAML sequence, or one text), null when the key is absent. */
  private static List<String> values(JsonNode root, String key, List<String> problems) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      return commaSeparated(n.asText());
    }
    if (!n.isArray()) {
      problems.add(key + ": expected a list of names, found " + n.getNodeType());
      return null;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : n) {
      if (!item.isTextual()) {
        problems.add(key + ": expected names (text), found " + item.getNodeType() + " " + item);
        return null;
      }
      out.add(item.asText());
    }
    return out;
  }

  private static List<String> commaSeparated(String text) {
    if (text == null) {
      return null;
    }
    return java.util.Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(v -> !v.isEmpty())
        .toList();
  }

  private static String text(JsonNode root, String key, List<String> problems) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      problems.add(key + ": expected text (a path or URI), found " + n.getNodeType());
      return null;
    }
    return n.asText();
  }

  private static Path localPath(String value) {
    String v = value.startsWith("file://") ? value.substring("file://".length()) : value;
    v = v.startsWith("file:") ? v.substring("file:".length()) : v;
    return Path.of(v).toAbsolutePath().normalize();
  }
}
