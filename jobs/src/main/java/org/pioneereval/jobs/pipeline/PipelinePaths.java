package org.pioneereval.jobs.pipeline;

import java.nio.file.Path;

/**
 * Where a pipeline run reads and writes: the extract drops ({@code data/drops/...}), the Delta
 * lake, and the reports folder.
 */
public record PipelinePaths(Path data, Path lake, Path reports) {

  /** The demo's layout under one working folder: extracts/, lake/, reports/. */
  public static PipelinePaths under(Path workspace) {
    Path root = workspace.toAbsolutePath().normalize();
    return new PipelinePaths(
        root.resolve("extracts"), root.resolve("lake"), root.resolve("reports"));
  }
}
