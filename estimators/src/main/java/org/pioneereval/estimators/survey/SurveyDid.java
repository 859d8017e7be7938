package org.pioneereval.estimators.survey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pioneereval.estimators.EstimationErrors;

/**
 * Difference-in-differences of patient-reported satisfaction from weighted surveys that are
 * repeated cross-sections (different respondents before and after go-live). Two design-weighted
 * regressions with Taylor-linearised variance ({@link SurveyGlm}, gaussian):
 *
 * <pre>
 *   score_i       = b0 + b1 treated_i + b2 post_i + b3 treated_i post_i (+ covariates) + e_i
 *   topbox_i      = same regressors,   topbox_i = 1 if score_i >= threshold else 0
 * </pre>
 *
 * <p>{@code b3} is the DiD: in score points for the score, and x100 in percentage points for the
 * top-box share (a linear probability model, whose DiD is on the scale the report quotes). Without
 * covariates the model is saturated: the four cell predictions are the design-weighted cell means
 * (R {@code svyby(~score, ~treated + post, design, svymean)}) and {@code b3} is their difference in
 * differences. Standard errors are the PSU-linearised sandwich with strata and finite population
 * correction, t-tests on PSUs - strata + 1 - K degrees of freedom, as R {@code svyglm(score ~
 * treated * post, design)}. Identification rests on parallel trends of the design-weighted means of
 * the treated and comparison areas.
 *
 * <p>For a distributed job, {@link #estimate(GlmScoreSource, GlmScoreSource)} takes cells grouped
 * by stratum, PSU, treated, post (and covariates) with regressors ordered as {@link
 * #regressors(DidCell, double...)} builds them.
 */
public final class SurveyDid {
  /** Name of the DiD coefficient. */
  public static final String INTERACTION = "treated:post";

  private final SurveyDesign design;
  private final double[] score;
  private final double[] treated;
  private final double[] post;
  private final double threshold;
  private final Map<String, double[]> covariates;

  private SurveyDid(Builder b) {
    this.design = b.design;
    this.score = b.score;
    this.treated = b.treated;
    this.post = b.post;
    this.threshold = b.threshold;
    this.covariates = b.covariates;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link SurveyDid}; design, score, treated, post and threshold are required. */
  public static final class Builder {
    private SurveyDesign design;
    private double[] score;
    private double[] treated;
    private double[] post;
    private double threshold = Double.NaN;
    private final Map<String, double[]> covariates = new LinkedHashMap<>();

    private Builder() {}

    public Builder design(SurveyDesign design) {
      this.design = design;
      return this;
    }

    /** The satisfaction score of each respondent (e.g. 0-10). */
    public Builder score(double[] score) {
      this.score = score.clone();
      return this;
    }

    /** 1 if the respondent's area joined the programme, else 0. */
    public Builder treated(double[] treated) {
      this.treated = treated.clone();
      return this;
    }

    /** 1 if the respondent answered after go-live, else 0. */
    public Builder post(double[] post) {
      this.post = post.clone();
      return this;
    }

    /** Scores at or above this are "top box" (e.g. 9 on a 0-10 scale). */
    public Builder topBoxThreshold(double threshold) {
      this.threshold = threshold;
      return this;
    }

    /** An adjustment covariate (e.g. long-term condition), added to both regressions. */
    public Builder covariate(String name, double[] values) {
      if (covariates.containsKey(name) || INTERACTION.equals(name)) {
        throw EstimationErrors.duplicateCovariate(name);
      }
      covariates.put(name, values.clone());
      return this;
    }

    public SurveyDid build() {
      if (design == null) {
        throw EstimationErrors.missingInput("the survey design", "design(SurveyDesign)");
      }
      if (score == null) {
        throw EstimationErrors.missingInput("the satisfaction scores", "score(double[])");
      }
      if (treated == null) {
        throw EstimationErrors.missingInput("the treated indicator", "treated(double[])");
      }
      if (post == null) {
        throw EstimationErrors.missingInput("the post-period indicator", "post(double[])");
      }
      if (!Double.isFinite(threshold)) {
        throw EstimationErrors.missingInput("the top-box threshold", "topBoxThreshold(double)");
      }
      checkBinary("treated", treated);
      checkBinary("post", post);
      return new SurveyDid(this);
    }

