package org.pioneereval.jobs.ingest;

import java.nio.file.Path;
import org.pioneereval.contracts.Extract;

/**
 * One delivery of one extract for one site and batch, as found on disk: its folder, its manifest
 * (null when missing or unreadable) and its data file.
 */
public record Drop(Extract extract, String site, String batch, Path folder, DropManifest manifest) {

  /** {@code extract/site/batch}: how messages and the ingest log name a drop. */
  public String id() {
    return extract.folderName() + "/" + site + "/" + batch;
  }

  /** The data file the manifest names (or the folder's single CSV when there is no manifest). */
  public Path dataFile() {
    if (manifest != null && manifest.file() != null) {
      return folder.resolve(manifest.file());
    }
    return folder.resolve(extract.folderName() + "_" + site + "_" + batch + ".csv");
  }
}
