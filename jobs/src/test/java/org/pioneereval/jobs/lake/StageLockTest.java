package org.pioneereval.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pioneereval.jobs.runtime.PioneerEvalException;
import org.pioneereval.jobs.testing.SparkTestSession;

/** The stage lock: one holder at a time, stale locks of dead runs taken over and named. */
class StageLockTest {

  @TempDir Path lakeFolder;

  @Test
  void lockOfAProcessThatNoLongerRunsIsStaleAndNamesItsRun() throws Exception {
    Lakehouse lake = Lakehouse.at(SparkTestSession.get(), lakeFolder);
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    writeLock("killed-run", InetAddress.getLocalHost().getHostName(), finished.pid());

    StageLock lock = StageLock.acquire(lake, "panel", "next-run");
    assertThat(lock.staleRunId()).contains("killed-run");
    assertThat(Files.readString(lockFile())).contains("run_id=next-run");
    lock.release();
    assertThat(lockFile()).doesNotExist();
  }

  @Test
  void lockHeldByThisProcessIsRefusedUntilReleased() {
    Lakehouse lake = Lakehouse.at(SparkTestSession.get(), lakeFolder);
    StageLock first = StageLock.acquire(lake, "panel", "first-run");
    assertThat(first.staleRunId()).isEmpty();
    assertThatThrownBy(() -> StageLock.acquire(lake, "panel", "second-run"))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("(first-run, process " + ProcessHandle.current().pid());
    first.release();
    StageLock second = StageLock.acquire(lake, "panel", "second-run");
    assertThat(second.staleRunId()).as("a released lock leaves nothing stale").isEmpty();
    second.release();
  }

  @Test
  void runThatFailedInThisProcessLeavesAStaleLock() {
    Lakehouse lake = Lakehouse.at(SparkTestSession.get(), lakeFolder);
    try (StageLock failed = StageLock.acquire(lake, "panel", "failed-run")) {
      assertThat(failed.staleRunId()).isEmpty();
      // the stage would throw here: close() runs without release()
    }
    assertThat(lockFile()).exists();
    StageLock next = StageLock.acquire(lake, "panel", "next-run");
    assertThat(next.staleRunId()).contains("failed-run");
    next.release();
  }

  @Test
  void aRunOfTheSameIdOpenOnAnotherLakeOfThisProcessDoesNotKeepAStaleLockAlive(
      @TempDir Path otherLakeFolder) {
    Lakehouse lake = Lakehouse.at(SparkTestSession.get(), lakeFolder);
    Lakehouse other = Lakehouse.at(SparkTestSession.get(), otherLakeFolder);
    try (StageLock failed = StageLock.acquire(lake, "panel", "night-3")) {
      assertThat(failed.staleRunId()).isEmpty();
      // the stage would throw here: close() runs without release(), the file stays
    }
    StageLock sameIdElsewhere = StageLock.acquire(other, "panel", "night-3");
    StageLock next = StageLock.acquire(lake, "panel", "night-4");
    assertThat(next.staleRunId()).contains("night-3");
    next.release();
    sameIdElsewhere.release();
  }

  @Test
  void lockOfAnotherHostCountsAsLiveBecauseItCannotBeChecked() throws Exception {
    Lakehouse lake = Lakehouse.at(SparkTestSession.get(), lakeFolder);
    writeLock("remote-run", "another-host.example", 4242);
    assertThatThrownBy(() -> StageLock.acquire(lake, "panel", "local-run"))
        .isInstanceOf(PioneerEvalException.class)
        .hasMessageContaining("(remote-run, process 4242 on another-host.example")
        .hasMessageContaining("delete " + lockFile());
  }

  private Path lockFile() {
    return lakeFolder.toAbsolutePath().resolve("_locks").resolve("panel.lock");
  }

  private void writeLock(String runId, String host, long pid) throws IOException {
    Files.createDirectories(lockFile().getParent());
    Files.writeString(
        lockFile(),
        "run_id=" + runId + "\nhost=" + host + "\npid=" + pid + "\nstarted_at=2026-11-22T00:00Z\n");
  }
}
