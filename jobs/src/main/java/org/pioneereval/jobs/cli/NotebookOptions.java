package org.pioneereval.jobs.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.pioneereval.jobs.notebook.ResultNotebooksJob;
import picocli.CommandLine.Option;

/** Where the result notebooks are, for the commands that end with executing them. */
final class NotebookOptions {

  @Option(
      names = "--notebooks",
      paramLabel = "<folder|none>",
      description = {
        "Result notebooks to execute against the run as the last stage (executed .ipynb and",
        "HTML go beside the report). Default: the checkout's notebooks/ when started by the",
        "./pioneer-eval launcher; 'none' skips them."
      })
  String notebooks;

  Optional<Path> folder() {
    return ResultNotebooksJob.folder(notebooks);
  }
}
