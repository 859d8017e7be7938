package org.pioneereval.notebook.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KernelSpecTest {

  private final KernelSpec spec =
      new KernelSpec(
          "Java (pioneer-eval)",
          Path.of("/usr/lib/jvm/java-17/bin/java"),
          "/a.jar:/b.jar",
          List.of("-Xmx4g", "--add-opens=java.base/java.nio=ALL-UNNAMED"),
          Map.of("SPARK_LOCAL_IP", "127.0.0.1"));

  @Test
  void argvRunsTheKernelMainWithOptionsBeforeTheClasspathAndTheConnectionFileLast() {
    assertThat(spec.argv())
        .containsExactly(
            "/usr/lib/jvm/java-17/bin/java",
            "-Xmx4g",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-cp",
            "/a.jar:/b.jar",
            "org.pioneereval.notebook.kernel.KernelMain",
            "{connection_file}");
  }

  @Test
  void kernelJsonAsksForInterruptsAsMessagesSoThatSparkSurvivesAnInterrupt() {
    JsonObject json = JsonParser.parseString(spec.toJson()).getAsJsonObject();
    assertThat(json.get("display_name").getAsString()).isEqualTo("Java (pioneer-eval)");
    assertThat(json.get("language").getAsString()).isEqualTo("java");
    assertThat(json.get("interrupt_mode").getAsString()).isEqualTo("message");
    assertThat(json.getAsJsonObject("env").get("SPARK_LOCAL_IP").getAsString())
        .isEqualTo("127.0.0.1");
    assertThat(json.getAsJsonArray("argv")).hasSize(7);
    assertThat(json.getAsJsonArray("argv").get(6).getAsString()).isEqualTo("{connection_file}");
  }
}
