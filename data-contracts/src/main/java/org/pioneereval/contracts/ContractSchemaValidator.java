package org.pioneereval.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates data contracts against the official ODCS v3.1.0 JSON Schema (draft 2019-09), vendored
 * in this jar as {@value #SCHEMA_RESOURCE}, so validation never needs the network.
 *
 * <p>The raw validator reports one typo several times (the misspelt key itself, then each enclosing
 * object whose {@code unevaluatedProperties: false} no longer counts the failed child as
 * evaluated). {@link #validate} returns one {@link SchemaViolation} per real problem, each naming
 * the contract file, the JSON path, the column or rule it sits in, and a fix.
 *
 * <p>Instances are immutable and thread-safe; {@link #odcsV310()} returns a shared one because
 * compiling the schema takes a noticeable fraction of a second.
 */
public final class ContractSchemaValidator {

  /** Classpath location of the vendored ODCS v3.1.0 JSON Schema. */
  public static final String SCHEMA_RESOURCE = "odcs-json-schema-v3.1.0.json";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH_SEGMENT =
      Pattern.compile("\\.([A-Za-z_$][A-Za-z0-9_$]*)|\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");

  private final JsonSchema schema;
  private final Set<String> knownKeys;

  private ContractSchemaValidator(JsonSchema schema, Set<String> knownKeys) {
    this.schema = schema;
    this.knownKeys = knownKeys;
  }

  /** The validator of the vendored ODCS v3.1.0 schema (compiled once, on first use). */
  public static ContractSchemaValidator odcsV310() {
    return Shared.INSTANCE;
  }

  /** Reads the contract at {@code file} (YAML or JSON) and validates it. */
  public List<SchemaViolation> validate(Path file) {
    String source = file.getFileName().toString();
    try (InputStream in = Files.newInputStream(file)) {
      return validate(source, readYaml(source, in));
    } catch (IOException e) {
      throw ContractErrors.unreadable(source, e.toString(), e);
    }
  }

  /**
   * Validates one parsed contract; {@code source} names it in every message (the file name).
   *
   * @return the de-duplicated problems, in document order; empty when the contract conforms
   */
  public List<SchemaViolation> validate(String source, JsonNode contract) {
    Set<ValidationMessage> raw = schema.validate(contract);
    List<SchemaViolation> violations = new ArrayList<>();
    for (Problem problem : deduplicate(raw)) {
      violations.add(describe(source, contract, problem));
    }
    violations.sort(
        (a, b) -> {
          int c = compareJsonPaths(a.path(), b.path());
          return c != 0 ? c : a.problem().compareTo(b.problem());
        });
    return List.copyOf(new LinkedHashSet<>(violations));
  }

  /** Throws a {@link ContractException} listing every problem unless {@code contract} conforms. */
  public void requireValid(String source, JsonNode contract) {
    List<SchemaViolation> violations = validate(source, contract);
    if (!violations.isEmpty()) {
      throw ContractErrors.schemaViolations(source, violations);
    }
  }

  /** Parses a YAML (or JSON) document; a syntax error becomes a {@link ContractException}. */
  static JsonNode readYaml(String source, InputStream in) {
    try {
      JsonNode node = YAML.readTree(in);
      if (node == null || node.isMissingNode() || !node.isObject()) {
        throw ContractErrors.unreadable(
            source, "the document is empty or not a YAML mapping", new IllegalStateException());
      }
      return node;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw ContractErrors.unreadable(source, "YAML syntax error" + where, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // De-duplication

  /** One raw message reduced to what identifies it: where, which keyword, what. */
  private static final class Problem {
    final String location; // JSON path of the offending element (for unevaluated keys: the key)
    final String object; // JSON path of the object the message is about
    final String keyword;
    final String message;
    final String property; // the key, for unevaluated/additional-property messages
    final String evaluationPath;

    Problem(ValidationMessage m) {
      this.object = m.getInstanceLocation().toString();
      this.keyword = m.getType() == null ? "" : m.getType();
      boolean keyLevel =
          (keyword.equals("unevaluatedProperties") || keyword.equals("additionalProperties"))
              && m.getProperty() != null;
      this.property = keyLevel ? m.getProperty() : null;
      this.location = keyLevel ? appendKey(object, property) : object;
      this.message = stripLocation(m.getMessage(), object);
      this.evaluationPath = m.getEvaluationPath().toString();
    }

    boolean isUnevaluatedKey() {
      return property != null;
    }
  }

  /**
   * Reduces the validator's messages to the real problems. With {@code unevaluatedProperties:
   * false}, one failure inside a subschema makes every key that subschema covered "unevaluated" in
   * the enclosing schemas, and a failed {@code oneOf} also reports why each branch failed. So:
   *
   * <ol>
   *   <li>drop the per-branch messages under a failed {@code oneOf}/{@code anyOf};
   *   <li>of the unevaluated-key messages about one object, keep those of the innermost schema;
   *   <li>when another problem sits at or inside that object, drop its unevaluated keys that ODCS
   *       does define (they are collateral); keys ODCS does not define (typos) stay;
   *   <li>drop an unevaluated key when a problem sits inside its value.
   * </ol>
   */
  private List<Problem> deduplicate(Set<ValidationMessage> raw) {
    List<Problem> all = new ArrayList<>();
    raw.forEach(m -> all.add(new Problem(m)));
    List<String> branching = new ArrayList<>();
    for (Problem p : all) {
      if (p.keyword.equals("oneOf") || p.keyword.equals("anyOf")) {
        branching.add(p.evaluationPath);
      }
    }
    List<Problem> problems = new ArrayList<>();
    for (Problem p : all) {
      boolean underBranch = branching.stream().anyMatch(b -> isStrictlyInside(p.evaluationPath, b));
      if (!underBranch) {
        problems.add(p);
      }
    }
    Map<String, Integer> innermost = new java.util.HashMap<>();
    for (Problem p : problems) {
      if (p.isUnevaluatedKey()) {
        innermost.merge(p.object, p.evaluationPath.length(), Math::max);
      }
    }
    problems.removeIf(
        p -> p.isUnevaluatedKey() && p.evaluationPath.length() < innermost.get(p.object));
    List<Problem> others = new ArrayList<>();
    problems.stream().filter(p -> !p.isUnevaluatedKey()).forEach(others::add);
    problems.removeIf(
        p ->
            p.isUnevaluatedKey()
                && knownKeys.contains(p.property)
                && others.stream()
                    .anyMatch(
                        q ->
                            q.location.equals(p.object) || isStrictlyInside(q.location, p.object)));
    List<Problem> snapshot = List.copyOf(problems);
    problems.removeIf(
        p ->
            p.isUnevaluatedKey()
                && snapshot.stream()
                    .anyMatch(q -> q != p && isStrictlyInside(q.location, p.location)));
    Map<String, Problem> unique = new java.util.LinkedHashMap<>();
    for (Problem p : problems) {
      unique.putIfAbsent(p.location + "|" + p.keyword + "|" + p.message, p);
    }
    return new ArrayList<>(unique.values());
  }

  private static boolean isStrictlyInside(String inner, String outer) {
    return inner.length() > outer.length()
        && inner.startsWith(outer)
        && (inner.charAt(outer.length()) == '.' || inner.charAt(outer.length()) == '[');
  }

  private static String appendKey(String path, String key) {
    return key.matches("[A-Za-z_$][A-Za-z0-9_$]*")
        ? path + "." + key
        : path + "['" + key.replace("'", "\\'") + "']";
  }

  private static String stripLocation(String message, String instance) {
    String prefix = instance + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  // ---------------------------------------------------------------------------------------------
  // Describing a problem for a person

  private SchemaViolation describe(String source, JsonNode contract, Problem p) {
    String context = context(contract, p.location);
    if (p.property != null) {
      String suggestion = closestKnownKey(p.property);
      return new SchemaViolation(
          source,
          p.location,
          "property '" + p.property + "' is not allowed here" + context,
          suggestion == null
              ? "remove '" + p.property + "' (ODCS v3.1.0 does not define it at this place)"
              : "rename '" + p.property + "' to '" + suggestion + "' (or remove it)");
    }
    return new SchemaViolation(source, p.location, p.message + context, fixFor(p.keyword));
  }

  private static String fixFor(String keyword) {
    switch (keyword == null ? "" : keyword) {
      case "required":
        return "add the missing property";
      case "enum":
      case "const":
        return "use one of the allowed values listed in the message";
      case "type":
        return "give the value the expected type (quote versions and dates in YAML)";
      case "pattern":
        return "make the value match the pattern (ids allow letters, digits, '_' and '-' only)";
      case "oneOf":
        return "give each quality rule exactly one operator (mustBe, mustNotBe, mustBeGreaterThan,"
            + " mustBeGreaterOrEqualTo, mustBeLessThan, mustBeLessOrEqualTo, mustBeBetween,"
            + " mustNotBeBetween)";
      case "minItems":
      case "maxItems":
      case "uniqueItems":
        return "give the array the number of distinct items the message asks for";
      default:
        return "see the ODCS v3.1.0 standard, https://bitol-io.github.io/open-data-contract-standard/";
    }
  }

  /** " (column 'x')" / " (rule 'y' of column 'x')" for a path inside a property or rule. */
  private static String context(JsonNode contract, String path) {
    JsonNode node = contract;
    String column = null;
    String rule = null;
    String previousKey = null;
    Matcher m = PATH_SEGMENT.matcher(path.startsWith("$") ? path.substring(1) : path);
    while (m.find() && node != null) {
      if (m.group(3) != null) {
        node = node.get(Integer.parseInt(m.group(3)));
        if (node != null && "properties".equals(previousKey) && node.hasNonNull("name")) {
          column = node.get("name").asText();
          rule = null;
        } else if (node != null && "quality".equals(previousKey)) {
          rule = node.hasNonNull("id") ? node.get("id").asText() : "#" + m.group(3);
        }
        previousKey = null;
      } else {
        previousKey = m.group(1) != null ? m.group(1) : m.group(2);
        node = node.get(previousKey);
      }
    }
    if (rule != null && column != null) {
      return " (rule '" + rule + "' of column '" + column + "')";
    } else if (rule != null) {
      return " (rule '" + rule + "')";
    } else if (column != null) {
      return " (column '" + column + "')";
    }
    return "";
  }

  private String closestKnownKey(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String lower = key.toLowerCase(Locale.ROOT);
    for (String known : knownKeys) {
      int d = editDistance(lower, known.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    int allowed = Math.max(1, Math.min(3, key.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Orders $.a[2].b before $.a[10] (numeric indexes), otherwise lexicographically. */
  static int compareJsonPaths(String a, String b) {
    Matcher ma = PATH_SEGMENT.matcher(a);
    Matcher mb = PATH_SEGMENT.matcher(b);
    while (true) {
      boolean fa = ma.find();
      boolean fb = mb.find();
      if (!fa || !fb) {
        return Boolean.compare(fa, fb);
      }
      if (ma.group(3) != null && mb.group(3) != null) {
        int c = Integer.compare(Integer.parseInt(ma.group(3)), Integer.parseInt(mb.group(3)));
        if (c != 0) {
          return c;
        }
      } else {
        int c = ma.group().compareTo(mb.group());
        if (c != 0) {
          return c;
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Loading the vendored schema

  private static final class Shared {
    static final ContractSchemaValidator INSTANCE = load();
  }

  private static ContractSchemaValidator load() {
    JsonNode schemaNode;
    try (InputStream in =
        ContractSchemaValidator.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            SCHEMA_RESOURCE + " is missing from the classpath; the data-contracts jar is broken");
      }
      schemaNode = JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .locale(Locale.ENGLISH)
            .formatAssertionsEnabled(false)
            .build();
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909);
    JsonSchema schema = factory.getSchema(schemaNode, config);
    schema.initializeValidators();
    Set<String> keys = new TreeSet<>();
    collectPropertyNames(schemaNode, keys);
    return new ContractSchemaValidator(schema, Set.copyOf(keys));
  }

  /**
   * Every key the schema defines under some {@code properties}: the candidates for "did you mean".
   */
  private static void collectPropertyNames(JsonNode node, Set<String> keys) {
    if (node.isObject()) {
      JsonNode properties = node.get("properties");
      if (properties != null && properties.isObject()) {
        properties.fieldNames().forEachRemaining(keys::add);
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collectPropertyNames(it.next(), keys);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectPropertyNames(child, keys));
    }
  }
}
