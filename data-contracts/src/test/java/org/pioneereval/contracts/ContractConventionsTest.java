package org.pioneereval.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema-valid contracts that break a pipeline convention fail to load, naming path and fix. */
class ContractConventionsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  private Path admissionsWith(Consumer<ObjectNode> change) throws Exception {
    ObjectNode root = (ObjectNode) YAML.readTree(Path.of("admissions.odcs.yaml").toFile());
    change.accept(root);
    Path file = dir.resolve("admissions.odcs.yaml");
    Files.writeString(file, YAML.writeValueAsString(root));
    return file;
  }

  private static ObjectNode object(ObjectNode root) {
    return (ObjectNode) root.get("schema").get(0);
  }

  private static ObjectNode property(ObjectNode root, int index) {
    return (ObjectNode) object(root).get("properties").get(index);
  }

  private static ObjectNode schemaRule(ObjectNode root, int index) {
    return (ObjectNode) object(root).get("quality").get(index);
  }

  @Test
  void anUnmodifiedCopyLoadsLikeThePackagedContract() throws Exception {
    DataContract copy = DataContract.load(admissionsWith(root -> {}));
    assertThat(copy.columnNames()).isEqualTo(AdmissionsColumns.ALL);
    assertThat(copy.rules()).hasSize(DataContract.load(Extract.ADMISSIONS).rules().size());
  }

  @Test
  void anSqlRuleThatIsNotAFailingRowCountIsRejected() throws Exception {
    Path file =
        admissionsWith(
            root ->
                schemaRule(root, 1)
                    .put(
                        "query",
                        "SELECT COUNT(*) FROM {object} WHERE discharge_date < admission_date"));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("admissions.odcs.yaml: $.schema[0].quality[1].query")
        .hasMessageContaining(
            "sql rule 'admissions_discharge_after_admission' is not a failing-row count")
        .hasMessageContaining(
            "Fix: write the query as SELECT COUNT(*) FROM {object} WHERE NOT (<predicate>)");
  }

  @Test
  void unbalancedParenthesesAfterNotAreRejected() throws Exception {
    Path file =
        admissionsWith(
            root ->
                schemaRule(root, 1)
                    .put("query", "SELECT COUNT(*) FROM {object} WHERE NOT (a > 1) OR (b < 2)"));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("is not a failing-row count");
  }

  @Test
  void aDuplicateRuleIdIsRejected() throws Exception {
    Path file =
        admissionsWith(
            root -> schemaRule(root, 2).put("id", "admissions_discharge_after_admission"));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("rule id 'admissions_discharge_after_admission' is used twice");
  }

  @Test
  void aRuleIdWithoutTheExtractPrefixIsRejected() throws Exception {
    Path file = admissionsWith(root -> schemaRule(root, 0).put("id", "row_count"));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("$.schema[0].quality[0].id")
        .hasMessageContaining("does not start with 'admissions_'");
  }

  @Test
  void aLogicalTypeCsvExtractsDoNotUseIsRejected() throws Exception {
    Path file =
        admissionsWith(
            root -> {
              property(root, 3).put("logicalType", "timestamp");
              property(root, 3).remove("logicalTypeOptions");
            });

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("$.schema[0].properties[3].logicalType")
        .hasMessageContaining("column 'admission_date' has logicalType 'timestamp'")
        .hasMessageContaining("use string, integer, number, boolean or date");
  }

  @Test
  void aMissingClassificationIsRejected() throws Exception {
    Path file = admissionsWith(root -> property(root, 0).remove("classification"));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("$.schema[0].properties[0].classification")
        .hasMessageContaining("column 'spell_key' has no classification");
  }

  @Test
  void aPhysicalTypeThatIsNotTheSparkTypeIsRejected() throws Exception {
    Path file = admissionsWith(root -> property(root, 10).put("physicalType", "BIGINT"));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("set physicalType: INT");
  }

  @Test
  void aCompositeKeyRuleNamingAnUnknownColumnIsRejected() throws Exception {
    ObjectNode root = (ObjectNode) YAML.readTree(Path.of("costs.odcs.yaml").toFile());
    ObjectNode rule = (ObjectNode) object(root).get("quality").get(1);
    ((com.fasterxml.jackson.databind.node.ArrayNode) rule.get("arguments").get("properties"))
        .set(2, "care_setting");
    Path file = dir.resolve("costs.odcs.yaml");
    Files.writeString(file, YAML.writeValueAsString(root));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("$.schema[0].quality[1].arguments.properties[2]")
        .hasMessageContaining("unknown column 'care_setting'");
  }

  @Test
  void aContractIdThatDoesNotMatchTheExtractIsRejected() throws Exception {
    Path file = admissionsWith(root -> root.put("id", "urn:pioneer-eval:contract:costs"));

    assertThatThrownBy(() -> DataContract.load(file))
        .isInstanceOf(ContractException.class)
        .hasMessageContaining("$.id")
        .hasMessageContaining("set id: urn:pioneer-eval:contract:admissions");
  }

  @Test
  void textRulesDocumentAndAreNotExecuted() throws Exception {
    Path file =
        admissionsWith(
            root ->
                ((com.fasterxml.jackson.databind.node.ArrayNode) object(root).get("quality"))
                    .addObject()
                    .put("type", "text")
                    .put("description", "Spells are finished consultant episodes grouped by HRG."));

    assertThat(DataContract.load(file).rules()).hasSize(26);
  }
}
