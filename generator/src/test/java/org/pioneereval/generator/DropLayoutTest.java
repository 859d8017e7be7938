package org.pioneereval.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The drops follow docs/EXTRACTS.md: paths, manifests, headers, value domains. */
class DropLayoutTest {
  private static final Path EXTRACTS_DOC = Path.of("..", "docs", "EXTRACTS.md");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path root;
  private static GenerationSummary summary;

  @BeforeAll
  static void generate() {
    // Default design: 65 sites, 96 months, 8 survey waves, about 3,000 residents per site.
    summary = TestGenerations.defaults();
    root = summary.root();
  }

  @Test
  void everyManifestMatchesItsFile() throws IOException {
    List<Path> manifests = TestDrops.manifests(root);
    // register 1 + 65 sites x (8 population + 96 admissions + 96 costs + 8 survey drops + 1
    // patient register).
    assertThat(manifests).hasSize(1 + 65 * 209);
    Map<String, Long> rowsFromManifests = new HashMap<>();
    for (Path manifestFile : manifests) {
      JsonNode m = JSON.readTree(manifestFile.toFile());
      List<String> fields = new ArrayList<>();
      m.fieldNames().forEachRemaining(fields::add);
      assertThat(fields)
          .containsExactly(
              "extract",
              "contractVersion",
              "site",
              "batch",
              "periodStart",
              "periodEnd",
              "file",
              "rowCount",
              "sha256");
      Path folder = manifestFile.getParent();
      String extract = m.get("extract").asText();
      String site = m.get("site").asText();
      String batch = m.get("batch").asText();
      assertThat(folder)
          .isEqualTo(root.resolve("drops").resolve(extract).resolve(site).resolve(batch));
      assertThat(m.get("file").asText()).isEqualTo(extract + "_" + site + "_" + batch + ".csv");
      assertThat(m.get("contractVersion").asText()).isEqualTo("1.0.0");
      byte[] csv = Files.readAllBytes(folder.resolve(m.get("file").asText()));
      assertThat(m.get("sha256").asText()).isEqualTo(TestDrops.sha256(csv));
      long lines = new String(csv, StandardCharsets.UTF_8).chars().filter(c -> c == '\n').count();
      assertThat(m.get("rowCount").asLong()).as(manifestFile.toString()).isEqualTo(lines - 1);
      assertThat(LocalDate.parse(m.get("periodStart").asText()))
          .isBeforeOrEqualTo(LocalDate.parse(m.get("periodEnd").asText()));
      rowsFromManifests.merge(extract, m.get("rowCount").asLong(), Long::sum);
    }
    assertThat(summary.rowsByExtract()).isEqualTo(rowsFromManifests);
    assertThat(summary.rowsByExtract())
        .containsEntry("site_register", 65L)
        .containsEntry("population", 65L * 96)
        .containsEntry("costs", 65L * 96 * 6)
        .containsEntry("patient_experience", 65L * 8 * 150);
  }

  @Test
  void headersEqualTheColumnListsOfExtractsMd() throws IOException {
    Map<String, List<String>> documented = documentedColumns();
    assertThat(documented.keySet())
        .containsExactly(
            "site_register",
            "population",
            "admissions",
            "costs",
            "patient_experience",
            "patient_register");
    for (Map.Entry<String, List<String>> e : documented.entrySet()) {
      String expected = String.join(",", e.getValue());
      List<Path> files = TestDrops.csvFiles(root, e.getKey());
      assertThat(files).isNotEmpty();
      for (Path csv : files) {
        assertThat(TestDrops.headerLine(csv)).as(csv.toString()).isEqualTo(expected);
      }
    }
  }

