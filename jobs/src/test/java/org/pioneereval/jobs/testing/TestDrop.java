package org.pioneereval.jobs.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Types;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.Extract;
import org.pioneereval.contracts.LogicalType;

/**
 * One hand-made drop in the layout of docs/EXTRACTS.md: {@code
 * drops/<extract>/<site>/<batch>/<extract>_<site>_<batch>.csv} and its {@code manifest.json}, whose
 * {@code sha256} and {@code rowCount} are computed from the file unless a test overrides them.
 *
 * <pre>{@code
 * TestDrop.of(Extract.ADMISSIONS, "P01", "2013-11").rows(spells).writeTo(dataRoot);
 * }</pre>
 *
 * The header defaults to the contract's columns in order; {@link #header}, {@link #line} and {@link
 * #editBytes} write the malformed files of the bad-input catalogue.
 */
public final class TestDrop {

  /** The contract version every drop declares unless changed. */
  public static final String CONTRACT_VERSION = "1.0.0";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Extract extract;
  private final String site;
  private final String batch;
  private List<String> header;
  private final List<String> lines = new ArrayList<>();
  private UnaryOperator<byte[]> byteEdit = UnaryOperator.identity();
  private Long declaredRowCount;
  private String declaredSha256;
  private boolean withManifest = true;
  private final List<ExtractRow> rowValues = new ArrayList<>();
  private boolean parquet;
  private boolean gzip;
  private final Map<String, PrimitiveType.PrimitiveTypeName> parquetTypes = new HashMap<>();

  private TestDrop(Extract extract, String site, String batch) {
    this.extract = extract;
    this.site = site;
    this.batch = batch;
    this.header = DataContract.load(extract).columnNames();
  }

  public static TestDrop of(Extract extract, String site, String batch) {
    return new TestDrop(extract, site, batch);
  }

  /** The site register's one drop: site folder ALL, batch register. */
  public static TestDrop siteRegister(List<ExtractRow> sites) {
    return of(Extract.SITE_REGISTER, "ALL", "register").rows(sites);
  }

  /** {@code extract/site/batch}, as the ingest log names the drop. */
  public String id() {
    return extract.folderName() + "/" + site + "/" + batch;
  }

  public Extract extract() {
    return extract;
  }

  public String site() {
    return site;
  }

  public String batch() {
    return batch;
  }

  /** Replaces the header line's columns (default: the contract's). */
  public TestDrop header(List<String> columns) {
    this.header = List.copyOf(columns);
    return this;
  }

  public List<String> header() {
    return header;
  }

  /** Appends a data row, its fields in header order (absent columns empty). */
  public TestDrop row(ExtractRow row) {
    List<String> fields = new ArrayList<>();
    for (String column : header) {
      String value = row.get(column);
      fields.add(value == null ? "" : value);
    }
    lines.add(String.join(",", fields));
    rowValues.add(row);
    return this;
  }

  public TestDrop rows(List<ExtractRow> rows) {
    rows.forEach(this::row);
    return this;
  }

  /** Appends a data line exactly as given (no quoting, no checks). */
  public TestDrop line(String rawLine) {
    lines.add(rawLine);
    rowValues.add(null);
    return this;
  }

  /**
   * Delivers the rows as a Parquet file ({@code <extract>_<site>_<batch>.parquet}, snappy) instead
   * of a CSV: the header's columns in its order, each typed as a sender's tool would write the
   * contract's logical type (text as BINARY (STRING), integer INT32, number DOUBLE, boolean
   * BOOLEAN, date INT32 (DATE)); columns the contract does not list are text.
   */
  public TestDrop asParquet() {
    this.parquet = true;
    return this;
  }

  /** Writes {@code column} of a Parquet drop with another physical type (BINARY = text). */
  public TestDrop parquetType(String column, PrimitiveType.PrimitiveTypeName type) {
    parquetTypes.put(column, type);
    return this;
  }

  public boolean isParquet() {
    return parquet;
  }

  /** Delivers the CSV gzip-compressed ({@code <extract>_<site>_<batch>.csv.gz}). */
  public TestDrop asGzipCsv() {
    this.gzip = true;
    return this;
  }

  /** Data lines written so far. */
  public int rowCount() {
    return lines.size();
  }

  /**
   * Changes the file's bytes after they are rendered (a BOM, a Latin-1 byte, a cut); the manifest
   * is computed from the edited bytes unless overridden.
   */
  public TestDrop editBytes(UnaryOperator<byte[]> edit) {
    this.byteEdit = edit;
    return this;
  }

  /** The manifest declares this many rows instead of the file's. */
  public TestDrop declaredRowCount(long rows) {
    this.declaredRowCount = rows;
    return this;
  }

  /** The manifest declares this checksum instead of the file's. */
  public TestDrop declaredSha256(String sha256) {
    this.declaredSha256 = sha256;
    return this;
  }

  /** The drop folder holds only the CSV. */
  public TestDrop withoutManifest() {
    this.withManifest = false;
    return this;
  }

  /** The file's text before byte edits: header line, data lines, each ending with a newline. */
  public String text() {
    StringBuilder text = new StringBuilder(String.join(",", header)).append('\n');
    for (String line : lines) {
      text.append(line).append('\n');
    }
    return text.toString();
  }

