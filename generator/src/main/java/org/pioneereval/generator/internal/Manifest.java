package org.pioneereval.generator.internal;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The manifest.json of one drop, field for field as in docs/EXTRACTS.md. */
@JsonPropertyOrder({
  "extract",
  "contractVersion",
  "site",
  "batch",
  "periodStart",
  "periodEnd",
  "file",
  "rowCount",
  "sha256"
})
public record Manifest(
    String extract,
    String contractVersion,
    String site,
    String batch,
    String periodStart,
    String periodEnd,
    String file,
    long rowCount,
    String sha256) {}
