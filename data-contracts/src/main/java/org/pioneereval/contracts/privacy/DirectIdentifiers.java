package org.pioneereval.contracts.privacy;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detectors of direct patient identifiers, for the ingest job's privacy gate: no extract may ever
 * carry an NHS number, a name, a full postcode or a full date of birth (see {@code
 * docs/EXTRACTS.md}). Pure functions, no I/O; all of them accept {@code null} (and answer false).
 *
 * <p>How the gate uses them: a column whose <em>name</em> {@linkplain #columnNameSuggestsIdentifier
 * suggests an identifier} rejects the drop; a <em>value</em> that is a {@linkplain
 * #isValidNhsNumber valid NHS number} or a {@linkplain #isFullUkPostcode full postcode} in any
 * column, or {@linkplain #looksLikeFullDate a full date} in a column the contract does not type as
 * a date, rejects it too.
 */
public final class DirectIdentifiers {

  private static final Pattern NHS_NUMBER = Pattern.compile("(\\d{3})[ -]?(\\d{3})[ -]?(\\d{4})");
  private static final Pattern NHS_NUMBER_IN_TEXT =
      Pattern.compile("(?<![0-9])(\\d{3})[ -]?(\\d{3})[ -]?(\\d{4})(?![0-9])");

  /**
   * A full UK postcode: outward code (area, district, optional sub-district letter), optional
   * space, inward code (sector digit and unit letters), with the letters Royal Mail allows in each
   * position; plus the special GIR 0AA.
   */
  private static final String POSTCODE =
      "(?:GIR ?0AA|[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]|[A-HK-Y][0-9][0-9ABEHMNPRV-Y]|[0-9][A-HJKPS-UW])"
          + " ?[0-9][ABD-HJLNP-UW-Z]{2})";

  private static final Pattern FULL_POSTCODE = Pattern.compile(POSTCODE, Pattern.CASE_INSENSITIVE);
  private static final Pattern FULL_POSTCODE_IN_TEXT =
      Pattern.compile("(?<![A-Za-z0-9])" + POSTCODE + "(?![A-Za-z0-9])", Pattern.CASE_INSENSITIVE);

  /** Normalised column names (lower case, separators removed) that hold a full date of birth. */
  private static final Set<String> DATE_OF_BIRTH_NAMES =
      Set.of("dob", "dateofbirth", "birthdate", "birthdt", "dobfull", "fulldob", "patientdob");

  /** Normalised fragments that make any column name an identifier. */
  private static final List<String> IDENTIFYING_FRAGMENTS =
      List.of(
          "nhsnumber",
          "nhsno",
          "nhsnum",
          "chinumber",
          "patientname",
          "forename",
          "firstname",
          "givenname",
          "surname",
          "lastname",
          "familyname",
          "middlename",
          "fullname",
          "maidenname",
          "postcode",
          "postalcode",
          "zipcode",
          "dateofbirth",
          "birthdate",
          "address",
          "telephone",
          "phone",
          "mobile",
          "email",
          "ninumber",
          "nationalinsurance",
          "hospitalnumber",
          "casenotenumber",
          "medicalrecordnumber");

  /** Words that identify only as a whole column name or as one underscore-separated part. */
  private static final Set<String> IDENTIFYING_WORDS =
      Set.of("dob", "nhs", "nino", "mrn", "tel", "zip", "addr", "name", "initials");

  /** Parts of a column name that make it a coarsened, non-identifying location. */
  private static final List<String> COARSE_LOCATION =
      List.of("district", "sector", "area", "outward", "prefix", "lsoa", "msoa");

  private static final Pattern FULL_DATE_ISO =
      Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ][0-9:.]+(?:Z|[+-][0-9:]+)?)?");
  private static final Pattern FULL_DATE_COMPACT = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})");
  private static final Pattern FULL_DATE_DAY_FIRST =
      Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4}|\\d{2})(?: [0-9:.]+)?");
  private static final Pattern FULL_DATE_MONTH_NAME =
      Pattern.compile("(\\d{1,2})[ -]([A-Za-z]{3,9})[ ,-]+(\\d{4}|\\d{2})");
  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

  private DirectIdentifiers() {}

  /**
   * True when {@code value} is a valid NHS number: ten digits, optionally grouped 3-3-4 by single
   * spaces or hyphens ("943 476 5919", "943-476-5919"), whose tenth digit is the Modulus 11 check
   * digit of the first nine (weights 10 down to 2; 11 - (sum mod 11), 11 meaning 0; a result of 10
   * means the number is invalid).
   */
  public static boolean isValidNhsNumber(String value) {
    if (value == null) {
      return false;
    }
    Matcher m = NHS_NUMBER.matcher(value.strip());
    return m.matches() && checkDigitMatches(m.group(1) + m.group(2) + m.group(3));
  }

  /** True when {@code text} contains a valid NHS number anywhere (e.g. in a free-text field). */
  public static boolean containsValidNhsNumber(String text) {
    if (text == null) {
      return false;
    }
    Matcher m = NHS_NUMBER_IN_TEXT.matcher(text);
    while (m.find()) {
      if (checkDigitMatches(m.group(1) + m.group(2) + m.group(3))) {
        return true;
      }
    }
    return false;
  }

  private static boolean checkDigitMatches(String tenDigits) {
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (tenDigits.charAt(i) - '0') * (10 - i);
    }
    int check = 11 - (sum % 11);
    if (check == 11) {
      check = 0;
    }
    return check != 10 && check == tenDigits.charAt(9) - '0';
  }

  /**
   * True when {@code value} is a full UK postcode with its inward code, e.g. "SW1A 1AA", "M1 1AE",
   * "sw1a1aa" (case and the single space are free). A postcode district or sector alone ("SW1A",
   * "SW1A 1") is not full and not an identifier.
   */
  public static boolean isFullUkPostcode(String value) {
    return value != null && FULL_POSTCODE.matcher(value.strip()).matches();
  }

  /** True when {@code text} contains a full UK postcode anywhere (e.g. in an address line). */
  public static boolean containsFullUkPostcode(String text) {
    return text != null && FULL_POSTCODE_IN_TEXT.matcher(text).find();
  }

  /**
   * True when a column called {@code name} would hold a full date of birth: dob, date_of_birth,
   * DateOfBirth, birth_date, ... (case, '_', '-', '.' and spaces ignored). Year or month of birth
   * ({@code year_of_birth}) is coarse and not flagged.
   */
  public static boolean isFullDateOfBirthColumnName(String name) {
    if (name == null) {
      return false;
    }
    String normalised = normalise(name);
    return DATE_OF_BIRTH_NAMES.contains(normalised)
        || normalised.contains("dateofbirth")
        || normalised.contains("birthdate")
        || words(name).contains("dob");
  }

  /**
   * True when a column called {@code name} suggests a direct identifier: NHS number (nhs_number,
   * NHSNo, ...), a person's name (patient_name, forename, surname, ...), a postcode or address, a
   * full date of birth, a phone number or an e-mail address. Case, '_', '-', '.' and spaces are
   * ignored. Pseudonymous keys (patient_key, spell_key) and coarsened locations (postcode_district)
   * are not flagged.
   */
  public static boolean columnNameSuggestsIdentifier(String name) {
    if (name == null || name.isBlank()) {
      return false;
    }
    if (isFullDateOfBirthColumnName(name)) {
      return true;
    }
    String normalised = normalise(name);
    List<String> words = words(name);
    boolean coarseLocation = COARSE_LOCATION.stream().anyMatch(normalised::contains);
    for (String fragment : IDENTIFYING_FRAGMENTS) {
      if (normalised.contains(fragment)) {
        boolean location =
            fragment.equals("postcode")
                || fragment.equals("postalcode")
                || fragment.equals("zipcode");
        if (!(location && coarseLocation)) {
          return true;
        }
      }
    }
    if (IDENTIFYING_WORDS.contains(normalised)) {
      return true;
    }
    // "name" as a part identifies a person only next to a person word: patient_name, name_first.
    for (String word : words) {
      if (IDENTIFYING_WORDS.contains(word) && !word.equals("name")) {
        return true;
      }
    }
    return words.contains("name")
        && words.stream()
            .anyMatch(
                w ->
                    Set.of(
                            "patient", "person", "first", "last", "given", "family", "full",
                            "middle", "pt", "client", "user")
                        .contains(w));
  }

  /**
   * True when {@code value} is a full calendar date (day, month and year), whatever its format:
   * 1985-03-12, 1985-03-12T00:00:00, 19850312, 12/03/1985, 3/12/85, 12.03.1985, 12 Mar 1985,
   * 12-MAR-1985. Partial dates (1985, 1985-03, 03/1985) are not full dates. The date must exist.
   */
  public static boolean looksLikeFullDate(String value) {
    if (value == null) {
      return false;
    }
    String v = value.strip();
    Matcher m = FULL_DATE_ISO.matcher(v);
    if (m.matches()) {
      return exists(m.group(1), m.group(2), m.group(3));
    }
    m = FULL_DATE_COMPACT.matcher(v);
    if (m.matches()) {
      int year = Integer.parseInt(m.group(1));
      return year >= 1880 && year <= 2100 && exists(m.group(1), m.group(2), m.group(3));
    }
    m = FULL_DATE_DAY_FIRST.matcher(v);
    if (m.matches()) {
      String year = fullYear(m.group(3));
      return exists(year, m.group(2), m.group(1)) || exists(year, m.group(1), m.group(2));
    }
    m = FULL_DATE_MONTH_NAME.matcher(v);
    if (m.matches()) {
      String month = m.group(2).toLowerCase(Locale.ROOT);
      int index = MONTHS.indexOf(month.substring(0, 3));
      return index >= 0
          && (month.length() == 3 || monthName(index).startsWith(month))
          && exists(fullYear(m.group(3)), Integer.toString(index + 1), m.group(1));
    }
    return false;
  }

  private static String monthName(int index) {
    return java.time.Month.of(index + 1).name().toLowerCase(Locale.ROOT);
  }

  private static String fullYear(String year) {
    return year.length() == 2 ? "19" + year : year;
  }

  private static boolean exists(String year, String month, String day) {
    try {
      LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day));
      return true;
    } catch (DateTimeException | NumberFormatException e) {
      return false;
    }
  }

  private static String normalise(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  /** snake_case, kebab-case, dotted and camelCase parts, lower case. */
  private static List<String> words(String name) {
    String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
    return List.of(spaced.toLowerCase(Locale.ROOT).split("[^a-z0-9]+"));
  }
}
