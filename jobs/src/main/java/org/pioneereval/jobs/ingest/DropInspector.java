package org.pioneereval.jobs.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.pioneereval.contracts.ContractColumn;
import org.pioneereval.contracts.DataContract;
import org.pioneereval.contracts.LogicalType;
import org.pioneereval.contracts.QualityRule;
import org.pioneereval.contracts.RuleType;
import org.pioneereval.contracts.Severity;
import org.pioneereval.contracts.privacy.DirectIdentifiers;

/**
 * File-level checks of a drop, run before anything is stored: manifest, checksum, encoding,
 * delimiter, header against the contract, row count and shape, and the privacy gate (no NHS number,
 * full postcode or date-of-birth column). One streaming pass over a CSV (plain or gzip); a Parquet
 * drop ({@link DropFormat}) is checked from its footer (columns, types, row count) and one pass
 * over its text and integer values ({@link ParquetDropFile}).
 *
 * <p>Thread-safe: the ingest job inspects many drops in parallel.
 */
public final class DropInspector {

  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final DataContract contract;
  private final List<String> expectedColumns;

  public DropInspector(DataContract contract) {
    this.contract = contract;
    this.expectedColumns = contract.columns().stream().map(ContractColumn::name).toList();
  }

  /** Runs every file-level check on one drop. Never throws for bad input: refusals are values. */
  public DropInspection inspect(Drop drop) {
    DropManifest manifest = drop.manifest();
    if (manifest == null) {
      return refuse(
          drop,
          RefusalReason.MANIFEST_MISSING,
          "has no readable "
              + DropManifest.FILE_NAME
              + " in "
              + drop.folder()
              + ". Ask the sender to re-deliver the drop with its manifest (extract, site, batch,"
              + " file, rowCount, sha256).",
          0,
          folderFingerprint(drop.folder()));
    }
    String missingField = manifest.missingField();
    if (missingField != null) {
      return refuse(
          drop,
          RefusalReason.MANIFEST_INVALID,
          "has a manifest without '" + missingField + "'. Ask the sender to add it and re-deliver.",
          0,
          folderFingerprint(drop.folder()));
    }
    if (!manifest.extract().equals(drop.extract().folderName())
        || !manifest.site().equals(drop.site())
        || !manifest.batch().equals(drop.batch())) {
      return refuse(
          drop,
          RefusalReason.MANIFEST_MISMATCH,
          "has a manifest for "
              + manifest.extract()
              + "/"
              + manifest.site()
              + "/"
              + manifest.batch()
              + " in the folder of "
              + drop.id()
              + ". Move the drop to drops/<extract>/<site>/<batch>/ matching its manifest.");
    }
    if (manifest.contractVersion() != null
        && !majorOf(manifest.contractVersion()).equals(majorOf(contract.version()))) {
      return refuse(
          drop,
          RefusalReason.CONTRACT_VERSION_UNSUPPORTED,
          "was written for contract version "
              + manifest.contractVersion()
              + " but this pipeline reads "
              + drop.extract().folderName()
              + " contract "
              + contract.version()
              + " (a different major version is not compatible). Ask the sender for an extract"
              + " under contract "
              + contract.version()
              + ".");
    }
    if (!Files.isRegularFile(drop.dataFile())) {
      return refuse(
          drop,
          RefusalReason.FILE_MISSING,
          "names file '"
              + manifest.file()
              + "' in its manifest, but it is not in "
              + drop.folder()
              + ". Re-deliver the drop with its data file.");
    }
    try {
      return DropFormat.of(drop.dataFile()) == DropFormat.PARQUET
          ? scanParquet(drop, manifest)
          : scan(drop, manifest);
    } catch (IOException e) {
      return refuse(
          drop,
          RefusalReason.TRUNCATED,
          "could not be read to the end ("
              + e.getClass().getSimpleName()
              + "); the file is probably truncated or corrupt. Re-deliver it.");
    }
  }

