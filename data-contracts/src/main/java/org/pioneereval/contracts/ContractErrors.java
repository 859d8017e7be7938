package org.pioneereval.contracts;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The only place {@link ContractException}s are built, so that every message has the same three
 * parts: the problem, why it occurred, and how to fix it.
 */
final class ContractErrors {

  private ContractErrors() {}

  static ContractException schemaViolations(String source, List<SchemaViolation> violations) {
    String list =
        violations.stream()
            .map(v -> "  - " + v)
            .collect(Collectors.joining(System.lineSeparator()));
    return new ContractException(
        source,
        "Data contract "
            + source
            + " does not conform to ODCS v3.1.0 ("
            + violations.size()
            + (violations.size() == 1 ? " problem" : " problems")
            + "):"
            + System.lineSeparator()
            + list
            + System.lineSeparator()
            + "Every contract is validated against the vendored ODCS JSON Schema "
            + ContractSchemaValidator.SCHEMA_RESOURCE
            + " when it is loaded; fix the contract as listed above.",
        violations);
  }

  /** A contract that conforms to ODCS but breaks a convention of this pipeline. */
  static ContractException invalidContract(String source, String path, String problem, String fix) {
    SchemaViolation violation = new SchemaViolation(source, path, problem, fix);
    return new ContractException(
        source,
        "Data contract "
            + source
            + " cannot be used by the pipeline: "
            + violation
            + " (see data-contracts/README.md for the conventions every contract follows).",
        List.of(violation));
  }

  static ContractException unreadable(String source, String why, Throwable cause) {
    return new ContractException(
        source,
        "Data contract "
            + source
            + " cannot be read: "
            + why
            + ". Fix: make it a readable UTF-8 YAML (or JSON) document; quote dates and versions.",
        cause);
  }

  static ContractException resourceMissing(Extract extract) {
    return new ContractException(
        extract.contractFileName(),
        "The data contract of extract "
            + extract.folderName()
            + " is not on the classpath at "
            + extract.contractResource()
            + ". The pioneer-eval-data-contracts jar copies data-contracts/*.odcs.yaml to contracts/;"
            + " fix: rebuild that module (mvn -pl data-contracts install) or add its jar to the"
            + " classpath.",
        List.of());
  }

  static ContractException unknownColumn(String source, String column, Collection<String> known) {
    return new ContractException(
        source,
        "Column '"
            + column
            + "' is not in data contract "
            + source
            + ". Its columns are "
            + known
            + "; fix: use one of them (the *Columns constants classes hold them).",
        List.of());
  }

  static ContractException unknownRule(String source, String ruleId, Collection<String> known) {
    return new ContractException(
        source,
        "Quality rule '"
            + ruleId
            + "' is not in data contract "
            + source
            + ". Rule ids are stable and never renamed; fix: use one of "
            + known
            + ".",
        List.of());
  }

  static ContractException unknownExtract(String folderName) {
    return new ContractException(
        folderName,
        "'"
            + folderName
            + "' is not an extract. Extracts are named after their drop folder; fix: use one of "
            + Extract.folderNames()
            + ".",
        List.of());
  }

  static ContractException badVersion(String source, String version) {
    return new ContractException(
        source,
        "'"
            + version
            + "' is not a contract version of the form MAJOR.MINOR.PATCH (e.g. 1.0.0). Contracts and"
            + " manifests are versioned with SemVer; fix: write the version as three integers.",
        List.of());
  }
}
