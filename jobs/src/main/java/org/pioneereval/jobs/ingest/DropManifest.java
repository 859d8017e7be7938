package org.pioneereval.jobs.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The small JSON file that accompanies every drop (see docs/EXTRACTS.md): which extract, site and
 * batch the file holds, under which contract version, and the row count and checksum the sender
 * computed.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DropManifest(
    String extract,
    String contractVersion,
    String site,
    String batch,
    String periodStart,
    String periodEnd,
    String file,
    Long rowCount,
    String sha256) {

  /** The manifest's file name inside each drop folder. */
  public static final String FILE_NAME = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads a manifest; a malformed one is reported by the caller as a refused drop. */
  public static DropManifest read(Path manifest) throws IOException {
    return JSON.readValue(manifest.toFile(), DropManifest.class);
  }

  /** The fields a usable manifest must carry, or null when all are present. */
  public String missingField() {
    if (extract == null) {
      return "extract";
    }
    if (site == null) {
      return "site";
    }
    if (batch == null) {
      return "batch";
    }
    if (file == null) {
      return "file";
    }
    if (rowCount == null) {
      return "rowCount";
    }
    if (sha256 == null) {
      return "sha256";
    }
    return null;
  }
}
