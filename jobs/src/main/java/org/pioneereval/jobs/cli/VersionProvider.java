package org.pioneereval.jobs.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}: the jar's implementation version. */
final class VersionProvider implements CommandLine.IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = PioneerEvalCommand.class.getPackage().getImplementationVersion();
    return new String[] {"pioneer-eval " + (version == null ? "development build" : version)};
  }
}