  /** The file's bytes as written. */
  public byte[] bytes() {
    byte[] rendered =
        parquet
            ? parquetBytes()
            : gzip
                ? gzip(text().getBytes(StandardCharsets.UTF_8))
                : text().getBytes(StandardCharsets.UTF_8);
    return byteEdit.apply(rendered);
  }

  public String fileName() {
    return extract.folderName()
        + "_"
        + site
        + "_"
        + batch
        + (parquet ? ".parquet" : gzip ? ".csv.gz" : ".csv");
  }

  private static byte[] gzip(byte[] content) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream zip = new java.util.zip.GZIPOutputStream(out)) {
      zip.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private byte[] parquetBytes() {
    DataContract contract = DataContract.load(extract);
    Types.MessageTypeBuilder builder = Types.buildMessage();
    for (String column : header) {
      PrimitiveType.PrimitiveTypeName type = parquetTypes.get(column);
      LogicalType logical =
          contract.hasColumn(column) ? contract.column(column).logicalType() : LogicalType.STRING;
      if (type == null) {
        type =
            switch (logical) {
              case STRING -> PrimitiveType.PrimitiveTypeName.BINARY;
              case INTEGER, DATE -> PrimitiveType.PrimitiveTypeName.INT32;
              case NUMBER -> PrimitiveType.PrimitiveTypeName.DOUBLE;
              case BOOLEAN -> PrimitiveType.PrimitiveTypeName.BOOLEAN;
            };
      }
      LogicalTypeAnnotation annotation =
          type != PrimitiveType.PrimitiveTypeName.BINARY
              ? (logical == LogicalType.DATE && type == PrimitiveType.PrimitiveTypeName.INT32
                  ? LogicalTypeAnnotation.dateType()
                  : null)
              : LogicalTypeAnnotation.stringType();
      builder.optional(type).as(annotation).named(column);
    }
    MessageType schema = builder.named(extract.folderName());
    try {
      Path file = Files.createTempFile("test-drop", ".parquet");
      Files.delete(file);
      try (ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(new LocalOutputFile(file))
              .withType(schema)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build()) {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        for (ExtractRow row : rowValues) {
          if (row == null) {
            throw new IllegalStateException("a raw CSV line cannot be written as Parquet");
          }
          Group group = groups.newGroup();
          for (int c = 0; c < header.size(); c++) {
            String value = row.get(header.get(c));
            if (value == null) {
              continue;
            }
            PrimitiveType field = schema.getType(c).asPrimitiveType();
            switch (field.getPrimitiveTypeName()) {
              case BINARY -> group.add(c, value);
              case INT32 ->
                  group.add(
                      c,
                      field.getLogicalTypeAnnotation() == null
                          ? Integer.parseInt(value)
                          : (int) LocalDate.parse(value).toEpochDay());
              case INT64 -> group.add(c, Long.parseLong(value));
              case DOUBLE -> group.add(c, Double.parseDouble(value));
              case BOOLEAN -> group.add(c, Boolean.parseBoolean(value));
              default -> throw new IllegalStateException("type " + field);
            }
          }
          writer.write(group);
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      Files.delete(file);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The drop folder under {@code dataRoot}. */
  public Path folder(Path dataRoot) {
    return dataRoot.resolve("drops").resolve(extract.folderName()).resolve(site).resolve(batch);
  }

  /** Writes the CSV and (unless left out) its manifest; returns the drop folder. */
  public Path writeTo(Path dataRoot) {
    Path folder = folder(dataRoot);
    byte[] content = bytes();
    try {
      Files.createDirectories(folder);
      Files.write(folder.resolve(fileName()), content);
      Path manifest = folder.resolve("manifest.json");
      if (withManifest) {
        Files.write(manifest, JSON.writeValueAsBytes(manifest(content)));
      } else {
        Files.deleteIfExists(manifest);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return folder;
  }

  private Map<String, Object> manifest(byte[] content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("extract", extract.folderName());
    m.put("contractVersion", CONTRACT_VERSION);
    m.put("site", site);
    m.put("batch", batch);
    String[] period = period();
    m.put("periodStart", period[0]);
    m.put("periodEnd", period[1]);
    m.put("file", fileName());
    long rows = parquet || gzip ? rowValues.size() : dataLines(content);
    m.put("rowCount", declaredRowCount != null ? declaredRowCount : rows);
    m.put("sha256", declaredSha256 != null ? declaredSha256 : sha256(content));
    return m;
  }

  private String[] period() {
    try {
      YearMonth month = YearMonth.parse(batch);
      YearMonth last = extract == Extract.POPULATION ? month.plusMonths(11) : month;
      return new String[] {month.atDay(1).toString(), last.atEndOfMonth().toString()};
    } catch (RuntimeException notAMonth) {
      return new String[] {"2013-04-01", "2014-03-31"};
    }
  }

  /** Non-empty lines after the header, as a sender counts them. */
  private static long dataLines(byte[] content) {
    String[] all = new String(content, StandardCharsets.ISO_8859_1).split("\n", -1);
    long rows = 0;
    for (int i = 1; i < all.length; i++) {
      if (!all[i].isEmpty()) {
        rows++;
      }
    }
    return rows;
  }

  /** Hex SHA-256 of some bytes, as a manifest carries it. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
