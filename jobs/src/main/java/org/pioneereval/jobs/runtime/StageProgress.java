package org.pioneereval.jobs.runtime;

/**
 * How a long stage tells its caller how far it got: once the amount of work in all ({@link
 * #total}), then units as they are done ({@link #advance}). The nightly run turns these into
 * console lines (done/total, rate, time left) and structured log events; {@link #NONE} ignores
 * them.
 */
public interface StageProgress {

  /** Ignores every report. */
  StageProgress NONE =
      new StageProgress() {
        @Override
        public void total(long units, String unit) {}

        @Override
        public void advance(long units) {}
      };

  /** The stage has {@code units} of work in all, counted in {@code unit} (e.g. "drops"). */
  void total(long units, String unit);

  /** {@code units} more units are done. */
  void advance(long units);
}
