package org.pioneereval.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ODCS v3.1.0 data contract of one extract, read into the model the Spark jobs derive
 * everything from: the ordered columns with their types and allowed values, the primary key, and
 * the quality rules with stable ids.
 *
 * <p>Loading validates the contract against the vendored ODCS JSON Schema and against the
 * conventions of this pipeline (one schema object named after the extract, supported logical types,
 * rule ids {@code <extract>_...} unique in the contract, sql rules in the failing-row-count form,
 * ...); a contract that breaks either fails with a {@link ContractException} naming the file, the
 * JSON path and the fix.
 *
 * <pre>{@code
 * DataContract admissions = DataContract.load(Extract.ADMISSIONS);
 * for (QualityRule rule : admissions.rules(RuleScope.ROW)) { ... rule.rowCondition() ... }
 * }</pre>
 */
public final class DataContract {

  private static final Pattern SEMVER =
      Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");
  private static final Map<Extract, DataContract> PACKAGED = new ConcurrentHashMap<>();

  private final String source;
  private final String id;
  private final String version;
  private final Extract extract;
  private final String status;
  private final String purpose;
  private final List<ContractColumn> columns;
  private final Map<String, ContractColumn> columnsByName;
  private final List<QualityRule> rules;
  private final Map<String, QualityRule> rulesById;
  private final List<String> primaryKey;

  DataContract(
      String source,
      String id,
      String version,
      Extract extract,
      String status,
      String purpose,
      List<ContractColumn> columns,
      List<QualityRule> rules,
      List<String> primaryKey) {
    this.source = source;
    this.id = id;
    this.version = version;
    this.extract = extract;
    this.status = status;
    this.purpose = purpose;
    this.columns = List.copyOf(columns);
    this.rules = List.copyOf(rules);
    this.primaryKey = List.copyOf(primaryKey);
    Map<String, ContractColumn> byName = new LinkedHashMap<>();
    columns.forEach(c -> byName.put(c.name(), c));
    this.columnsByName = byName;
    Map<String, QualityRule> byId = new LinkedHashMap<>();
    rules.forEach(r -> byId.put(r.id(), r));
    this.rulesById = byId;
  }

  /**
   * The contract packaged in this jar ({@link Extract#contractResource()}), validated on first use
   * and cached (a contract is immutable).
   */
  public static DataContract load(Extract extract) {
    return PACKAGED.computeIfAbsent(extract, DataContract::loadPackaged);
  }

  /** Reads and validates the contract at {@code file}, e.g. a new version under review. */
  public static DataContract load(Path file) {
    String source = file.getFileName().toString();
    try (InputStream in = Files.newInputStream(file)) {
      return read(source, in);
    } catch (IOException e) {
      throw ContractErrors.unreadable(source, e.toString(), e);
    }
  }

  private static DataContract loadPackaged(Extract extract) {
    InputStream in =
        DataContract.class.getClassLoader().getResourceAsStream(extract.contractResource());
    if (in == null) {
      throw ContractErrors.resourceMissing(extract);
    }
    try (in) {
      DataContract contract = read(extract.contractFileName(), in);
      if (contract.extract() != extract) {
        throw ContractErrors.invalidContract(
            extract.contractFileName(),
            "$.schema[0].name",
            "the contract describes extract '" + contract.extract().folderName() + "'",
            "name the schema object '" + extract.folderName() + "'");
      }
      return contract;
    } catch (IOException e) {
      throw ContractErrors.unreadable(extract.contractFileName(), e.toString(), e);
    }
  }

  private static DataContract read(String source, InputStream in) {
    JsonNode root = ContractSchemaValidator.readYaml(source, in);
    ContractSchemaValidator.odcsV310().requireValid(source, root);
    return ContractReader.read(source, root);
  }

  /** The file the contract was read from, e.g. {@code admissions.odcs.yaml}. */
  public String source() {
    return source;
  }

  /** The contract id, e.g. {@code urn:pioneer-eval:contract:admissions}. */
  public String id() {
    return id;
  }

