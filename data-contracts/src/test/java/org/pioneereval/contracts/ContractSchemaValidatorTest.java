package org.pioneereval.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContractSchemaValidatorTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final ContractSchemaValidator validator = ContractSchemaValidator.odcsV310();

  private static ObjectNode contract(Extract extract) throws Exception {
    return (ObjectNode) YAML.readTree(Path.of(extract.contractFileName()).toFile());
  }

  private static ObjectNode property(ObjectNode root, int index) {
    return (ObjectNode) root.get("schema").get(0).get("properties").get(index);
  }

  @ParameterizedTest
  @EnumSource(Extract.class)
  void everyContractConformsToOdcs310(Extract extract) {
    assertThat(validator.validate(Path.of(extract.contractFileName()))).isEmpty();
  }

  @Test
  void vendoredSchemaIsTheOfficialV310File() throws Exception {
    // sha-256 of bitol-io/open-data-contract-standard schema/odcs-json-schema-v3.1.0.json
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream(ContractSchemaValidator.SCHEMA_RESOURCE)) {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
      assertThat(HexFormat.of().formatHex(digest))
          .isEqualTo("1a35de14c688b400fef306564f66e2af3304f057cd5cd6e7b847c1a8bf252c5b");
    }
  }

  @Test
  void aTypoInAPropertyKeyGivesOneMessageNamingFilePathColumnAndFix() throws Exception {
    ObjectNode root = contract(Extract.ADMISSIONS);
    ObjectNode patientKey = property(root, 1);
    patientKey.set("requird", patientKey.remove("required"));

    List<SchemaViolation> violations = validator.validate("admissions.odcs.yaml", root);

    assertThat(violations).hasSize(1);
    SchemaViolation v = violations.get(0);
    assertThat(v.source()).isEqualTo("admissions.odcs.yaml");
    assertThat(v.path()).isEqualTo("$.schema[0].properties[1].requird");
    assertThat(v.problem()).contains("'requird'").contains("column 'patient_key'");
    assertThat(v.fix()).contains("rename 'requird' to 'required'");
    assertThat(v.toString())
        .startsWith("admissions.odcs.yaml: $.schema[0].properties[1].requird: property 'requird'");
  }

  @Test
  void twoTyposGiveExactlyTwoMessagesInDocumentOrder() throws Exception {
    ObjectNode root = contract(Extract.COSTS);
    root.set("descripton", root.remove("description"));
    ObjectNode amount = property(root, 3);
    amount.set("logicalTypOptions", amount.remove("logicalTypeOptions"));

    List<SchemaViolation> violations = validator.validate("costs.odcs.yaml", root);

    assertThat(violations)
        .extracting(SchemaViolation::path)
        .containsExactly("$.descripton", "$.schema[0].properties[3].logicalTypOptions");
    assertThat(violations.get(0).fix()).contains("'description'");
    assertThat(violations.get(1).problem()).contains("column 'amount_gbp'");
  }

  @Test
  void aRuleWithTwoOperatorsGivesOneOneOfMessageAndNoCascade() throws Exception {
    ObjectNode root = contract(Extract.ADMISSIONS);
    ObjectNode rule = (ObjectNode) root.get("schema").get(0).get("quality").get(1);
    rule.put("mustBeLessThan", 3);

    List<SchemaViolation> violations = validator.validate("admissions.odcs.yaml", root);

    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).path()).isEqualTo("$.schema[0].quality[1]");
    assertThat(violations.get(0).problem())
        .contains("one and only one")
        .contains("rule 'admissions_discharge_after_admission'");
    assertThat(violations.get(0).fix()).contains("exactly one operator");
  }

  @Test
  void anUnquotedVersionAndADottedRuleIdAreReportedAtTheirPaths() throws Exception {
    ObjectNode root = contract(Extract.POPULATION);
    root.put("version", 1);
    ObjectNode rule = (ObjectNode) root.get("schema").get(0).get("quality").get(0);
    rule.put("id", "population.row_count");

    List<SchemaViolation> violations = validator.validate("population.odcs.yaml", root);

    assertThat(violations)
        .extracting(SchemaViolation::path)
        .containsExactly("$.schema[0].quality[0].id", "$.version");
    assertThat(violations.get(0).problem()).contains("pattern");
    assertThat(violations.get(1).problem()).contains("string expected");
  }

  @Test
  void loadingASchemaInvalidContractFailsWithFilePathAndFix(@TempDir Path dir) throws Exception {
    ObjectNode root = contract(Extract.ADMISSIONS);
    ObjectNode patientKey = property(root, 1);
    patientKey.set("requird", patientKey.remove("required"));
    Path file = dir.resolve("admissions.odcs.yaml");
    Files.writeString(file, YAML.writeValueAsString(root));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("admissions.odcs.yaml does not conform to ODCS v3.1.0 (1 problem)")
        .hasMessageContaining("$.schema[0].properties[1].requird")
        .hasMessageContaining("Fix: rename 'requird' to 'required'")
        .satisfies(e -> assertThat(((ContractException) e).violations()).hasSize(1));
  }

  @Test
  void aYamlSyntaxErrorNamesTheFileAndLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("costs.odcs.yaml");
    Files.writeString(file, "apiVersion: v3.1.0\nkind: [DataContract\n");

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("costs.odcs.yaml cannot be read: YAML syntax error at line");
  }
}
