package org.pioneereval.jobs.report.browser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a PDF as Chromium (Skia) writes it to check a report: the signature, the end
 * marker, the number of page objects and the titles of the document outline (bookmarks, one per
 * heading). Skia writes objects uncompressed and only page contents as compressed streams, so those
 * are found by pattern; text inside the pages is out of reach without a PDF library, which is why
 * the outline carries the check that the pages hold the report's headings.
 */
public final class PdfDocument {

  private static final Pattern PAGE = Pattern.compile("/Type\\s*/Page(?![A-Za-z])");
  private static final Pattern TITLE =
      Pattern.compile("/Title\\s*(\\((?:\\\\.|[^\\\\)])*\\)|<[0-9A-Fa-f\\s]*>)");

  private final byte[] bytes;
  private final String latin1;

  public PdfDocument(byte[] bytes) {
    this.bytes = bytes.clone();
    this.latin1 = new String(bytes, StandardCharsets.ISO_8859_1);
  }

  public int size() {
    return bytes.length;
  }

  /** Starts with {@code %PDF-} and ends with {@code %%EOF} (a complete file). */
  public boolean isCompletePdf() {
    return latin1.startsWith("%PDF-") && latin1.stripTrailing().endsWith("%%EOF");
  }

  /** Objects of type /Page (not /Pages). */
  public int pageCount() {
    Matcher m = PAGE.matcher(latin1);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** Every /Title string: the document's title and each outline entry. */
  public List<String> titles() {
    List<String> titles = new ArrayList<>();
    Matcher m = TITLE.matcher(latin1);
    while (m.find()) {
      titles.add(decode(m.group(1)));
    }
    return titles;
  }

  private static String decode(String token) {
    if (token.startsWith("<")) {
      String hex = token.substring(1, token.length() - 1).replaceAll("\\s", "");
      byte[] raw = new byte[hex.length() / 2];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
      }
      boolean utf16 = raw.length >= 2 && (raw[0] & 0xff) == 0xfe && (raw[1] & 0xff) == 0xff;
      return utf16
          ? new String(raw, 2, raw.length - 2, StandardCharsets.UTF_16BE)
          : new String(raw, StandardCharsets.ISO_8859_1);
    }
    StringBuilder out = new StringBuilder();
    String body = token.substring(1, token.length() - 1);
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' && i + 1 < body.length()) {
        char next = body.charAt(++i);
        out.append(
            switch (next) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              default -> next;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
