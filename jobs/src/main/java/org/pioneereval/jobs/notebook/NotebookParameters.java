package org.pioneereval.jobs.notebook;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a result notebook reads: the lake folder and the run, from environment variables so that the
 * same notebook opens on the latest run when an analyst starts it and on a given run when the
 * pipeline executes it ({@code notebooks/execute.sh <lake> <run id> <out dir>}).
 *
 * <ul>
 *   <li>{@value #LAKE_VARIABLE}: the lake folder; default {@value #LAKE_DEFAULT} under {@value
 *       #HOME_VARIABLE} (the project folder, which the kernelspec sets), else under the working
 *       folder;
 *   <li>{@value #RUN_ID_VARIABLE}: the run id; empty or {@value #LATEST} for the latest run.
 * </ul>
 *
 * @param runId the run to open, or empty for the latest run in the lake
 */
public record NotebookParameters(Path lake, Optional<String> runId) {

  public static final String LAKE_VARIABLE = "PIONEER_EVAL_LAKE";
  public static final String RUN_ID_VARIABLE = "PIONEER_EVAL_RUN_ID";
  public static final String HOME_VARIABLE = "PIONEER_EVAL_HOME";

  /** The lake the demo and the README use, relative to the project folder. */
  public static final String LAKE_DEFAULT = "pioneer-eval-data/lake";

  /** A run id value meaning "the latest run". */
  public static final String LATEST = "latest";

  public NotebookParameters {
    lake = lake.toAbsolutePath().normalize();
  }

  /**
   * The run a pipeline's notebooks stage is executing its notebooks against in this JVM (a kernel
   * hosted by the pipeline, see {@link NotebookKernelHost}); null otherwise.
   */
  private static volatile NotebookParameters hostedRun;

  /**
   * The parameters of this notebook: the run the pipeline is executing its notebooks against when
   * the kernel runs inside the pipeline, else from this process's environment variables.
   */
  public static NotebookParameters fromEnvironment() {
    NotebookParameters hosted = hostedRun;
    return hosted != null ? hosted : fromVariables(System.getenv(), Path.of(""));
  }

  /** Points the notebooks of a kernel hosted in this JVM at a run; null to clear. */
  static void hostRun(NotebookParameters parameters) {
    hostedRun = parameters;
  }

  /** The parameters from a map of environment variables, relative paths against {@code folder}. */
  public static NotebookParameters fromVariables(Map<String, String> variables, Path folder) {
    String lake = variables.get(LAKE_VARIABLE);
    String home = variables.get(HOME_VARIABLE);
    Path lakePath;
    if (lake != null && !lake.isBlank()) {
      lakePath = folder.resolve(lake.strip());
    } else if (home != null && !home.isBlank()) {
      lakePath = folder.resolve(home.strip()).resolve(LAKE_DEFAULT);
    } else {
      lakePath = folder.resolve(LAKE_DEFAULT);
    }
    String run = variables.get(RUN_ID_VARIABLE);
    boolean latest = run == null || run.isBlank() || run.strip().equalsIgnoreCase(LATEST);
    return new NotebookParameters(lakePath, latest ? Optional.empty() : Optional.of(run.strip()));
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "lake %s, run %s (set %s and %s to change)",
        lake,
        runId.orElse(LATEST),
        LAKE_VARIABLE,
        RUN_ID_VARIABLE);
  }
}
