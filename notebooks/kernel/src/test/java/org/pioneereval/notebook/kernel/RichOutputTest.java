package org.pioneereval.notebook.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;

class RichOutputTest {

  /** A value following the convention, as the project's tables and charts do. */
  public static final class Chart {
    public String toSvg() {
      return "<svg><title>Effects</title></svg>";
    }

    public String toHtml() {
      return "<table><tr><td>0.076</td></tr></table>";
    }

    @Override
    public String toString() {
      return "Chart[effects]";
    }
  }

  public static final class Broken {
    public String toHtml() {
      throw new IllegalArgumentException("no rows");
    }
  }

  @Test
  void aValueWithToHtmlAndToSvgIsShownAsHtmlAndSvgBesideItsText() {
    DisplayData data = RichOutput.render(new Chart());
    assertThat(data.getData(MIMEType.TEXT_PLAIN)).isEqualTo("Chart[effects]");
    assertThat(data.getData(MIMEType.TEXT_HTML))
        .isEqualTo("<table><tr><td>0.076</td></tr></table>");
    assertThat(data.getData(MIMEType.IMAGE_SVG)).isEqualTo("<svg><title>Effects</title></svg>");
  }

  @Test
  void anyOtherValueIsPlainText() {
    DisplayData data = RichOutput.render(java.util.List.of(1, 2), "[1, 2]");
    assertThat(data.getData(MIMEType.TEXT_PLAIN)).isEqualTo("[1, 2]");
    assertThat(data.hasDataForType(MIMEType.TEXT_HTML)).isFalse();
  }

  @Test
  void aFailingToHtmlNamesTheClassAndTheCause() {
    assertThatThrownBy(() -> RichOutput.render(new Broken()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RichOutputTest$Broken.toHtml() failed")
        .hasMessageContaining("no rows");
  }

  @Test
  void htmlAndSvgHelpersCarryAReadableTextAlternative() {
    assertThat(Display.html("<p>Effect <b>0.08</b> &amp; CI</p>").getData(MIMEType.TEXT_PLAIN))
        .isEqualTo("Effect 0.08 & CI");
    assertThat(Display.svg("<svg><rect/></svg>").getData(MIMEType.TEXT_PLAIN))
        .isEqualTo("[SVG image]");
    assertThat(Display.svg("<svg><rect/></svg>").getData(MIMEType.IMAGE_SVG))
        .isEqualTo("<svg><rect/></svg>");
  }
}
