package org.pioneereval.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts every {@code @TempDir} under {@code java.io.tmpdir}, which surefire points at {@code
 * target/tmp}, creating that folder first (after {@code mvn clean} it does not exist). Lakes and
 * drops of the tests thus stay inside the build folder. Registered in junit-platform.properties.
 */
public final class BuildTempDirFactory implements TempDirFactory {

  @Override
  public Path createTempDirectory(
      AnnotatedElementContext elementContext, ExtensionContext extensionContext)
      throws IOException {
    Path root = Path.of(System.getProperty("java.io.tmpdir"));
    Files.createDirectories(root);
    return Files.createTempDirectory(root, "junit-");
  }
}
