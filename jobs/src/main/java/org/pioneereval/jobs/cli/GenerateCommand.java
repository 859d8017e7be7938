package org.pioneereval.jobs.cli;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.pioneereval.generator.ExtractGenerator;
import org.pioneereval.generator.GenerationSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a synthetic evaluation: extract drops shaped like the real ones (site register,",
      "population, admissions, costs, patient experience) with manifests, and truth.json with",
      "the injected true effects. Deterministic for a seed."
    })
final class GenerateCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      defaultValue = Workspace.DATA,
      description = "Folder to write drops/ and truth.json into (default: ${DEFAULT-VALUE}).")
  String out;

  @Mixin GenerateOptions options;

  @Override
  public Integer call() throws Exception {
    GenerationSummary summary = new ExtractGenerator(options.config()).writeTo(Workspace.path(out));
    print(summary);
    return 0;
  }

  static void print(GenerationSummary summary) {
    StringBuilder rows = new StringBuilder();
    for (Map.Entry<String, Long> e : summary.rowsByExtract().entrySet()) {
      rows.append(String.format(Locale.ROOT, " %s %,d;", e.getKey(), e.getValue()));
    }
    System.out.printf(
        Locale.ROOT,
        "generate: %,d files in %.1fs under %s; rows:%s truth: %s%n",
        summary.filesWritten(),
        summary.elapsed().toMillis() / 1000.0,
        summary.root(),
        rows,
        summary.truthFile());
  }
}
