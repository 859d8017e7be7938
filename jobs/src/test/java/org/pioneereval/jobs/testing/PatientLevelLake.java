package org.pioneereval.jobs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.pioneereval.contracts.Extract;
import org.pioneereval.generator.ExtractGenerator;
import org.pioneereval.generator.GenerationSummary;
import org.pioneereval.generator.GeneratorConfig;
import org.pioneereval.generator.Truth;
import org.pioneereval.jobs.ingest.IngestJob;
import org.pioneereval.jobs.lake.Lakehouse;

/**
 * A lake for the patient-level designs: generates extracts, keeps only what they read (site
 * register, patient register, admissions) and ingests them quietly.
 */
public final class PatientLevelLake {
  private PatientLevelLake() {}

  /** The ingested lake under {@code work/lake} and the generator's truth. */
  public record Generated(Lakehouse lake, Truth truth) {}

  public static Generated ingest(GeneratorConfig design, Path work, String runId) {
    GenerationSummary generated = new ExtractGenerator(design).writeTo(work.resolve("data"));
    Truth truth = Truth.read(generated.truthFile());
    for (Extract unused : List.of(Extract.POPULATION, Extract.COSTS, Extract.PATIENT_EXPERIENCE)) {
      deleteRecursively(work.resolve("data").resolve("drops").resolve(unused.folderName()));
    }
    Lakehouse lake = Lakehouse.at(SparkTestSession.get(), work.resolve("lake"));
    IngestJob.create(lake, work.resolve("data"), runId)
        .withProgress(new PrintStream(OutputStream.nullOutputStream()))
        .execute();
    return new Generated(lake, truth);
  }

  private static void deleteRecursively(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
