package org.pioneereval.estimators.matching;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated matched cohort of {@code reference/matched_cohort} (written by
 * matched_cohort_did.R) and the R results for it.
 */
final class MatchedCohortReference {
  static final String DIR = "/reference/matched_cohort/";

  /** One patient row. */
  record Patient(
      int patient,
      int cluster,
      boolean treated,
      double weight,
      double emergencyPre,
      double emergencyPost,
      double costPre,
      double costPost) {
    double pre(String outcome) {
      return outcome.equals("emergency") ? emergencyPre : costPre;
    }

    double post(String outcome) {
      return outcome.equals("emergency") ? emergencyPost : costPost;
    }
  }

  private MatchedCohortReference() {}

  static List<Patient> patients() {
    List<Patient> out = new ArrayList<>();
    List<String[]> rows = read("patients.csv");
    Map<String, Integer> h = header(rows.get(0));
    for (String[] r : rows.subList(1, rows.size())) {
      out.add(
          new Patient(
              Integer.parseInt(r[h.get("patient")]),
              Integer.parseInt(r[h.get("cluster")]),
              r[h.get("treated")].equals("1"),
              Double.parseDouble(r[h.get("weight")]),
              Double.parseDouble(r[h.get("emergency_pre")]),
              Double.parseDouble(r[h.get("emergency_post")]),
              Double.parseDouble(r[h.get("cost_pre")]),
              Double.parseDouble(r[h.get("cost_post")])));
    }
    return out;
  }

  /** Expected values keyed by "outcome/estimator/quantity". */
  static Map<String, Double> expected() {
    Map<String, Double> out = new LinkedHashMap<>();
    List<String[]> rows = read("expected.csv");
    Map<String, Integer> h = header(rows.get(0));
    for (String[] r : rows.subList(1, rows.size())) {
      String key = r[h.get("outcome")] + "/" + r[h.get("estimator")] + "/" + r[h.get("quantity")];
      out.put(key, Double.parseDouble(r[h.get("value")]));
    }
    return out;
  }

  /** One cell per (cluster, group), each patient added once. */
  static List<CohortCell> cells(List<Patient> patients, String outcome) {
    Map<String, CohortCellSums> sums = new LinkedHashMap<>();
    for (Patient p : patients) {
      String key = (p.treated() ? "T" : "C") + p.cluster();
      sums.computeIfAbsent(key, k -> CohortCellSums.empty())
          .add(p.weight(), p.pre(outcome), p.post(outcome));
    }
    List<CohortCell> cells = new ArrayList<>();
    sums.forEach(
        (key, s) -> {
          String cluster = "site-" + key.substring(1);
          cells.add(
              key.charAt(0) == 'T'
                  ? CohortCell.treated(cluster, s)
                  : CohortCell.control(cluster, s));
        });
    return cells;
  }

  private static Map<String, Integer> header(String[] names) {
    Map<String, Integer> h = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      h.put(names[i], i);
    }
    return h;
  }

  private static List<String[]> read(String file) {
    InputStream in = MatchedCohortReference.class.getResourceAsStream(DIR + file);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + DIR + file);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String[]> rows = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty()) {
          rows.add(line.split(",", -1));
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
