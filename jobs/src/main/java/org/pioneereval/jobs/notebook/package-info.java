/**
 * What the result notebooks ({@code notebooks/*.ipynb}) use to read a run and re-estimate on it, in
 * a few lines per cell:
 *
 * <pre>{@code
 * var spark = NotebookSpark.session();
 * var run = EvaluationRun.open(spark, NotebookParameters.fromEnvironment()); // latest run
 * run.effectsTable()                                  // the report's effects table (HTML)
 * run.forestPlot()                                    // inline SVG
 * var panel = run.outcomePanel(PanelOutcome.EMERGENCY_ADMISSIONS_RATE);
 * panel.twfe()                                        // = results/did_effects, exactly
 * panel.pioneersOfWave(1).twfe(VarianceType.CR2)      // another comparison group and variance
 * panel.leaveOneSiteOut()                             // which sites drive the effect
 * }</pre>
 *
 * <p>{@link org.pioneereval.jobs.notebook.EvaluationRun} reads a run's effects and the panels as
 * that run saw them (Delta time travel); {@link org.pioneereval.jobs.notebook.OutcomePanel} holds
 * one outcome's panel on the driver and runs the {@code estimators} module on it; {@link
 * org.pioneereval.jobs.notebook.HtmlTable}, {@link org.pioneereval.jobs.notebook.SvgChart} and
 * {@link org.pioneereval.jobs.notebook.Trends} render tables and charts, which the notebook kernel
 * shows inline through their {@code toHtml()} / {@code toSvg()} methods. Counts and estimates are
 * shown under the report's {@link org.pioneereval.jobs.report.DisclosureControl}.
 *
 * <p>Nothing here writes to the lake.
 */
package org.pioneereval.jobs.notebook;
