package org.pioneereval.jobs.ingest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.pioneereval.contracts.LogicalType;
import org.pioneereval.contracts.privacy.DirectIdentifiers;

/**
 * What the file-level checks need from a Parquet drop, read without Spark from the file's footer
 * and one pass over its values: the columns (name and Parquet type), the row count the footer
 * declares, and per column the number of values that are valid NHS numbers or full UK postcodes
 * (the privacy gate). Text and integer columns are scanned: a 10-digit integer can be an NHS
 * number.
 */
final class ParquetDropFile {

  /** One top-level column of the file. */
  record Column(String name, Type type) {

    /** The Parquet type as a reader sees it, e.g. {@code INT32 (DATE)}, {@code BINARY (STRING)}. */
    String describe() {
      if (!type.isPrimitive()) {
        return "a nested group";
      }
      PrimitiveType primitive = type.asPrimitiveType();
      LogicalTypeAnnotation annotation = primitive.getLogicalTypeAnnotation();
      String repeated = type.isRepetition(Type.Repetition.REPEATED) ? "repeated " : "";
      return repeated
          + primitive.getPrimitiveTypeName()
          + (annotation == null ? "" : " (" + annotation + ")");
    }

    /**
     * True when the ingest job can read this column as a value of {@code logicalType}: as text
     * (then the CSV rules for how the value is written apply), or as the Parquet type of that
     * logical type (integers for integer, any number for number, DATE for date, BOOLEAN).
     */
    boolean canHold(LogicalType logicalType) {
      if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
        return false;
      }
      PrimitiveType primitive = type.asPrimitiveType();
      LogicalTypeAnnotation annotation = primitive.getLogicalTypeAnnotation();
      boolean decimal = annotation instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
      boolean text =
          primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
              && (annotation == null
                  || annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                  || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation);
      if (text) {
        return true;
      }
      return switch (logicalType) {
        case STRING -> false;
        case INTEGER -> isInteger(primitive, annotation);
        case NUMBER ->
            decimal
                || isInteger(primitive, annotation)
                || primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FLOAT
                || primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.DOUBLE;
        case DATE -> annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation;
        case BOOLEAN -> primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BOOLEAN;
      };
    }

    /** Text or plain integers: the values the privacy gate reads. */
    boolean scannedForIdentifiers() {
      if (!type.isPrimitive()) {
        return false;
      }
      PrimitiveType primitive = type.asPrimitiveType();
      LogicalTypeAnnotation annotation = primitive.getLogicalTypeAnnotation();
      return canHold(LogicalType.STRING) || isInteger(primitive, annotation);
    }

    private static boolean isInteger(PrimitiveType primitive, LogicalTypeAnnotation annotation) {
      PrimitiveType.PrimitiveTypeName name = primitive.getPrimitiveTypeName();
      return (name == PrimitiveType.PrimitiveTypeName.INT32
              || name == PrimitiveType.PrimitiveTypeName.INT64)
          && (annotation == null
              || annotation instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation);
    }
  }

  private final List<Column> columns;
  private final long rows;
  private final MessageType schema;

  private ParquetDropFile(List<Column> columns, long rows, MessageType schema) {
    this.columns = columns;
    this.rows = rows;
    this.schema = schema;
  }

  /**
   * Reads the footer of a Parquet file; an {@link IOException} or runtime exception means it is not
   * a complete Parquet file (truncated, or not Parquet at all).
   */
  static ParquetDropFile open(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<Column> columns = new ArrayList<>();
      for (Type field : schema.getFields()) {
        columns.add(new Column(field.getName(), field));
      }
      long rows = 0;
      for (BlockMetaData block : reader.getFooter().getBlocks()) {
        rows += block.getRowCount();
      }
      return new ParquetDropFile(List.copyOf(columns), rows, schema);
    }
  }

  List<Column> columns() {
    return columns;
  }

  /** Rows declared by the footer's row groups. */
  long rows() {
    return rows;
  }

  /** The file's columns and their types, in one string: drops with the same one read together. */
  String signature() {
    return schema.toString();
  }

  /**
   * Per column (in file order): {valid NHS numbers, full UK postcodes} among its values. Reads
   * every value of the text and integer columns once; throws when a page cannot be decoded.
   */
  long[][] identifierCounts(Path file) throws IOException {
    long[][] counts = new long[columns.size()][2];
    List<Integer> scanned = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      if (columns.get(c).scannedForIdentifiers()) {
        scanned.add(c);
      }
    }
    if (scanned.isEmpty()) {
      return counts;
    }
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
      for (PageReadStore pages = reader.readNextRowGroup();
          pages != null;
          pages = reader.readNextRowGroup()) {
        RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long r = 0; r < pages.getRowCount(); r++) {
          Group row = records.read();
          for (int c : scanned) {
            if (row.getFieldRepetitionCount(c) == 0) {
              continue;
            }
            String value = row.getValueToString(c, 0);
            if (value.length() < 5) {
              continue;
            }
            if (DirectIdentifiers.isValidNhsNumber(value)) {
              counts[c][0]++;
            } else if (DirectIdentifiers.isFullUkPostcode(value)) {
              counts[c][1]++;
            }
          }
        }
      }
    }
    return counts;
  }
}
