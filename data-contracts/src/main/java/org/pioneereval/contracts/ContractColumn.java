package org.pioneereval.contracts;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One column of an extract: an ODCS schema property, read from its contract.
 *
 * <p>{@link #validValues()} and {@link #pattern()} are what the contract's {@code invalidValues}
 * rule on this column (or its {@code logicalTypeOptions.pattern}) allows; {@link #minimum()} and
 * {@link #maximum()} come from {@code logicalTypeOptions}. Nulls are allowed exactly when {@link
 * #required()} is false: a null is never an invalid value, only a missing one.
 */
public final class ContractColumn {

  /** Classification of pseudonymous keys (spell, patient and response keys). */
  public static final String PSEUDONYMOUS = "pseudonymous";

  /** Classification of patient-level attributes that may only leave the platform aggregated. */
  public static final String RESTRICTED = "restricted";

  /** Classification of site-level reference data that may be published. */
  public static final String PUBLIC = "public";

  private final Extract extract;
  private final int position;
  private final String name;
  private final String description;
  private final LogicalType logicalType;
  private final String physicalType;
  private final boolean required;
  private final boolean unique;
  private final OptionalInt primaryKeyPosition;
  private final String classification;
  private final List<String> validValues;
  private final Optional<String> pattern;
  private final Optional<String> format;
  private final OptionalDouble minimum;
  private final OptionalDouble maximum;
  private final OptionalDouble exclusiveMinimum;
  private final OptionalDouble exclusiveMaximum;

  ContractColumn(
      Extract extract,
      int position,
      String name,
      String description,
      LogicalType logicalType,
      String physicalType,
      boolean required,
      boolean unique,
      OptionalInt primaryKeyPosition,
      String classification,
      List<String> validValues,
      Optional<String> pattern,
      Optional<String> format,
      OptionalDouble minimum,
      OptionalDouble maximum,
      OptionalDouble exclusiveMinimum,
      OptionalDouble exclusiveMaximum) {
    this.extract = extract;
    this.position = position;
    this.name = name;
    this.description = description;
    this.logicalType = logicalType;
    this.physicalType = physicalType;
    this.required = required;
    this.unique = unique;
    this.primaryKeyPosition = primaryKeyPosition;
    this.classification = classification;
    this.validValues = List.copyOf(validValues);
    this.pattern = pattern;
    this.format = format;
    this.minimum = minimum;
    this.maximum = maximum;
    this.exclusiveMinimum = exclusiveMinimum;
    this.exclusiveMaximum = exclusiveMaximum;
  }

  /** The extract this column belongs to. */
  public Extract extract() {
    return extract;
  }

  /** Zero-based position in the CSV header. */
  public int position() {
    return position;
  }

  /** The column name, e.g. {@code admission_date}. */
  public String name() {
    return name;
  }

  public String description() {
    return description;
  }

  public LogicalType logicalType() {
    return logicalType;
  }

  /** The Spark SQL type the column is cast to (equal to {@code logicalType().sparkSqlType()}). */
  public String physicalType() {
    return physicalType;
  }

  /** True when the column may not be null. */
  public boolean required() {
    return required;
  }

  /** True when no two rows of a drop share a value. */
  public boolean unique() {
    return unique;
  }

  /** 1-based position in the primary key, if the column belongs to it. */
  public OptionalInt primaryKeyPosition() {
    return primaryKeyPosition;
  }

  /** True when the column is (part of) the primary key. */
  public boolean isPrimaryKey() {
    return primaryKeyPosition.isPresent();
  }

  /** {@link #PSEUDONYMOUS}, {@link #RESTRICTED} or {@link #PUBLIC}. */
  public String classification() {
    return classification;
  }

  /** The allowed values, in contract order; empty when any value of the type is allowed. */
  public List<String> validValues() {
    return validValues;
  }

  /**
   * The regular expression (ECMA-262 subset that Java and Spark read the same way) values match.
   */
  public Optional<String> pattern() {
    return pattern;
  }

  /** {@code logicalTypeOptions.format}, e.g. {@code yyyy-MM-dd} or {@code i32}. */
  public Optional<String> format() {
    return format;
  }

  /** Smallest allowed value (inclusive). */
  public OptionalDouble minimum() {
    return minimum;
  }

  /** Largest allowed value (inclusive). */
  public OptionalDouble maximum() {
    return maximum;
  }

  /** Values must be strictly greater than this. */
  public OptionalDouble exclusiveMinimum() {
    return exclusiveMinimum;
  }

  /** Values must be strictly less than this. */
  public OptionalDouble exclusiveMaximum() {
    return exclusiveMaximum;
  }

  /**
   * The id under which the ingest job quarantines a value that is not written as its {@link
   * #logicalType()} ({@link LogicalType#csvPattern()}) or cannot be cast: {@code
   * <extract>_<column>_type}, e.g. {@code admissions_admission_date_type}. No contract rule uses
   * this id.
   */
  public String typeRuleId() {
    return extract.folderName() + "_" + name + "_type";
  }

  @Override
  public String toString() {
    return name + " " + logicalType.odcsName() + (required ? " required" : "");
  }
}