  private DropInspection scan(Drop drop, DropManifest manifest) throws IOException {
    MessageDigest sha = sha256();
    long bytes = Files.size(drop.dataFile());
    if (bytes == 0) {
      return refuse(
          drop,
          RefusalReason.EMPTY_FILE,
          "has an empty data file (0 bytes); even a batch with no rows must carry the header"
              + " line. Re-deliver it.");
    }
    byte[] content;
    try (InputStream raw = Files.newInputStream(drop.dataFile());
        DigestInputStream digest = new DigestInputStream(new BufferedInputStream(raw), sha)) {
      InputStream decoded =
          drop.dataFile().toString().endsWith(".gz") ? new GZIPInputStream(digest) : digest;
      content = decoded.readAllBytes();
      digest.readAllBytes();
    }
    String actualSha = HexFormat.of().formatHex(sha.digest());
    if (!actualSha.equalsIgnoreCase(manifest.sha256())) {
      return checksumMismatch(drop, actualSha);
    }
    if (startsWith(content, UTF8_BOM)) {
      return refuse(
          drop,
          RefusalReason.BYTE_ORDER_MARK,
          "starts with a UTF-8 byte-order mark. Save the file as UTF-8 without BOM (in Excel:"
              + " 'CSV UTF-8' is BOM-prefixed; use a plain CSV export) and re-deliver.",
          0,
          actualSha);
    }
    CharBuffer text;
    try {
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      text = decoder.decode(ByteBuffer.wrap(content));
    } catch (CharacterCodingException e) {
      return refuse(
          drop,
          RefusalReason.NOT_UTF8,
          "is not valid UTF-8 (at line "
              + lineOfFirstBadByte(content)
              + "). Export it as UTF-8 (not Windows-1252 or Latin-1) and re-deliver.",
          0,
          actualSha);
    }
    return checkContent(drop, manifest, text, actualSha);
  }

  /**
   * The checks of a Parquet drop: checksum over the file's bytes, a readable footer, the columns
   * against the contract (by name: Parquet columns are read by name, so their order does not
   * matter), each column's type able to hold its logical type, the privacy gate on column names and
   * values, and the footer's row count against the manifest.
   */
  private DropInspection scanParquet(Drop drop, DropManifest manifest) throws IOException {
    Path file = drop.dataFile();
    if (Files.size(file) == 0) {
      return refuse(
          drop,
          RefusalReason.EMPTY_FILE,
          "has an empty data file (0 bytes); even a batch with no rows must carry its Parquet"
              + " schema. Re-deliver it.");
    }
    String actualSha = sha256Of(file);
    if (actualSha == null) {
      throw new IOException("unreadable " + file.getFileName());
    }
    if (!actualSha.equalsIgnoreCase(manifest.sha256())) {
      return checksumMismatch(drop, actualSha);
    }
    ParquetDropFile parquet;
    try {
      parquet = ParquetDropFile.open(file);
    } catch (IOException | RuntimeException e) {
      return notReadableParquet(drop, actualSha);
    }
    List<String> columns = parquet.columns().stream().map(ParquetDropFile.Column::name).toList();
    DropInspection headerProblem = checkColumns(drop, columns, actualSha, false);
    if (headerProblem != null) {
      return headerProblem;
    }
    for (ParquetDropFile.Column column : parquet.columns()) {
      ContractColumn expected = contract.column(column.name());
      if (!column.canHold(expected.logicalType())) {
        return refuse(
            drop,
            RefusalReason.COLUMN_TYPE,
            "has column '"
                + column.name()
                + "' of Parquet type "
                + column.describe()
                + ", which cannot hold the contract's "
                + expected.logicalType().odcsName()
                + ". Write it as "
                + parquetTypeFor(expected.logicalType())
                + " (or as text written as in a CSV drop) and re-deliver.",
            0,
            actualSha);
      }
    }
    long[][] identifiers;
    try {
      identifiers = parquet.identifierCounts(file);
    } catch (IOException | RuntimeException e) {
      return notReadableParquet(drop, actualSha);
    }
    for (int c = 0; c < columns.size(); c++) {
      if (identifiers[c][0] > 0 || identifiers[c][1] > 0) {
        return identifierRefusal(
            drop, columns.get(c), identifiers[c][0], identifiers[c][1], parquet.rows(), actualSha);
      }
    }
    return checkRowCount(drop, manifest, parquet.rows(), true, actualSha);
  }

  private static String parquetTypeFor(LogicalType type) {
    return switch (type) {
      case STRING -> "BINARY (STRING)";
      case INTEGER -> "INT32";
      case NUMBER -> "DOUBLE";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "INT32 (DATE)";
    };
  }

  private static DropInspection notReadableParquet(Drop drop, String sha) {
    return refuse(
        drop,
        RefusalReason.TRUNCATED,
        "is not a readable Parquet file (its footer or a page is missing or damaged): the file"
            + " is probably truncated, or not Parquet despite its name. Re-deliver the complete"
            + " file.",
        0,
        sha);
  }

  private static DropInspection checksumMismatch(Drop drop, String actualSha) {
    return refuse(
        drop,
        RefusalReason.CHECKSUM_MISMATCH,
        "has a SHA-256 checksum that differs from its manifest: the file changed or was cut"
            + " short in transfer. Re-deliver the drop.",
        0,
        actualSha);
  }