  /** The contract's SemVer version, e.g. {@code 1.0.0}. */
  public String version() {
    return version;
  }

  public Extract extract() {
    return extract;
  }

  /** ODCS status, e.g. {@code active}. */
  public String status() {
    return status;
  }

  /** {@code description.purpose}: what the extract is. */
  public String purpose() {
    return purpose;
  }

  /** The columns in CSV header order. */
  public List<ContractColumn> columns() {
    return columns;
  }

  /** The column names in CSV header order. */
  public List<String> columnNames() {
    return List.copyOf(columnsByName.keySet());
  }

  /** The column called {@code name}; a {@link ContractException} listing the columns otherwise. */
  public ContractColumn column(String name) {
    ContractColumn column = columnsByName.get(name);
    if (column == null) {
      throw ContractErrors.unknownColumn(source, name, columnsByName.keySet());
    }
    return column;
  }

  /** True when the contract has a column called {@code name}. */
  public boolean hasColumn(String name) {
    return columnsByName.containsKey(name);
  }

  /** The primary key column names, in key order (a single column for unique-key extracts). */
  public List<String> primaryKey() {
    return primaryKey;
  }

  /**
   * Every quality rule: the rules of each column in column order, then the schema-level rules
   * (rowCount, composite-key duplicates, cross-column sql), each in contract order.
   */
  public List<QualityRule> rules() {
    return rules;
  }

  /** The rules executed with the given scope. */
  public List<QualityRule> rules(RuleScope scope) {
    List<QualityRule> selected = new ArrayList<>();
    for (QualityRule rule : rules) {
      if (rule.scope() == scope) {
        selected.add(rule);
      }
    }
    return List.copyOf(selected);
  }

  /** The rules about {@code column} (declared on it, or reading it). */
  public List<QualityRule> rulesFor(String column) {
    column(column);
    List<QualityRule> selected = new ArrayList<>();
    for (QualityRule rule : rules) {
      if (rule.columns().contains(column)) {
        selected.add(rule);
      }
    }
    return List.copyOf(selected);
  }

  /** The rule with id {@code ruleId}; a {@link ContractException} listing the ids otherwise. */
  public QualityRule rule(String ruleId) {
    QualityRule rule = rulesById.get(ruleId);
    if (rule == null) {
      throw ContractErrors.unknownRule(source, ruleId, rulesById.keySet());
    }
    return rule;
  }

  /**
   * True when a drop whose manifest declares {@code manifestContractVersion} can be ingested with
   * this contract: same MAJOR version, and not newer than this contract (a newer minor version may
   * allow values this one rejects). See the versioning rules in {@code data-contracts/README.md}.
   */
  public boolean accepts(String manifestContractVersion) {
    int[] mine = parseVersion(source, version);
    int[] theirs = parseVersion(source, manifestContractVersion);
    if (mine[0] != theirs[0]) {
      return false;
    }
    return theirs[1] < mine[1] || (theirs[1] == mine[1] && theirs[2] <= mine[2]);
  }

  static int[] parseVersion(String source, String version) {
    Matcher m = SEMVER.matcher(version == null ? "" : version);
    if (!m.matches()) {
      throw ContractErrors.badVersion(source, String.valueOf(version));
    }
    return new int[] {
      Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))
    };
  }

  /** Rules grouped by id, for lookups by callers that hold many ids. */
  public Map<String, QualityRule> rulesById() {
    return java.util.Collections.unmodifiableMap(rulesById);
  }

  /** The columns grouped by name, in header order. */
  public Map<String, ContractColumn> columnsByName() {
    return java.util.Collections.unmodifiableMap(columnsByName);
  }

  /** Convenience: the column, if present. */
  public Optional<ContractColumn> findColumn(String name) {
    return Optional.ofNullable(columnsByName.get(name));
  }

  @Override
  public String toString() {
    return id + " " + version + " (" + columns.size() + " columns, " + rules.size() + " rules)";
  }
}
