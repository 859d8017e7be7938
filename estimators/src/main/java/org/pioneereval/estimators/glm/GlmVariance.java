package org.pioneereval.estimators.glm;

import java.util.List;
import org.pioneereval.estimators.EstimationErrors;

/**
 * A requested variance: its {@link GlmVarianceType} and the names of the cluster variables (none
 * for {@link GlmVarianceType#IID} and {@link GlmVarianceType#HETEROSKEDASTIC}, one for {@link
 * GlmVarianceType#CLUSTERED}, two for {@link GlmVarianceType#TWO_WAY_CLUSTERED}). Cluster names
 * refer to the cluster variables or the fixed effects of the {@link PoissonData}. Build with the
 * static factories.
 */
public record GlmVariance(GlmVarianceType type, List<String> clusters) {
  public GlmVariance {
    clusters = List.copyOf(clusters);
    int expected =
        switch (type) {
          case IID, HETEROSKEDASTIC -> 0;
          case CLUSTERED -> 1;
          case TWO_WAY_CLUSTERED -> 2;
        };
    if (clusters.size() != expected) {
      throw EstimationErrors.wrongClusterCount(type.name(), expected, clusters.size());
    }
  }

  public static GlmVariance iid() {
    return new GlmVariance(GlmVarianceType.IID, List.of());
  }

  public static GlmVariance heteroskedastic() {
    return new GlmVariance(GlmVarianceType.HETEROSKEDASTIC, List.of());
  }

  /** Clustered by one variable, e.g. the site. */
  public static GlmVariance clustered(String cluster) {
    return new GlmVariance(GlmVarianceType.CLUSTERED, List.of(cluster));
  }

  /** Clustered two ways, e.g. by site and by month. */
  public static GlmVariance twoWayClustered(String first, String second) {
    if (first.equals(second)) {
      throw EstimationErrors.twoWayClusterNeedsTwoVariables(first, second);
    }
    return new GlmVariance(GlmVarianceType.TWO_WAY_CLUSTERED, List.of(first, second));
  }

  @Override
  public String toString() {
    return clusters.isEmpty() ? type.name() : type.name() + clusters;
  }
}
