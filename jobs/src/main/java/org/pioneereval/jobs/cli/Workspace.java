package org.pioneereval.jobs.cli;

import java.nio.file.Path;

/** Default locations, relative to the working directory, when no path option is given. */
final class Workspace {

  static final String DEFAULT = "pioneer-eval-data";
  static final String DATA = DEFAULT + "/extracts";
  static final String LAKE = DEFAULT + "/lake";
  static final String REPORTS = DEFAULT + "/reports";

  private Workspace() {}

  static Path path(String value) {
    return Path.of(value).toAbsolutePath().normalize();
  }
}
