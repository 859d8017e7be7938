package org.pioneereval.generator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;

/**
 * Writes one drop: {@code <root>/drops/<extract>/<site>/<batch>/<extract>_<site>_<batch>.csv} and
 * its manifest.json with the row count and the SHA-256 of the CSV bytes. One instance per thread.
 */
final class DropWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path drops;
  private final MessageDigest sha256;

  DropWriter(Path root) {
    this.drops = root.resolve(Extracts.DROPS_FOLDER);
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform must provide SHA-256", e);
    }
  }

  /** Writes the drop and returns its data row count. */
  long write(
      String extract,
      String site,
      String batch,
      LocalDate periodStart,
      LocalDate periodEnd,
      CsvBuilder csv)
      throws IOException {
    Path folder = drops.resolve(extract).resolve(site).resolve(batch);
    Files.createDirectories(folder);
    String fileName = extract + "_" + site + "_" + batch + ".csv";
    byte[] bytes = csv.toBytes();
    Files.write(folder.resolve(fileName), bytes);
    String digest = PseudonymousKeys.hex(sha256.digest(bytes), 64);
    Manifest manifest =
        new Manifest(
            extract,
            Extracts.CONTRACT_VERSION,
            site,
            batch,
            periodStart.toString(),
            periodEnd.toString(),
            fileName,
            csv.rows(),
            digest);
    Files.write(folder.resolve(Extracts.MANIFEST_FILE), JSON.writeValueAsBytes(manifest));
    return csv.rows();
  }
}
