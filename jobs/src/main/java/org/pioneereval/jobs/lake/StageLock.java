package org.pioneereval.jobs.lake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.pioneereval.jobs.runtime.PipelineErrors;

/**
 * A lock file per stage in the lake ({@code _locks/<stage>.lock}), so that two runs cannot write
 * the same tables at once, and a record of the run that holds it, so that the run after a crash
 * knows whose half-written rows to remove.
 *
 * <p>The file is created atomically (it must not exist) and holds the run id, host, process id and
 * start time. When a lock file is found, its holder is still running if it is this process with
 * that run still open, or a live process of the same host; a run is then refused. Otherwise the
 * lock is stale (its run was killed or failed): {@link #acquire} takes it over and {@link
 * #staleRunId()} names the interrupted run, whose writes the stage undoes before it starts. A
 * holder on another host cannot be checked: its lock counts as live until a person removes the
 * file, which the refusal message says how to do. A failed run leaves its lock in place on purpose;
 * the next run cleans up after it.
 */
public final class StageLock implements AutoCloseable {

  private static final String FOLDER = "_locks";
  private static final Set<String> OPEN_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

  private final FileSystem fs;
  private final Path file;
  private final String runId;
  private final String staleRunId;
  private boolean released;

  private StageLock(FileSystem fs, Path file, String runId, String staleRunId) {
    this.fs = fs;
    this.file = file;
    this.runId = runId;
    this.staleRunId = staleRunId;
  }

  /**
   * Takes the stage's lock for a run.
   *
   * @throws org.pioneereval.jobs.runtime.PioneerEvalException when another live run holds it
   */
  public static StageLock acquire(Lakehouse lake, String stage, String runId) {
    Path file = new Path(lake.root() + "/" + FOLDER + "/" + stage + ".lock");
    try {
      FileSystem fs = file.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      String stale = null;
      if (fs.exists(file)) {
        Properties holder = read(fs, file);
        if (isAlive(holder, file)) {
          throw PipelineErrors.stageLocked(
              stage,
              holder.getProperty("run_id"),
              holder.getProperty("host"),
              holder.getProperty("pid"),
              holder.getProperty("started_at"),
              file.toString());
        }
        stale = holder.getProperty("run_id");
        fs.delete(file, false);
      }
      write(fs, file, runId);
      OPEN_IN_THIS_PROCESS.add(key(file, runId));
      return new StageLock(fs, file, runId, stale);
    } catch (IOException e) {
      throw PipelineErrors.lockUnavailable(stage, file.toString(), e);
    }
  }

  /** The run whose lock this one replaced: it stopped without finishing. */
  public Optional<String> staleRunId() {
    return Optional.ofNullable(staleRunId);
  }

  /** Releases the lock after the stage finished; a failed stage does not call this. */
  public void release() {
    if (released) {
      return;
    }
    try {
      fs.delete(file, false);
      released = true;
    } catch (IOException e) {
      throw PipelineErrors.lockUnavailable("release", file.toString(), e);
    } finally {
      OPEN_IN_THIS_PROCESS.remove(key(file, runId));
    }
  }

  /**
   * Forgets the lock in this process without deleting its file, as a killed run would: the file
   * stays for the next run to find stale. Called when the stage failed.
   */
  @Override
  public void close() {
    OPEN_IN_THIS_PROCESS.remove(key(file, runId));
  }

  private static boolean isAlive(Properties holder, Path file) {
    String host = holder.getProperty("host", "");
    long pid;
    try {
      pid = Long.parseLong(holder.getProperty("pid", "-1"));
    } catch (NumberFormatException e) {
      return false;
    }
    if (!host.equals(hostName())) {
      return true;
    }
    if (pid == ProcessHandle.current().pid()) {
      // this lock file's run, not any run of that id (two lakes in one JVM may share run ids)
      return OPEN_IN_THIS_PROCESS.contains(key(file, holder.getProperty("run_id")));
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static Properties read(FileSystem fs, Path file) throws IOException {
    Properties p = new Properties();
    try (InputStream in = fs.open(file)) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  private static void write(FileSystem fs, Path file, String runId) throws IOException {
    Properties p = new Properties();
    p.setProperty("run_id", runId);
    p.setProperty("host", hostName());
    p.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    p.setProperty("started_at", Instant.now().toString());
    try (OutputStream out = fs.create(file, false)) {
      p.store(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), "pioneer-eval lock");
    }
  }

  private static String key(Path file, String runId) {
    return file + "\u0000" + runId;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
