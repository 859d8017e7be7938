package org.pioneereval.generator.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.YearMonth;

/**
 * Pseudonymous keys: leading hex digits of SHA-256 over the seed, the site and a per-site ordinal.
 * Stable for a given seed (the same patient has the same key in every batch), unrelated across
 * seeds. One instance per thread: MessageDigest is not thread-safe.
 */
public final class PseudonymousKeys {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final MessageDigest sha256;
  private final long seed;
  private final StringBuilder input = new StringBuilder(64);

  public PseudonymousKeys(long seed) {
    this.seed = seed;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform must provide SHA-256", e);
    }
  }

  /** 16 hex digits identifying patient {@code index} of {@code site}'s cohort. */
  public String patientKey(String site, int index) {
    input.setLength(0);
    input.append("patient|").append(seed).append('|').append(site).append('|').append(index);
    return digestHex(16);
  }

  /** 20 hex digits identifying the {@code ordinal}-th spell of {@code site} in {@code month}. */
  public String spellKey(String site, YearMonth month, int ordinal) {
    input.setLength(0);
    input.append("spell|").append(seed).append('|').append(site).append('|');
    input.append(month).append('|').append(ordinal);
    return digestHex(20);
  }

  /** 16 hex digits identifying the {@code ordinal}-th response of {@code site} in a wave. */
  public String responseKey(String site, int wave, int ordinal) {
    input.setLength(0);
    input.append("response|").append(seed).append('|').append(site).append('|');
    input.append(wave).append('|').append(ordinal);
    return digestHex(16);
  }

  private String digestHex(int digits) {
    byte[] hash = sha256.digest(input.toString().getBytes(StandardCharsets.UTF_8));
    return hex(hash, digits);
  }

  /** The first {@code digits} lowercase hex digits of {@code bytes}. */
  public static String hex(byte[] bytes, int digits) {
    char[] out = new char[digits];
    for (int i = 0; i < digits; i++) {
      int b = bytes[i >> 1] & 0xff;
      out[i] = HEX[(i & 1) == 0 ? b >>> 4 : b & 0x0f];
    }
    return new String(out);
  }
}
