package org.pioneereval.notebook.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * What notebook cells call to show something other than their last value; statically imported in
 * every cell of the kernel. A cell may show several outputs, e.g. a table and a chart:
 *
 * <pre>{@code
 * display(run.effectsTable());
 * displaySvg(chartSvg);
 * html("<b>done</b>")          // as the cell's last expression: shown as its value
 * }</pre>
 *
 * Values are rendered by {@link RichOutput}'s rules ({@code toHtml()}, {@code toSvg()}, {@code
 * toMarkdown()}, else {@code text/plain}).
 */
public final class Display {

  private Display() {}

  /** Shows a value now, as a separate output of the running cell. */
  public static void display(Object value) {
    kernel().display(RichOutput.render(value));
  }

  /** Shows HTML (a table, formatted text) now. */
  public static void displayHtml(String html) {
    display(html(html));
  }

  /** Shows an SVG image (a chart) now, inline as {@code image/svg+xml}. */
  public static void displaySvg(String svg) {
    display(svg(svg));
  }

  /** Shows Markdown now. */
  public static void displayMarkdown(String markdown) {
    display(markdown(markdown));
  }

  /** HTML as a value: the cell shows it when it is the cell's last expression. */
  public static DisplayData html(String html) {
    DisplayData data = new DisplayData(RichOutput.withoutMarkup(html));
    data.putHTML(html);
    return data;
  }

  /** An SVG image as a value. */
  public static DisplayData svg(String svg) {
    String title = RichOutput.withoutMarkup(svg);
    DisplayData data = new DisplayData(title.isEmpty() ? "[SVG image]" : title);
    data.putSVG(svg);
    return data;
  }

  /** Markdown as a value. */
  public static DisplayData markdown(String markdown) {
    DisplayData data = new DisplayData(markdown);
    data.putMarkdown(markdown);
    return data;
  }

  private static BaseKernel kernel() {
    try {
      return BaseKernel.notebookKernel();
    } catch (NullPointerException e) {
      throw new IllegalStateException(
          "display() works only inside a notebook cell of the pioneer-eval Java kernel; outside"
              + " a notebook, print the value or write its toHtml() to a file instead.",
          e);
    }
  }
}
