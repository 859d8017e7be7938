package org.pioneereval.estimators.matching;

/** Whether a control may be matched to more than one treated unit (MatchIt {@code replace}). */
public enum Replacement {
  /** Each control is used at most once (MatchIt's default). */
  WITHOUT,
  /** Controls are reused; each treated unit takes its k nearest controls. */
  WITH
}