    private static void checkBinary(String what, double[] v) {
      for (int i = 0; i < v.length; i++) {
        if (v[i] != 0.0 && v[i] != 1.0) {
          throw EstimationErrors.didIndicatorNotBinary(what, i, v[i]);
        }
      }
    }
  }

  /** Regressor names: intercept, treated, post, treated:post, then the covariates. */
  public static List<String> coefficientNames(List<String> covariateNames) {
    List<String> names = new ArrayList<>(List.of("(Intercept)", "treated", "post", INTERACTION));
    names.addAll(covariateNames);
    return names;
  }

  /** The regressor vector of one cell, in the order of {@link #coefficientNames}. */
  public static double[] regressors(DidCell cell, double... covariates) {
    double[] x = new double[4 + covariates.length];
    x[0] = 1.0;
    x[1] = cell.treated();
    x[2] = cell.post();
    x[3] = cell.interaction();
    System.arraycopy(covariates, 0, x, 4, covariates.length);
    return x;
  }

  static double[] regressorsWithZeroCovariates(DidCell cell, SurveyGlmResult model) {
    return regressors(cell, new double[model.coefficientNames().size() - 4]);
  }

  /** Fits both regressions on the design's rows. */
  public SurveyDidResult estimate() {
    int n = design.rowCount();
    for (String what : List.of("score", "treated", "post")) {
      double[] v = what.equals("score") ? score : what.equals("treated") ? treated : post;
      if (v.length != n) {
        throw EstimationErrors.designLengthMismatch(what, v.length, n);
      }
    }
    double[] checkedScore = design.checkedColumn("score", score, null);
    double[] topBox = new double[n];
    double[] interaction = new double[n];
    for (int i = 0; i < n; i++) {
      topBox[i] = checkedScore[i] >= threshold ? 1.0 : 0.0;
      interaction[i] = treated[i] * post[i];
    }
    List<String> names = new ArrayList<>(List.of("treated", "post", INTERACTION));
    names.addAll(covariates.keySet());
    double[][] columns = new double[names.size()][];
    columns[0] = treated;
    columns[1] = post;
    columns[2] = interaction;
    int j = 3;
    for (double[] c : covariates.values()) {
      columns[j++] = c;
    }
    SurveyGlm ols = SurveyGlm.gaussian();
    return result(
        ols.fit(ols.cells(design, checkedScore, names, columns)),
        ols.fit(ols.cells(design, topBox, names, columns)),
        threshold);
  }

  /**
   * The DiD from cells computed elsewhere: {@code scoreCells} with the score as response and {@code
   * topBoxCells} with the top-box indicator, both with the regressors of {@link #regressors}.
   */
  public static SurveyDidResult estimate(GlmScoreSource scoreCells, GlmScoreSource topBoxCells) {
    return estimate(scoreCells, topBoxCells, Double.NaN);
  }

  /** As {@link #estimate(GlmScoreSource, GlmScoreSource)}, recording the threshold used. */
  public static SurveyDidResult estimate(
      GlmScoreSource scoreCells, GlmScoreSource topBoxCells, double threshold) {
    for (GlmScoreSource s : List.of(scoreCells, topBoxCells)) {
      List<String> n = s.coefficientNames();
      if (n.size() < 4 || !n.subList(0, 4).equals(coefficientNames(List.of()))) {
        throw EstimationErrors.didRegressorsOutOfOrder(n.toString());
      }
    }
    SurveyGlm ols = SurveyGlm.gaussian();
    return result(ols.fit(scoreCells), ols.fit(topBoxCells), threshold);
  }

  private static SurveyDidResult result(
      SurveyGlmResult scoreModel, SurveyGlmResult topBoxModel, double threshold) {
    return new SurveyDidResult(threshold, scoreModel, topBoxModel);
  }
}
