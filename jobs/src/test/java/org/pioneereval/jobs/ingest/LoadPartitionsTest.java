package org.pioneereval.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How many partitions a load's checked rows are cached and written in. */
class LoadPartitionsTest {

  @Test
  void smallLoadIsOnePartitionWhateverTheClusterSize() {
    assertThat(IngestJob.partitionsFor(0, 200)).isEqualTo(1);
    assertThat(IngestJob.partitionsFor(8, 200)).isEqualTo(1);
    assertThat(IngestJob.partitionsFor(19_999, 200)).isEqualTo(1);
  }

  @Test
  void mediumLoadIsSpreadOverTheCoresAtTwentyThousandRowsATask() {
    assertThat(IngestJob.partitionsFor(274_460, 2)).isEqualTo(2);
    assertThat(IngestJob.partitionsFor(274_460, 64)).isEqualTo(13);
  }

  @Test
  void largeLoadHasAboutHalfAMillionRowsPerPartition() {
    assertThat(IngestJob.partitionsFor(10_000_000, 2)).isEqualTo(20);
    assertThat(IngestJob.partitionsFor(10_000_001, 2)).isEqualTo(21);
  }
}
