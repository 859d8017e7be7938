package org.pioneereval.jobs.lake;

import java.util.List;

/** Column lists for Spark's Java join API, which takes a Scala sequence of names. */
public final class JoinKeys {

  private JoinKeys() {}

  /**
   * The names as the Scala {@code Seq} that {@code Dataset.join(right, usingColumns, type)} takes.
   */
  public static scala.collection.immutable.Seq<String> of(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toSeq();
  }
}
