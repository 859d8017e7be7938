package org.pioneereval.estimators.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pioneereval.estimators.EstimationErrors;

/**
 * The permutations of the control units used by the placebo standard error: each is a permutation
 * of the control positions {@code 0..N0-1} (in {@link SynthPanel#controlUnits()} order); its first
 * {@code N0 - N1} entries are the placebo controls (in that order) and its last {@code N1} entries
 * the pseudo-treated units, as {@code synthdid}'s {@code ind = sample(1:N0)}.
 *
 * <p>{@link #seeded} draws them with a uniform Fisher-Yates shuffle from a {@link
 * SplittableRandom}; {@link #replay} takes given permutations, e.g. R's {@code sample()} stream
 * after {@code set.seed(12345)}, to reproduce an R run number for number.
 */
public final class PlaceboDraws {
  /** synthdid's default number of placebo replications. */
  public static final int REPLICATIONS_DEFAULT = 200;

  private final int replications;
  private final long seed;
  private final List<int[]> given;

  private PlaceboDraws(int replications, long seed, List<int[]> given) {
    this.replications = replications;
    this.seed = seed;
    this.given = given;
  }

  /** {@code replications} random permutations from a seeded generator. */
  public static PlaceboDraws seeded(int replications, long seed) {
    if (replications < 2) {
      throw EstimationErrors.synthTooFewReplications(replications);
    }
    return new PlaceboDraws(replications, seed, null);
  }

  /** The given permutations of the control positions (0-based), in replication order. */
  public static PlaceboDraws replay(List<int[]> permutations) {
    if (permutations.size() < 2) {
      throw EstimationErrors.synthTooFewReplications(permutations.size());
    }
    List<int[]> copy = new ArrayList<>();
    for (int[] p : permutations) {
      copy.add(p.clone());
    }
    return new PlaceboDraws(copy.size(), 0L, copy);
  }

  public int replications() {
    return replications;
  }

  /** The permutations for a panel with {@code controls} control units, validated. */
  List<int[]> permutations(int controls) {
    List<int[]> out = new ArrayList<>(replications);
    if (given == null) {
      SplittableRandom random = new SplittableRandom(seed);
      for (int r = 0; r < replications; r++) {
        int[] p = new int[controls];
        for (int i = 0; i < controls; i++) {
          p[i] = i;
        }
        for (int i = controls - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          int tmp = p[i];
          p[i] = p[j];
          p[j] = tmp;
        }
        out.add(p);
      }
      return out;
    }
    for (int r = 0; r < given.size(); r++) {
      int[] p = given.get(r);
      if (p.length != controls) {
        throw EstimationErrors.synthInvalidPermutation(
            r, "it has " + p.length + " entries but the panel has " + controls + " controls");
      }
      boolean[] seen = new boolean[controls];
      for (int v : p) {
        if (v < 0 || v >= controls || seen[v]) {
          throw EstimationErrors.synthInvalidPermutation(
              r, "position " + v + " is out of range 0.." + (controls - 1) + " or repeated");
        }
        seen[v] = true;
      }
      out.add(p.clone());
    }
    return out;
  }
}