  private static DropInspection identifierRefusal(
      Drop drop, String column, long nhsNumbers, long postcodes, long rows, String sha) {
    String what =
        nhsNumbers > 0
            ? nhsNumbers + " value(s) that are valid NHS numbers"
            : postcodes + " value(s) that are full UK postcodes";
    return refuse(
        drop,
        RefusalReason.DIRECT_IDENTIFIER,
        "was refused by the privacy gate: column '"
            + column
            + "' holds "
            + what
            + ". Nothing from this file was stored. Remove the identifiers at source"
            + " (pseudonymise or truncate to the postcode district) and re-deliver.",
        rows,
        sha);
  }

  private DropInspection checkContent(
      Drop drop, DropManifest manifest, CharBuffer text, String actualSha) {
    int length = text.length();
    int lineEnd = indexOf(text, 0, '\n');
    String header = stripCr(text.subSequence(0, lineEnd < 0 ? length : lineEnd).toString());
    List<String> columns = splitHeader(header);
    if (columns.size() == 1
        && (header.contains(";") || header.contains("\t") || header.contains("|"))) {
      return refuse(
          drop,
          RefusalReason.WRONG_DELIMITER,
          "uses '"
              + (header.contains(";") ? ";" : header.contains("\t") ? "\\t" : "|")
              + "' as its delimiter; extracts must be comma-separated. Re-export with commas.",
          0,
          actualSha);
    }
    DropInspection headerProblem = checkColumns(drop, columns, actualSha, true);
    if (headerProblem != null) {
      return headerProblem;
    }
    int expectedFields = columns.size();
    long rows = 0;
    int pos = lineEnd < 0 ? length : lineEnd + 1;
    long[] nhsNumbers = new long[expectedFields];
    long[] postcodes = new long[expectedFields];
    boolean lastLineTerminated = lineEnd >= 0;
    while (pos < length) {
      int end = indexOf(text, pos, '\n');
      lastLineTerminated = end >= 0;
      int stop = end < 0 ? length : end;
      if (stop > pos && text.charAt(stop - 1) == '\r') {
        stop--;
      }
      if (stop > pos) {
        rows++;
        int fields = scanFields(text, pos, stop, nhsNumbers, postcodes);
        if (fields != expectedFields) {
          boolean lastLine = end < 0 || end == length - 1;
          RefusalReason reason = lastLine ? RefusalReason.TRUNCATED : RefusalReason.MALFORMED_ROW;
          return refuse(
              drop,
              reason,
              "has "
                  + fields
                  + " fields instead of "
                  + expectedFields
                  + " on line "
                  + (rows + 1)
                  + (lastLine
                      ? ": the last line is cut short, the file is probably truncated."
                      : ": a delimiter inside an unquoted value or a broken line.")
                  + " Re-deliver the complete file.",
              rows,
              actualSha);
        }
      }
      pos = end < 0 ? length : end + 1;
    }
    for (int c = 0; c < expectedFields; c++) {
      if (nhsNumbers[c] > 0 || postcodes[c] > 0) {
        return identifierRefusal(
            drop, columns.get(c), nhsNumbers[c], postcodes[c], rows, actualSha);
      }
    }
    return checkRowCount(drop, manifest, rows, lastLineTerminated, actualSha);
  }

  /** The data rows against the manifest's rowCount and the contract's error rowCount rules. */
  private DropInspection checkRowCount(
      Drop drop, DropManifest manifest, long rows, boolean lastLineTerminated, String actualSha) {
    if (rows != manifest.rowCount()) {
      return refuse(
          drop,
          lastLineTerminated ? RefusalReason.ROW_COUNT_MISMATCH : RefusalReason.TRUNCATED,
          "has "
              + rows
              + " data rows but its manifest declares "
              + manifest.rowCount()
              + (lastLineTerminated
                  ? ". Re-deliver the file together with a manifest generated from it."
                  : "; the file does not end with a line break, so it is probably truncated."
                      + " Re-deliver the complete file."),
          rows,
          actualSha);
    }
    for (QualityRule rule : contract.rules()) {
      if (rule.type() == RuleType.ROW_COUNT
          && rule.severity() == Severity.ERROR
          && !rule.passes(rows)) {
        return refuse(
            drop,
            RefusalReason.ROW_COUNT_RULE,
            "has "
                + rows
                + " data rows, which breaks contract rule "
                + rule.id()
                + " ("
                + rule.description()
                + "). Re-deliver the complete batch.",
            rows,
            actualSha);
      }
    }
    return DropInspection.readable(drop, rows, actualSha);
  }

