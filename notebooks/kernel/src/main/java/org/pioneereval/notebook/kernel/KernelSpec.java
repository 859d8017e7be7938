package org.pioneereval.notebook.kernel;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Jupyter kernelspec ({@code kernel.json}) that starts {@link KernelMain} with a given JVM,
 * classpath, JVM options and environment. {@code notebooks/install-kernel.sh} writes it with {@link
 * #main(String[])} and registers the folder with {@code jupyter kernelspec install}.
 *
 * <p>Interrupts are sent as messages ({@code interrupt_mode: message}): the default, SIGINT, would
 * end the JVM and with it the notebook's Spark session.
 */
public record KernelSpec(
    String displayName,
    Path java,
    String classpath,
    List<String> jvmOptions,
    Map<String, String> environment) {

  /** The placeholder Jupyter replaces with the connection file's path. */
  public static final String CONNECTION_FILE = "{connection_file}";

  public static final String FILE_NAME = "kernel.json";

  public KernelSpec {
    jvmOptions = List.copyOf(jvmOptions);
    environment = Map.copyOf(new LinkedHashMap<>(environment));
  }

  /** The command Jupyter runs: the JVM, its options, the classpath, the main class and the file. */
  public List<String> argv() {
    List<String> argv = new ArrayList<>();
    argv.add(java.toString());
    argv.addAll(jvmOptions);
    argv.add("-cp");
    argv.add(classpath);
    argv.add(KernelMain.class.getName());
    argv.add(CONNECTION_FILE);
    return argv;
  }

  public String toJson() {
    JsonObject spec = new JsonObject();
    JsonArray argv = new JsonArray();
    argv().forEach(argv::add);
    spec.add("argv", argv);
    spec.addProperty("display_name", displayName);
    spec.addProperty("language", "java");
    spec.addProperty("interrupt_mode", "message");
    JsonObject env = new JsonObject();
    environment.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> env.addProperty(e.getKey(), e.getValue()));
    spec.add("env", env);
    return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec);
  }

  /** Writes {@code kernel.json} into {@code folder} (created if missing) and returns its path. */
  public Path writeTo(Path folder) throws IOException {
    Files.createDirectories(folder);
    Path file = folder.resolve(FILE_NAME);
    Files.writeString(file, toJson() + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /**
   * {@code KernelSpec --dir <folder> --display-name <name> --java <path> --classpath <path list>
   * [--jvm-option <option>]... [--env KEY=VALUE]...}: writes {@code <folder>/kernel.json}.
   */
  public static void main(String[] args) throws IOException {
    Path dir = null;
    String displayName = null;
    Path java = null;
    String classpath = null;
    List<String> options = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (i + 1 >= args.length) {
        usage("option " + option + " needs a value");
      }
      String value = args[++i];
      switch (option) {
        case "--dir" -> dir = Path.of(value);
        case "--display-name" -> displayName = value;
        case "--java" -> java = Path.of(value);
        case "--classpath" -> classpath = value;
        case "--jvm-option" -> options.add(value);
        case "--env" -> {
          int eq = value.indexOf('=');
          if (eq <= 0) {
            usage("--env takes KEY=VALUE, got '" + value + "'");
          }
          env.put(value.substring(0, eq), value.substring(eq + 1));
        }
        default -> usage("unknown option " + option);
      }
    }
    if (dir == null || displayName == null || java == null || classpath == null) {
      usage("--dir, --display-name, --java and --classpath are required");
    }
    Path written = new KernelSpec(displayName, java, classpath, options, env).writeTo(dir);
    System.out.println(written);
  }

  private static void usage(String problem) {
    System.err.println(
        "KernelSpec: "
            + problem
            + "\nusage: KernelSpec --dir <folder> --display-name <name> --java <path>"
            + " --classpath <path list> [--jvm-option <option>]... [--env KEY=VALUE]...");
    System.exit(2);
  }
}
