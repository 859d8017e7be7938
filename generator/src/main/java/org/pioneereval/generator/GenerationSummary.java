package org.pioneereval.generator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What {@link ExtractGenerator#writeTo(Path)} wrote.
 *
 * @param root the root folder (drops are under {@code root/drops})
 * @param filesWritten every file written: each drop's CSV and manifest, plus truth.json
 * @param rowsByExtract data rows (headers excluded) per extract name, in the order site_register,
 *     population, admissions, costs, patient_experience, patient_register
 * @param truthFile {@code root/truth.json}
 * @param elapsed wall-clock time of the generation
 */
public record GenerationSummary(
    Path root,
    long filesWritten,
    Map<String, Long> rowsByExtract,
    Path truthFile,
    Duration elapsed) {}