  /**
   * The file's column names against the contract: identifier-like names, missing and unexpected
   * columns, and (CSV, where fields are matched by position) their order.
   */
  private DropInspection checkColumns(
      Drop drop, List<String> columns, String sha, boolean orderMatters) {
    Set<String> present = new LinkedHashSet<>(columns);
    for (String column : columns) {
      if (!expectedColumns.contains(column)
          && DirectIdentifiers.columnNameSuggestsIdentifier(column)) {
        return refuse(
            drop,
            RefusalReason.DIRECT_IDENTIFIER,
            "was refused by the privacy gate: it has a column '"
                + column
                + "' that the "
                + drop.extract().folderName()
                + " contract does not list and whose name suggests a direct identifier."
                + " Nothing from this file was stored. Remove the column at source and re-deliver.",
            0,
            sha);
      }
    }
    List<String> missing = new ArrayList<>();
    for (String expected : expectedColumns) {
      if (!present.contains(expected)) {
        missing.add(expected);
      }
    }
    if (!missing.isEmpty()) {
      return refuse(
          drop,
          RefusalReason.MISSING_COLUMN,
          "lacks column(s) "
              + missing
              + " required by contract "
              + contract.id()
              + " "
              + contract.version()
              + ". Add them (empty values are allowed for optional columns) and re-deliver.",
          0,
          sha);
    }
    List<String> unexpected = columns.stream().filter(c -> !expectedColumns.contains(c)).toList();
    if (!unexpected.isEmpty()) {
      return refuse(
          drop,
          RefusalReason.UNEXPECTED_COLUMN,
          "has column(s) "
              + unexpected
              + " that contract "
              + contract.id()
              + " "
              + contract.version()
              + " does not list. Remove them, or propose a new contract version that adds them.",
          0,
          sha);
    }
    if (orderMatters && !columns.equals(expectedColumns)) {
      return refuse(
          drop,
          RefusalReason.HEADER_ORDER,
          "has the contract's columns in a different order. Write them in the order "
              + expectedColumns
              + ".",
          0,
          sha);
    }
    return null;
  }

  /**
   * Counts the fields of one line (quotes respected) and feeds each unquoted value to the privacy
   * detectors.
   */
  private static int scanFields(
      CharSequence text, int start, int stop, long[] nhsNumbers, long[] postcodes) {
    int field = 0;
    int fieldStart = start;
    boolean quoted = false;
    for (int i = start; i <= stop; i++) {
      char ch = i < stop ? text.charAt(i) : ',';
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        if (field < nhsNumbers.length && i - fieldStart >= 5) {
          String value = text.subSequence(fieldStart, i).toString().replace("\"", "");
          if (DirectIdentifiers.isValidNhsNumber(value)) {
            nhsNumbers[field]++;
          } else if (DirectIdentifiers.isFullUkPostcode(value)) {
            postcodes[field]++;
          }
        }
        field++;
        fieldStart = i + 1;
      }
    }
    return field;
  }

  private static List<String> splitHeader(String header) {
    List<String> names = new ArrayList<>();
    for (String name : header.split(",", -1)) {
      String trimmed = name.trim();
      if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
        trimmed = trimmed.substring(1, trimmed.length() - 1);
      }
      names.add(trimmed);
    }
    return names;
  }

  private static int indexOf(CharSequence text, int from, char ch) {
    for (int i = from; i < text.length(); i++) {
      if (text.charAt(i) == ch) {
        return i;
      }
    }
    return -1;
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static boolean startsWith(byte[] content, byte[] prefix) {
    if (content.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (content[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static long lineOfFirstBadByte(byte[] content) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
    long line = 1;
    int lineStart = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        try {
          decoder.decode(ByteBuffer.wrap(content, lineStart, i - lineStart));
        } catch (CharacterCodingException e) {
          return line;
        }
        line++;
        lineStart = i + 1;
      }
    }
    return line;
  }

  private static String majorOf(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  /**
   * SHA-256 over the names and checksums of the files in a drop folder: what the ingest log keeps
   * of a drop refused for its manifest, so the same folder is not refused (and logged) again on
   * every run, while any change to it (a manifest added, a file replaced) is inspected afresh.
   */
  static String folderFingerprint(Path folder) {
    MessageDigest sha = sha256();
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        String line = file.getFileName() + "\u0000" + sha256Of(file) + "\n";
        sha.update(line.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return null;
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** SHA-256 of a file's bytes, or null when it cannot be read. */
  static String sha256Of(Path file) {
    MessageDigest sha = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    } catch (IOException e) {
      return null;
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static DropInspection refuse(Drop drop, RefusalReason reason, String detail) {
    return refuse(drop, reason, detail, 0, null);
  }

  private static DropInspection refuse(
      Drop drop, RefusalReason reason, String detail, long rows, String sha) {
    return DropInspection.refused(drop, reason, "Drop " + drop.id() + " " + detail, rows, sha);
  }
}
