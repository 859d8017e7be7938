package org.pioneereval.estimators;

/**
 * The closed set of ways to summarise group-time effects (did {@code aggte(type = ...)}). Each uses
 * post-treatment cells (t >= g) weighted by group size P(G = g), except where noted.
 */
public enum Aggregation {
  /** One number: post-treatment ATT(g,t) averaged with weights P(G = g) (did {@code "simple"}). */
  SIMPLE,
  /**
   * By event time e = t - g (leads included), cells weighted by P(G = g); overall = mean over e >=
   * 0 (did {@code "dynamic"}).
   */
  DYNAMIC,
  /**
   * By cohort: mean of a cohort's post-treatment ATT(g,t); overall = cohort effects weighted by P(G
   * = g) (did {@code "group"}).
   */
  GROUP,
  /**
   * By calendar period: post-treatment cells of that period weighted by P(G = g); overall = mean
   * over periods (did {@code "calendar"}).
   */
  CALENDAR
}
