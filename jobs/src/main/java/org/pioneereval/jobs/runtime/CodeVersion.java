package org.pioneereval.jobs.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What code produced a result: the release version and the SHA-256 of the jar that holds this class
 * (the same jar gives the same digest, so two runs can be compared), or "classes" when run from a
 * build folder (tests, IDE).
 */
public final class CodeVersion {

  private static final String CURRENT = compute();

  private CodeVersion() {}

  /** For example {@code 0.1.0-SNAPSHOT jar-sha256:3f1c...}. */
  public static String current() {
    return CURRENT;
  }

  private static String compute() {
    String version = CodeVersion.class.getPackage().getImplementationVersion();
    String release = version == null ? "development" : version;
    try {
      Path location =
          Path.of(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(location)) {
        return release + " classes";
      }
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(location)) {
        byte[] buffer = new byte[1 << 16];
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return release + " jar-sha256:" + HexFormat.of().formatHex(digest.digest());
    } catch (IOException
        | NoSuchAlgorithmException
        | java.net.URISyntaxException
        | RuntimeException e) {
      return release + " (jar digest unavailable)";
    }
  }
}
