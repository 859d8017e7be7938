package org.pioneereval.estimators.survey;

/** The four cells of a 2x2 difference-in-differences: group (comparison/treated) by period. */
public enum DidCell {
  COMPARISON_PRE(false, false),
  COMPARISON_POST(false, true),
  TREATED_PRE(true, false),
  TREATED_POST(true, true);

  private final boolean treated;
  private final boolean post;

  DidCell(boolean treated, boolean post) {
    this.treated = treated;
    this.post = post;
  }

  /** The cell of a row with the given 0/1 indicators. */
  public static DidCell of(double treated, double post) {
    if (treated == 1.0) {
      return post == 1.0 ? TREATED_POST : TREATED_PRE;
    }
    return post == 1.0 ? COMPARISON_POST : COMPARISON_PRE;
  }

  public double treated() {
    return treated ? 1.0 : 0.0;
  }

  public double post() {
    return post ? 1.0 : 0.0;
  }

  /** {@code treated * post}. */
  public double interaction() {
    return treated && post ? 1.0 : 0.0;
  }
}