  /** Extract name -> first column of each row of its table in docs/EXTRACTS.md. */
  private static Map<String, List<String>> documentedColumns() throws IOException {
    assertThat(EXTRACTS_DOC).as("docs/EXTRACTS.md next to the generator module").exists();
    Map<String, List<String>> columns = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : Files.readAllLines(EXTRACTS_DOC)) {
      if (line.startsWith("### ")) {
        String name = line.substring(4).split(":")[0].trim();
        current = new ArrayList<>();
        columns.put(name, current);
      } else if (current != null && line.startsWith("|")) {
        String first = line.split("\\|")[1].trim();
        if (!first.equals("column") && !first.startsWith("---")) {
          current.add(first);
        }
      }
    }
    return columns;
  }

  @Test
  void siteRegisterHas65SitesWith14Wave1And11Wave2Pioneers() {
    List<String[]> rows =
        TestDrops.rows(
            root.resolve("drops/site_register/ALL/register/site_register_ALL_register.csv"));
    assertThat(rows).hasSize(65);
    Pattern code = Pattern.compile("^[PC][0-9]{2}$");
    Set<String> regions =
        Set.of(
            "North East and Yorkshire",
            "North West",
            "Midlands",
            "East of England",
            "London",
            "South East",
            "South West");
    int wave1 = 0;
    int wave2 = 0;
    int comparison = 0;
    for (String[] r : rows) {
      assertThat(r[0]).matches(code);
      assertThat(regions).contains(r[5]);
      assertThat(Integer.parseInt(r[6])).isBetween(1, 10);
      if (r[2].equals("pioneer")) {
        assertThat(r[0]).startsWith("P");
        if (r[3].equals("1")) {
          wave1++;
          assertThat(r[4]).isEqualTo("2013-11-01");
        } else {
          wave2++;
          assertThat(r[3]).isEqualTo("2");
          assertThat(r[4]).isEqualTo("2015-04-01");
        }
      } else {
        comparison++;
        assertThat(r[2]).isEqualTo("comparison");
        assertThat(r[3]).isEmpty();
        assertThat(r[4]).isEmpty();
      }
    }
    assertThat(wave1).isEqualTo(14);
    assertThat(wave2).isEqualTo(11);
    assertThat(comparison).isEqualTo(40);
    assertThat(rows.get(0)[0]).isEqualTo("P01");
    assertThat(rows.get(1)[1]).isEqualTo("Pioneer site 02");
  }

  @Test
  void admissionsRowsAreValidAndKeysBehave() {
    Pattern spellKey = Pattern.compile("^[0-9a-f]{20}$");
    Pattern patientKey = Pattern.compile("^[0-9a-f]{16}$");
    Set<String> ageBands = Set.of("0-17", "18-44", "45-64", "65-74", "75-84", "85+");
    Set<String> spells = new HashSet<>();
    Map<String, Set<String>> batchesOfPatient = new HashMap<>();
    long rows = 0;
    for (Path csv : TestDrops.csvFiles(root, "admissions")) {
      String batch = csv.getParent().getFileName().toString();
      YearMonth month = YearMonth.parse(batch);
      for (String[] r : TestDrops.rows(csv)) {
        rows++;
        assertThat(r).hasSize(12);
        assertThat(r[0]).matches(spellKey);
        assertThat(spells.add(r[0])).as("spell key unique").isTrue();
        assertThat(r[1]).matches(patientKey);
        batchesOfPatient.computeIfAbsent(r[1], k -> new HashSet<>()).add(batch);
        LocalDate admitted = LocalDate.parse(r[3]);
        LocalDate discharged = LocalDate.parse(r[4]);
        assertThat(YearMonth.from(admitted)).isEqualTo(month);
        assertThat(Long.parseLong(r[10])).isBetween(0L, 365L);
        assertThat(ChronoUnit.DAYS.between(admitted, discharged)).isEqualTo(Long.parseLong(r[10]));
        assertThat(r[5]).isIn("emergency", "elective", "other");
        assertThat(ageBands).contains(r[6]);
        assertThat(r[7]).isIn("F", "M", "U");
        assertThat(r[8]).isIn("true", "false");
        assertThat(r[9]).matches("^(X{0,2})(IX|IV|V?I{0,3})$").isNotEmpty();
        assertThat(r[11]).isEqualTo(batch);
      }
    }
    assertThat(rows).isEqualTo(summary.rowsByExtract().get("admissions"));
    // Patients are a fixed cohort: most admitted patients appear in more than one monthly batch.
    long repeated = batchesOfPatient.values().stream().filter(b -> b.size() > 1).count();
    assertThat((double) repeated / batchesOfPatient.size()).isGreaterThan(0.3);
  }

  @Test
  void costsAndPopulationDropsHaveTheDocumentedShape() {
    for (Path csv : TestDrops.csvFiles(root, "costs")) {
      List<String[]> rows = TestDrops.rows(csv);
      assertThat(rows)
          .extracting(r -> r[2])
          .containsExactly(
              "inpatient", "outpatient", "ae", "community", "social_care", "prescribing");
      YearMonth month = YearMonth.parse(csv.getParent().getFileName().toString());
      int financialYear = month.getMonthValue() >= 4 ? month.getYear() : month.getYear() - 1;
      for (String[] r : rows) {
        assertThat(r[1]).isEqualTo(month.atDay(1).toString());
        assertThat(r[3]).matches("^[0-9]+\\.[0-9]{2}$");
        assertThat(Integer.parseInt(r[4])).isEqualTo(financialYear);
      }
    }
    List<Path> population = TestDrops.csvFiles(root, "population");
    assertThat(population).hasSize(65 * 8);
    for (Path csv : population) {
      String batch = csv.getParent().getFileName().toString();
      assertThat(batch).matches("^20(1[0-7])-04$");
      List<String[]> rows = TestDrops.rows(csv);
      assertThat(rows).hasSize(12);
      assertThat(rows.get(0)[1]).isEqualTo(batch + "-01");
      assertThat(rows).allSatisfy(r -> assertThat(Integer.parseInt(r[2])).isBetween(2100, 3900));
    }
  }

  @Test
  void surveyResponsesAreLikertWithSomeItemNonResponse() {
    long items = 0;
    long missing = 0;
    Set<String> keys = new HashSet<>();
    for (Path csv : TestDrops.csvFiles(root, "patient_experience")) {
      String batch = csv.getParent().getFileName().toString();
      assertThat(batch).matches("^20(1[1-8])-01$");
      int wave = Integer.parseInt(batch.substring(0, 4));
      for (String[] r : TestDrops.rows(csv)) {
        assertThat(r).hasSize(13);
        assertThat(keys.add(r[0])).isTrue();
        assertThat(Integer.parseInt(r[2])).isEqualTo(wave);
        LocalDate date = LocalDate.parse(r[3]);
        assertThat(date).isBetween(LocalDate.of(wave, 1, 1), LocalDate.of(wave, 3, 31));
        assertThat(r[4]).isNotEqualTo("0-17");
        for (int i = 7; i <= 10; i++) {
          items++;
          if (r[i].isEmpty()) {
            missing++;
          } else {
            assertThat(Integer.parseInt(r[i])).isBetween(1, 5);
          }
        }
        assertThat(Double.parseDouble(r[11])).isBetween(0.5, 2.0);
        assertThat(r[12]).isEqualTo(batch);
      }
    }
    // 65 sites x 8 waves x 150 responses x 4 items = 312,000 items, 3% left blank.
    assertThat(items).isEqualTo(312_000);
    assertThat((double) missing / items).isBetween(0.025, 0.035);
  }
}
