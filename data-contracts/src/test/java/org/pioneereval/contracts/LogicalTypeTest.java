package org.pioneereval.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogicalTypeTest {

  @Test
  void csvPatternsAreStricterThanASparkCast() {
    assertThat(LogicalType.DATE.matchesCsv("2013-11-04")).isTrue();
    assertThat(LogicalType.DATE.matchesCsv("2013-2-3")).isFalse();
    assertThat(LogicalType.DATE.matchesCsv("04/11/2013")).isFalse();
    assertThat(LogicalType.DATE.matchesCsv("2013-11-04T00:00")).isFalse();
    assertThat(LogicalType.BOOLEAN.matchesCsv("true")).isTrue();
    assertThat(LogicalType.BOOLEAN.matchesCsv("yes")).isFalse();
    assertThat(LogicalType.BOOLEAN.matchesCsv("TRUE")).isFalse();
    assertThat(LogicalType.INTEGER.matchesCsv("-12")).isTrue();
    assertThat(LogicalType.INTEGER.matchesCsv("1.0")).isFalse();
    assertThat(LogicalType.INTEGER.matchesCsv("12345678901")).isFalse();
    assertThat(LogicalType.NUMBER.matchesCsv("1234.50")).isTrue();
    assertThat(LogicalType.NUMBER.matchesCsv("1e3")).isTrue();
    assertThat(LogicalType.NUMBER.matchesCsv("£12")).isFalse();
    assertThat(LogicalType.STRING.matchesCsv("anything, even\nnew lines")).isTrue();
  }

  @Test
  void sparkTypesAreTheContractsPhysicalTypes() {
    assertThat(LogicalType.INTEGER.sparkSqlType()).isEqualTo("INT");
    assertThat(LogicalType.NUMBER.sparkSqlType()).isEqualTo("DOUBLE");
    assertThat(LogicalType.DATE.odcsName()).isEqualTo("date");
  }
}
