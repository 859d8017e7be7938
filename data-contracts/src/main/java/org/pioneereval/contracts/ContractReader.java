package org.pioneereval.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a schema-valid ODCS document into a {@link DataContract}, enforcing the conventions the
 * pipeline relies on beyond the schema (see {@code data-contracts/README.md}). Every convention
 * broken is reported with the JSON path and a fix.
 */
final class ContractReader {

  private static final Pattern COLUMN_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** The one sql rule shape the pipeline executes: a count of the rows failing a predicate. */
  static final Pattern FAILING_ROW_COUNT =
      Pattern.compile(
          "\\s*SELECT\\s+COUNT\\s*\\(\\s*\\*\\s*\\)\\s+FROM\\s+\\{object\\}\\s+WHERE\\s+NOT\\s*\\((.*)\\)\\s*;?\\s*",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  static final String SQL_CONVENTION =
      "write the query as SELECT COUNT(*) FROM {object} WHERE NOT (<predicate>) with mustBe: 0,"
          + " where <predicate> is a Spark SQL boolean expression over the row's columns that is"
          + " true for a valid row";

  private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String[] OPERATORS = {
    "mustBe",
    "mustNotBe",
    "mustBeGreaterThan",
    "mustBeGreaterOrEqualTo",
    "mustBeLessThan",
    "mustBeLessOrEqualTo",
    "mustBeBetween",
    "mustNotBeBetween"
  };

  private final String source;
  private final JsonNode root;
  private Extract extract;
  private final Map<String, ContractColumn> columns = new LinkedHashMap<>();

  private ContractReader(String source, JsonNode root) {
    this.source = source;
    this.root = root;
  }

  static DataContract read(String source, JsonNode root) {
    return new ContractReader(source, root).read();
  }

  private DataContract read() {
    String version = text(root, "version").orElse("");
    try {
      DataContract.parseVersion(source, version);
    } catch (ContractException e) {
      throw fail(
          "$.version",
          "version '" + version + "' is not MAJOR.MINOR.PATCH",
          "write it as e.g. \"1.0.0\"");
    }
    JsonNode schema = root.get("schema");
    if (schema == null || !schema.isArray() || schema.size() != 1) {
      throw fail(
          "$.schema",
          "a contract must describe exactly one schema object (the extract's CSV)",
          "keep one entry under schema");
    }
    JsonNode object = schema.get(0);
    String objectPath = "$.schema[0]";
    String name = text(object, "name").orElse("");
    extract = null;
    for (Extract candidate : Extract.values()) {
      if (candidate.folderName().equals(name)) {
        extract = candidate;
      }
    }
    if (extract == null) {
      throw fail(
          objectPath + ".name",
          "'" + name + "' is not an extract",
          "name the schema object after its drop folder, one of " + Extract.folderNames());
    }
    String id = text(root, "id").orElse("");
    if (!id.equals(extract.contractId())) {
      throw fail(
          "$.id",
          "id '" + id + "' does not identify extract " + name,
          "set id: " + extract.contractId());
    }

    JsonNode properties = object.get("properties");
    if (properties == null || !properties.isArray() || properties.isEmpty()) {
      throw fail(
          objectPath + ".properties",
          "the schema object has no properties",
          "list the CSV columns in header order");
    }
    List<QualityRule> rules = new ArrayList<>();
    List<ContractColumn> primaryKeyColumns = new ArrayList<>();
    for (int i = 0; i < properties.size(); i++) {
      String path = objectPath + ".properties[" + i + "]";
      ContractColumn column = readColumn(properties.get(i), path, i, rules);
      if (columns.putIfAbsent(column.name(), column) != null) {
        throw fail(
            path + ".name",
            "column '" + column.name() + "' appears twice",
            "keep one property per CSV column");
      }
      if (column.isPrimaryKey()) {
        primaryKeyColumns.add(column);
      }
    }
    List<String> primaryKey = primaryKey(primaryKeyColumns, objectPath);

    JsonNode quality = object.get("quality");
    if (quality != null) {
      for (int i = 0; i < quality.size(); i++) {
        readRule(quality.get(i), objectPath + ".quality[" + i + "]", null).ifPresent(rules::add);
      }
    }
    checkRuleIds(rules);
    return new DataContract(
        source,
        id,
        version,
        extract,
        text(root, "status").orElse(""),
        root.path("description").path("purpose").asText(""),
        List.copyOf(columns.values()),
        rules,
        primaryKey);
  }

  // ---------------------------------------------------------------------------------------------
  // Columns

  private ContractColumn readColumn(
      JsonNode node, String path, int position, List<QualityRule> rules) {
    String name = text(node, "name").orElse("");
    if (columns.containsKey(name)) {
      throw fail(
          path + ".name",
          "column '" + name + "' appears twice",
          "keep one property per CSV column");
    }
    if (!COLUMN_NAME.matcher(name).matches()) {
      throw fail(
          path + ".name",
          "column name '" + name + "' is not snake_case",
          "use lower-case letters, digits and '_'");
    }
    String typeName = text(node, "logicalType").orElse("");
    LogicalType type =
        LogicalType.fromOdcsName(typeName)
            .orElseThrow(
                () ->
                    fail(
                        path + ".logicalType",
                        "column '"
                            + name
                            + "' has logicalType '"
                            + typeName
                            + "', which CSV extracts do not use",
                        "use string, integer, number, boolean or date"));
    String physicalType = text(node, "physicalType").orElse("");
    if (!physicalType.equalsIgnoreCase(type.sparkSqlType())) {
      throw fail(
          path + ".physicalType",
          "column '"
              + name
              + "' has physicalType '"
              + physicalType
              + "' for logicalType "
              + type.odcsName(),
          "set physicalType: "
              + type.sparkSqlType()
              + " (the Spark SQL type of the ingested column)");
    }
    String classification = text(node, "classification").orElse("");
    if (classification.isBlank()) {
      throw fail(
          path + ".classification",
          "column '" + name + "' has no classification",
          "classify it as "
              + ContractColumn.PSEUDONYMOUS
              + ", "
              + ContractColumn.RESTRICTED
              + " or "
              + ContractColumn.PUBLIC);
    }
    boolean primaryKey = node.path("primaryKey").asBoolean(false);
    OptionalInt keyPosition = OptionalInt.empty();
    if (primaryKey) {
      keyPosition = OptionalInt.of(node.path("primaryKeyPosition").asInt(1));
    }

    JsonNode options = node.path("logicalTypeOptions");
    Optional<String> optionPattern = text(options, "pattern");
    optionPattern.ifPresent(p -> compilePattern(p, path + ".logicalTypeOptions.pattern"));
    OptionalDouble minimum = number(options, "minimum", type, path);
    OptionalDouble maximum = number(options, "maximum", type, path);
    OptionalDouble exclusiveMinimum = number(options, "exclusiveMinimum", type, path);
    OptionalDouble exclusiveMaximum = number(options, "exclusiveMaximum", type, path);

    // The column's own rules: its valid values and pattern live in its invalidValues rule.
    ContractColumn provisional =
        new ContractColumn(
            extract,
            position,
            name,
            text(node, "description").orElse(""),
            type,
            type.sparkSqlType(),
            node.path("required").asBoolean(false),
            node.path("unique").asBoolean(false),
            keyPosition,
            classification,
            List.of(),
            optionPattern,
            text(options, "format"),
            minimum,
            maximum,
            exclusiveMinimum,
            exclusiveMaximum);
    List<String> validValues = List.of();
    Optional<String> pattern = optionPattern;
    JsonNode quality = node.get("quality");
    if (quality != null) {
      for (int i = 0; i < quality.size(); i++) {
        String rulePath = path + ".quality[" + i + "]";
        Optional<QualityRule> rule = readRule(quality.get(i), rulePath, provisional);
        if (rule.isEmpty()) {
          continue;
        }
        QualityRule r = rule.get();
        rules.add(r);
        if (r.type() == RuleType.INVALID_VALUES && !r.validValues().isEmpty()) {
          if (!validValues.isEmpty()) {
            throw fail(
                rulePath,
                "column '" + name + "' has two validValues rules",
                "merge them into one invalidValues rule");
          }
          validValues = r.validValues();
        }
        if (r.type() == RuleType.INVALID_VALUES && r.pattern().isPresent()) {
          if (pattern.isPresent() && !pattern.get().equals(r.pattern().get())) {
            throw fail(
                rulePath + ".arguments.pattern",
                "column '"
                    + name
                    + "' has pattern '"
                    + r.pattern().get()
                    + "' here but '"
                    + pattern.get()
                    + "' elsewhere",
                "use the same pattern in logicalTypeOptions and in the invalidValues rule");
          }
          pattern = r.pattern();
        }
      }
    }
    return new ContractColumn(
        extract,
        position,
        name,
        provisional.description(),
        type,
        type.sparkSqlType(),
        provisional.required(),
        provisional.unique(),
        keyPosition,
        classification,
        validValues,
        pattern,
        provisional.format(),
        minimum,
        maximum,
        exclusiveMinimum,
        exclusiveMaximum);
  }

  private OptionalDouble number(JsonNode options, String key, LogicalType type, String path) {
    JsonNode value = options.get(key);
    if (value == null || value.isNull()) {
      return OptionalDouble.empty();
    }
    if (!value.isNumber()) {
      throw fail(
          path + ".logicalTypeOptions." + key,
          key
              + " of a "
              + type.odcsName()
              + " column is not a number, so the pipeline cannot enforce it",
          "express date ranges as an sql rule; give integer and number bounds as numbers");
    }
    return OptionalDouble.of(value.asDouble());
  }

  private List<String> primaryKey(List<ContractColumn> keyColumns, String objectPath) {
    List<ContractColumn> sorted = new ArrayList<>(keyColumns);
    sorted.sort(Comparator.comparingInt(c -> c.primaryKeyPosition().getAsInt()));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i).primaryKeyPosition().getAsInt() != i + 1) {
        throw fail(
            objectPath + ".properties[" + sorted.get(i).position() + "].primaryKeyPosition",
            "primary key positions are " + positions(sorted) + ", not 1.." + sorted.size(),
            "number the primary key columns 1, 2, ... in key order");
      }
      names.add(sorted.get(i).name());
    }
    return names;
  }

  private static List<Integer> positions(List<ContractColumn> columns) {
    List<Integer> positions = new ArrayList<>();
    columns.forEach(c -> positions.add(c.primaryKeyPosition().getAsInt()));
    return positions;
  }

  // ---------------------------------------------------------------------------------------------
  // Rules

  /** Reads one rule; empty for {@code type: text}, which documents and is never executed. */
  private Optional<QualityRule> readRule(JsonNode node, String path, ContractColumn column) {
    String type = text(node, "type").orElse("library");
    if (type.equals("text")) {
      return Optional.empty();
    }
    String where = column == null ? "schema-level rule" : "rule of column '" + column.name() + "'";
    String id = text(node, "id").orElse("");
    if (id.isEmpty()) {
      throw fail(
          path,
          "a " + where + " has no id",
          "give it a stable id " + extract.folderName() + "_<what it checks>");
    }
    if (!id.startsWith(extract.folderName() + "_")) {
      throw fail(
          path + ".id",
          "rule id '" + id + "' does not start with '" + extract.folderName() + "_'",
          "rename it "
              + extract.folderName()
              + "_<what it checks> (ids must be unique across contracts)");
    }
    if (type.equals("custom")) {
      throw fail(
          path + ".type",
          "rule '" + id + "' is a custom rule, which the pipeline cannot execute",
          "express it as a library metric or as an sql rule");
    }
    String description = text(node, "description").orElse("");
    if (description.isBlank()) {
      throw fail(
          path + ".description",
          "rule '" + id + "' has no description",
          "say in one sentence what a valid drop satisfies");
    }
    Severity severity =
        Severity.fromOdcsName(text(node, "severity").orElse("error"))
            .orElseThrow(
                () ->
                    fail(
                        path + ".severity",
                        "rule '"
                            + id
                            + "' has severity '"
                            + text(node, "severity").orElse("")
                            + "'",
                        "use error, warning or info"));
    QualityRule.Unit unit;
    String unitName = text(node, "unit").orElse("rows");
    if (unitName.equals("rows")) {
      unit = QualityRule.Unit.ROWS;
    } else if (unitName.equals("percent")) {
      unit = QualityRule.Unit.PERCENT;
    } else {
      throw fail(
          path + ".unit", "rule '" + id + "' has unit '" + unitName + "'", "use rows or percent");
    }
    Threshold threshold = threshold(node, path, id);
    Optional<String> dimension = text(node, "dimension");

    RuleType ruleType;
    List<String> ruleColumns = column == null ? List.of() : List.of(column.name());
    List<String> validValues = List.of();
    Optional<String> pattern = Optional.empty();
    List<String> missingValues = List.of();
    boolean nullIsMissing = false;
    Optional<String> query = Optional.empty();
    Optional<String> predicate = Optional.empty();
    Optional<String> condition = Optional.empty();
    JsonNode arguments = node.path("arguments");

    if (type.equals("sql")) {
      ruleType = RuleType.SQL;
      query = text(node, "query");
      String sql = predicate(query.orElse(""), path, id, column);
      predicate = Optional.of(sql);
      condition = Optional.of("NOT (" + sql + ")");
      if (column == null) {
        ruleColumns = referencedColumns(sql);
      }
    } else {
      String metric = text(node, "metric").orElse("");
      ruleType =
          RuleType.fromMetric(metric)
              .orElseThrow(
                  () ->
                      fail(
                          path + ".metric",
                          "rule '" + id + "' has metric '" + metric + "'",
                          "use one of the ODCS metrics"));
      boolean schemaLevelOnly = ruleType == RuleType.ROW_COUNT;
      boolean propertyLevelOnly =
          ruleType == RuleType.NULL_VALUES
              || ruleType == RuleType.MISSING_VALUES
              || ruleType == RuleType.INVALID_VALUES;
      if (schemaLevelOnly && column != null) {
        throw fail(
            path,
            "rule '" + id + "' (" + metric + ") is declared on column '" + column.name() + "'",
            "move it to the schema object's quality list");
      }
      if (propertyLevelOnly && column == null) {
        throw fail(
            path,
            "rule '" + id + "' (" + metric + ") is declared on the schema object",
            "move it to the quality list of the column it checks");
      }
      switch (ruleType) {
        case NULL_VALUES:
          condition = Optional.of(column.name() + " IS NULL");
          break;
        case MISSING_VALUES:
          {
            JsonNode values = arguments.get("missingValues");
            if (values == null || !values.isArray() || values.isEmpty()) {
              throw fail(
                  path + ".arguments",
                  "missingValues rule '" + id + "' lists no missing values",
                  "add arguments.missingValues, e.g. [null, '', 'N/A']");
            }
            List<String> placeholders = new ArrayList<>();
            for (JsonNode value : values) {
              if (value.isNull()) {
                nullIsMissing = true;
              } else {
                placeholders.add(value.asText());
              }
            }
            missingValues = placeholders;
            condition = Optional.of(missingCondition(column, nullIsMissing, placeholders));
            break;
          }
        case INVALID_VALUES:
          {
            JsonNode values = arguments.get("validValues");
            Optional<String> regex = text(arguments, "pattern");
            if ((values == null || values.isEmpty()) && regex.isEmpty()) {
              throw fail(
                  path + ".arguments",
                  "invalidValues rule '" + id + "' has neither validValues nor pattern",
                  "add arguments.validValues or arguments.pattern");
            }
            List<String> parts = new ArrayList<>();
            if (values != null && !values.isEmpty()) {
              List<String> allowed = new ArrayList<>();
              values.forEach(v -> allowed.add(v.asText()));
              validValues = allowed;
              parts.add(column.name() + " NOT IN (" + literals(column, allowed, path) + ")");
            }
            if (regex.isPresent()) {
              compilePattern(regex.get(), path + ".arguments.pattern");
              pattern = regex;
              parts.add("NOT (" + column.name() + " RLIKE " + sqlString(regex.get()) + ")");
            }
            condition =
                Optional.of(
                    parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")");
            break;
          }
        case DUPLICATE_VALUES:
          if (column == null) {
            JsonNode keys = arguments.get("properties");
            if (keys == null || !keys.isArray() || keys.isEmpty()) {
              throw fail(
                  path + ".arguments",
                  "schema-level duplicateValues rule '" + id + "' names no columns",
                  "add arguments.properties: [col_a, col_b]");
            }
            List<String> keyColumns = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
              String key = keys.get(i).asText();
              if (!columns.containsKey(key)) {
                throw fail(
                    path + ".arguments.properties[" + i + "]",
                    "rule '" + id + "' names unknown column '" + key + "'",
                    "use one of " + columns.keySet());
              }
              keyColumns.add(key);
            }
            ruleColumns = keyColumns;
          }
          break;
        case ROW_COUNT:
        default:
          break;
      }
    }
    boolean rowDecidable = ruleType != RuleType.ROW_COUNT && ruleType != RuleType.DUPLICATE_VALUES;
    RuleScope scope =
        rowDecidable && threshold.isZero() && unit == QualityRule.Unit.ROWS
            ? RuleScope.ROW
            : RuleScope.BATCH;
    return Optional.of(
        new QualityRule(
            id,
            ruleType,
            scope,
            ruleColumns,
            validValues,
            pattern,
            missingValues,
            nullIsMissing,
            query,
            predicate,
            condition,
            threshold,
            unit,
            severity,
            dimension,
            description));
  }

  private Threshold threshold(JsonNode node, String path, String id) {
    List<String> present = new ArrayList<>();
    for (String operator : OPERATORS) {
      if (node.has(operator)) {
        present.add(operator);
      }
    }
    if (present.size() != 1) {
      throw fail(
          path,
          "rule '" + id + "' has operators " + present,
          "give it exactly one operator, e.g. mustBe: 0");
    }
    String operator = present.get(0);
    Threshold.Operator op = null;
    for (Threshold.Operator candidate : Threshold.Operator.values()) {
      if (candidate.odcsName().equals(operator)) {
        op = candidate;
      }
    }
    JsonNode value = node.get(operator);
    if (op.arity() == 2) {
      if (!value.isArray()
          || value.size() != 2
          || !value.get(0).isNumber()
          || !value.get(1).isNumber()
          || value.get(0).asDouble() > value.get(1).asDouble()) {
        throw fail(
            path + "." + operator,
            "rule '" + id + "' needs two numbers, smallest first",
            "write e.g. " + operator + ": [1, 124]");
      }
      return Threshold.between(op, value.get(0).asDouble(), value.get(1).asDouble());
    }
    if (!value.isNumber()) {
      throw fail(
          path + "." + operator,
          "rule '" + id + "' compares its metric with '" + value.asText() + "', not a number",
          "give a number, e.g. " + operator + ": 0");
    }
    return Threshold.of(op, value.asDouble());
  }

  private String predicate(String query, String path, String id, ContractColumn column) {
    Matcher m = FAILING_ROW_COUNT.matcher(query);
    if (!m.matches() || !balanced(m.group(1))) {
      throw fail(
          path + ".query", "sql rule '" + id + "' is not a failing-row count", SQL_CONVENTION);
    }
    String predicate = m.group(1).trim();
    if (predicate.contains("{object}")) {
      throw fail(
          path + ".query",
          "the predicate of sql rule '"
              + id
              + "' reads {object} again, so it cannot be decided row by row",
          SQL_CONVENTION);
    }
    if (predicate.contains("{property}")) {
      if (column == null) {
        throw fail(
            path + ".query",
            "schema-level sql rule '" + id + "' uses {property}",
            "name the columns, or move the rule to the column it checks");
      }
      predicate = predicate.replace("{property}", column.name());
    }
    return predicate;
  }

  /** True when the parentheses of {@code sql} (outside string literals) balance. */
  private static boolean balanced(String sql) {
    String code = STRING_LITERAL.matcher(sql).replaceAll("''");
    int depth = 0;
    for (char c : code.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private List<String> referencedColumns(String predicate) {
    String code = STRING_LITERAL.matcher(predicate).replaceAll("''");
    Set<String> identifiers = new HashSet<>();
    Matcher m = IDENTIFIER.matcher(code);
    while (m.find()) {
      identifiers.add(m.group());
    }
    List<String> referenced = new ArrayList<>();
    for (String name : columns.keySet()) {
      if (identifiers.contains(name)) {
        referenced.add(name);
      }
    }
    return referenced;
  }

  private static String missingCondition(
      ContractColumn column, boolean nullIsMissing, List<String> placeholders) {
    List<String> parts = new ArrayList<>();
    if (nullIsMissing) {
      parts.add(column.name() + " IS NULL");
    }
    if (!placeholders.isEmpty()) {
      Set<String> trimmed = new LinkedHashSet<>();
      placeholders.forEach(p -> trimmed.add(sqlString(p.trim())));
      String value =
          column.logicalType() == LogicalType.STRING
              ? column.name()
              : "CAST(" + column.name() + " AS STRING)";
      parts.add("trim(" + value + ") IN (" + String.join(", ", trimmed) + ")");
    }
    return parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")";
  }

  private String literals(ContractColumn column, List<String> values, String path) {
    List<String> literals = new ArrayList<>();
    for (String value : values) {
      switch (column.logicalType()) {
        case STRING:
          literals.add(sqlString(value));
          break;
        case DATE:
          literals.add("DATE " + sqlString(value));
          break;
        default:
          if (!column.logicalType().matchesCsv(value)) {
            throw fail(
                path + ".arguments.validValues",
                "valid value '" + value + "' is not a " + column.logicalType().odcsName(),
                "list values of the column's type");
          }
          literals.add(value.toLowerCase(Locale.ROOT));
      }
    }
    return String.join(", ", literals);
  }

  /** A Spark SQL string literal (Spark reads backslash escapes inside quotes). */
  static String sqlString(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private void compilePattern(String regex, String path) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw fail(
          path,
          "'" + regex + "' is not a valid regular expression: " + e.getDescription(),
          "correct the pattern");
    }
  }

  private void checkRuleIds(List<QualityRule> rules) {
    Set<String> seen = new HashSet<>();
    Set<String> reserved = new HashSet<>();
    columns.values().forEach(c -> reserved.add(c.typeRuleId()));
    for (QualityRule rule : rules) {
      if (!seen.add(rule.id())) {
        throw fail(
            "$.schema[0]",
            "rule id '" + rule.id() + "' is used twice",
            "give every rule its own id");
      }
      if (reserved.contains(rule.id())) {
        throw fail(
            "$.schema[0]",
            "rule id '" + rule.id() + "' is reserved for the ingest job's type check",
            "choose another id");
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static Optional<String> text(JsonNode node, String key) {
    JsonNode value = node == null ? null : node.get(key);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private ContractException fail(String path, String problem, String fix) {
    return ContractErrors.invalidContract(source, path, problem, fix);
  }
}
