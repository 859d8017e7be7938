package org.pioneereval.notebook.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * How a value appears in a notebook. Always as {@code text/plain}; in addition, by convention
 * (IPython's {@code _repr_html_}), as
 *
 * <ul>
 *   <li>{@code text/html} when its class has a public {@code String toHtml()},
 *   <li>{@code image/svg+xml} when it has a public {@code String toSvg()},
 *   <li>{@code text/markdown} when it has a public {@code String toMarkdown()}.
 * </ul>
 *
 * A {@link DisplayData} is shown as it is. The convention lets libraries on the kernel's classpath
 * (the project's notebook helpers) render tables and charts without depending on this kernel.
 */
public final class RichOutput {

  /** Method names of the convention, with the MIME type each one produces. */
  public static final String HTML_METHOD = "toHtml";

  public static final String SVG_METHOD = "toSvg";
  public static final String MARKDOWN_METHOD = "toMarkdown";

  private RichOutput() {}

  /** The display data of {@code value}, with {@code plainText} as its {@code text/plain}. */
  public static DisplayData render(Object value, String plainText) {
    if (value instanceof DisplayData data) {
      return data;
    }
    DisplayData data = new DisplayData(plainText);
    String html = callConvention(value, HTML_METHOD);
    if (html != null) {
      data.putHTML(html);
    }
    String svg = callConvention(value, SVG_METHOD);
    if (svg != null) {
      data.putSVG(svg);
    }
    String markdown = callConvention(value, MARKDOWN_METHOD);
    if (markdown != null) {
      data.putMarkdown(markdown);
    }
    return data;
  }

  /** The display data of {@code value}, with its {@code toString()} as {@code text/plain}. */
  public static DisplayData render(Object value) {
    return render(value, String.valueOf(value));
  }

  private static String callConvention(Object value, String methodName) {
    if (value == null) {
      return null;
    }
    Method method;
    try {
      method = value.getClass().getMethod(methodName);
    } catch (NoSuchMethodException e) {
      return null;
    }
    if (method.getReturnType() != String.class || Modifier.isStatic(method.getModifiers())) {
      return null;
    }
    method.trySetAccessible();
    try {
      return (String) method.invoke(value);
    } catch (IllegalAccessException e) {
      return null;
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(
          value.getClass().getName() + "." + methodName + "() failed: " + cause, cause);
    }
  }

  /** Text without markup, for the {@code text/plain} beside HTML or SVG. */
  static String withoutMarkup(String markup) {
    String text = markup.replaceAll("(?s)<style.*?</style>", " ").replaceAll("<[^>]*>", " ");
    text =
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&");
    return text.replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\\n[ \\n]*", "\n").strip();
  }
}
