package org.pioneereval.jobs;

import java.nio.file.*;
import java.time.YearMonth;
import org.pioneereval.contracts.Extract;
import org.pioneereval.jobs.ingest.IngestJob;
import org.pioneereval.jobs.lake.Lakehouse;
import org.pioneereval.jobs.testing.*;

public class ScratchProfile {
  public static void main(String[] args) throws Exception {
    Path root = Files.createTempDirectory(Path.of("/tmp/scratch"), "p");
    long t0 = System.nanoTime();
    var spark = SparkTestSession.get();
    System.out.printf("spark %.1f%n", (System.nanoTime() - t0) / 1e9);
    for (String a : args) {
      String[] kv = a.split("=", 2);
      spark.conf().set(kv[0], kv[1]);
    }
    for (int run = 0; run < 3; run++) {
      Path data = root.resolve("data" + run);
      TestDrop.siteRegister(ValidRows.sites("P01", "C01")).writeTo(data);
      TestDrop.of(Extract.ADMISSIONS, "P01", "2013-11")
          .rows(ValidRows.admissions("P01", YearMonth.of(2013, 11), 5))
          .writeTo(data);
      TestDrop.of(Extract.COSTS, "P01", "2013-11")
          .rows(ValidRows.costsMonth("P01", YearMonth.of(2013, 11), "10.0"))
          .writeTo(data);
      Lakehouse lake = Lakehouse.at(spark, root.resolve("lake" + run));
      long t = System.nanoTime();
      IngestJob.create(lake, data, "r").withProgress(System.out).execute();
      System.out.printf("run %d ingest %.1f%n", run, (System.nanoTime() - t) / 1e9);
      t = System.nanoTime();
      LakeSnapshot.of(lake);
      System.out.printf("run %d snapshot %.1f%n", run, (System.nanoTime() - t) / 1e9);
    }
  }
}
