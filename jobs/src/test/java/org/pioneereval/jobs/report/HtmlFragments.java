package org.pioneereval.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pieces of the report's HTML for assertions: an element by id, the text of a table row's cells.
 * The report's markup is our own and regular (no nested elements of the same name inside a row or
 * an outcome's block), so plain string search is enough.
 */
final class HtmlFragments {

  private HtmlFragments() {}

  private static final Pattern CELL = Pattern.compile("<t([hd])[^>]*>(.*?)</t\\1>", Pattern.DOTALL);

  /** The element with this id, from its start tag to the first closing tag of its name. */
  static String element(String html, String tag, String id) {
    Matcher m =
        Pattern.compile("<" + tag + "\\s[^>]*\\bid=\"" + Pattern.quote(id) + "\"").matcher(html);
    int start = m.find() ? m.start() : -1;
    if (start < 0) {
      throw new AssertionError("no <" + tag + " id=\"" + id + "\"> in the report");
    }
    int end = html.indexOf("</" + tag + ">", start);
    return html.substring(start, end + tag.length() + 3);
  }

  /** The element from its start tag to the matching closing tag, counting nested ones. */
  static String section(String html, String id) {
    int start = html.indexOf("<section id=\"" + id + "\"");
    if (start < 0) {
      throw new AssertionError("no <section id=\"" + id + "\"> in the report");
    }
    return html.substring(start, html.indexOf("</section>", start) + "</section>".length());
  }

  /** The text of each cell of the table row with this id, tags removed and entities decoded. */
  static List<String> cells(String html, String rowId) {
    String row = element(html, "tr", rowId);
    List<String> cells = new ArrayList<>();
    Matcher m = CELL.matcher(row);
    while (m.find()) {
      cells.add(text(m.group(2)));
    }
    return cells;
  }

  /** Markup as the text a reader sees: tags removed, the entities the report uses decoded. */
  static String text(String markup) {
    return markup
        .replaceAll("<br>|</(th|td|p|li|caption|h[1-6]|tr)>", " ")
        .replaceAll("<[^>]+>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&ndash;", "\u2013")
        .replace("&rarr;", "\u2192")
        .replace("&minus;", "\u2212")
        .replace("&chi;", "\u03c7")
        .replace("&sup2;", "\u00b2")
        .replace("&amp;", "&")
        .replaceAll("\\s+", " ")
        .trim();
  }

  /** Every {@code <svg ...>...</svg>} of the report. */
  static List<String> svgs(String html) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int start = html.indexOf("<svg ", from);
      if (start < 0) {
        return out;
      }
      int end = html.indexOf("</svg>", start) + "</svg>".length();
      out.add(html.substring(start, end));
      from = end;
    }
  }

  /** The value of an attribute of an element's start tag, decoded; null when absent. */
  static String attribute(String element, String name) {
    Matcher m =
        Pattern.compile("\\s" + name + "=\"([^\"]*)\"")
            .matcher(element.substring(0, element.indexOf('>')));
    return m.find() ? text(m.group(1)) : null;
  }
}
