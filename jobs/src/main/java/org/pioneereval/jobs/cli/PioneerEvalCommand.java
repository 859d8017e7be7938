package org.pioneereval.jobs.cli;

import java.io.PrintWriter;
import org.pioneereval.jobs.runtime.ExitCode;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pioneer-eval} command line: one subcommand per pipeline stage, {@code run} for all of
 * them and {@code demo} for a full evaluation of generated data. The same main class runs under the
 * local launcher and under {@code spark-submit}.
 */
@Command(
    name = "pioneer-eval",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Difference-in-differences evaluation of integrated-care programmes on Spark and Delta"
            + " Lake.",
    subcommands = {
      DemoCommand.class,
      GenerateCommand.class,
      IngestCommand.class,
      PanelCommand.class,
      EstimateCommand.class,
      ReportCommand.class,
      RunCommand.class,
      NightlyCommand.class,
      DidCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 3 success with refused drops or quarantined rows,",
      "4 input or option error (the message says what to fix), 1 internal error, 2 usage."
    })
public final class PioneerEvalCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code; used by main and by tests. */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new PioneerEvalCommand());
    cli.setExecutionExceptionHandler(PioneerEvalCommand::handle);
    return cli.execute(args);
  }

  private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    PrintWriter err = cli.getErr();
    PioneerEvalException userError = findUserError(e);
    if (userError != null) {
      err.println("pioneer-eval: " + userError.getMessage());
      err.flush();
      return userError.exitCode().code();
    }
    err.println("pioneer-eval: internal error, please report it with this output:");
    e.printStackTrace(err);
    err.flush();
    return ExitCode.INTERNAL_ERROR.code();
  }

  private static PioneerEvalException findUserError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PioneerEvalException p) {
        return p;
      }
    }
    return null;
  }
}
