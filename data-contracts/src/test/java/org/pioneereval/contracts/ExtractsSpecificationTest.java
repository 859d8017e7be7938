package org.pioneereval.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contracts say what docs/EXTRACTS.md says: same columns, order, types and required flags. */
class ExtractsSpecificationTest {

  private static final Path SPECIFICATION = Path.of("..", "docs", "EXTRACTS.md");

  /** column -> {type, required} from the table under "### <extract>:" in EXTRACTS.md. */
  private static Map<String, String[]> specifiedColumns(Extract extract) throws Exception {
    List<String> lines = Files.readAllLines(SPECIFICATION);
    Map<String, String[]> columns = new LinkedHashMap<>();
    boolean inSection = false;
    for (String line : lines) {
      if (line.startsWith("### ")) {
        inSection = line.startsWith("### " + extract.folderName() + ":");
        continue;
      }
      if (!inSection
          || !line.startsWith("| ")
          || line.startsWith("| column")
          || line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.split("\\|");
      columns.put(cells[1].trim(), new String[] {cells[2].trim(), cells[3].trim()});
    }
    return columns;
  }

  @ParameterizedTest
  @EnumSource(Extract.class)
  void contractColumnsMatchTheSpecification(Extract extract) throws Exception {
    Map<String, String[]> specified = specifiedColumns(extract);
    DataContract contract = DataContract.load(extract);

    assertThat(specified).isNotEmpty();
    assertThat(contract.columnNames())
        .containsExactlyElementsOf(new ArrayList<>(specified.keySet()));
    for (ContractColumn column : contract.columns()) {
      String[] spec = specified.get(column.name());
      assertThat(column.logicalType().odcsName()).as(column.name()).isEqualTo(spec[0]);
      assertThat(column.required()).as(column.name()).isEqualTo(spec[1].startsWith("yes"));
      assertThat(column.unique()).as(column.name()).isEqualTo(spec[1].contains("unique"));
    }
  }
}
