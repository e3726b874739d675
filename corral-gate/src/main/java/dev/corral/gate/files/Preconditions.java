package dev.corral.gate.files;

import dev.corral.gate.config.FileSettings.IfModifiedSince;
import java.util.OptionalLong;

/**
 * nginx's not-modified filter for a file about to be sent with 200: {@code If-Unmodified-Since} and
 * {@code If-Match} first (412 when they fail), then {@code If-Modified-Since} and {@code If-None-Match} (304 when
 * every one given says the copy is current), and {@code If-Range} for the range filter. An unparsable date makes
 * its header count as absent; without an ETag ({@code etag off}) {@code If-Match} fails and {@code If-None-Match}
 * never matches, as in nginx. Stateless and thread-safe.
 */
public final class Preconditions {
  /** What to answer. */
  public enum Outcome {
    /** Send the file. */
    SEND,
    /** 304 Not Modified. */
    NOT_MODIFIED,
    /** 412 Precondition Failed. */
    PRECONDITION_FAILED
  }

  /** The request headers that matter, null when absent. */
  public record Headers(String ifUnmodifiedSince, String ifMatch, String ifModifiedSince, String ifNoneMatch) {}

  private Preconditions() {}

  /**
   * Evaluates the conditional headers against a file modified at {@code mtime} (epoch seconds).
   *
   * @param etag the response's ETag, null with {@code etag off}
   */
  public static Outcome evaluate(Headers h, long mtime, String etag, IfModifiedSince mode) {
    if (h.ifUnmodifiedSince() != null) {
      OptionalLong since = HttpDates.parse(h.ifUnmodifiedSince());
      if (since.isPresent() && since.getAsLong() < mtime) {
        return Outcome.PRECONDITION_FAILED;
      }
    }
    if (h.ifMatch() != null && !matches(h.ifMatch(), etag, false)) {
      return Outcome.PRECONDITION_FAILED;
    }
    if (h.ifModifiedSince() == null && h.ifNoneMatch() == null) {
      return Outcome.SEND;
    }
    if (h.ifModifiedSince() != null && modified(h.ifModifiedSince(), mtime, mode)) {
      return Outcome.SEND;
    }
    if (h.ifNoneMatch() != null && !matches(h.ifNoneMatch(), etag, true)) {
      return Outcome.SEND;
    }
    return Outcome.NOT_MODIFIED;
  }

  /**
   * Whether a range request with {@code If-Range: value} may get its ranges (else the whole file is sent):
   * an entity tag must equal {@code etag}, a date must equal {@code lastModified} (null when the response has
   * no such header).
   */
  public static boolean ifRangeHolds(String value, String lastModified, String etag) {
    if (value.length() >= 2 && value.charAt(value.length() - 1) == '"') {
      return etag != null && etag.equals(value);
    }
    if (lastModified == null) {
      return false;
    }
    OptionalLong date = HttpDates.parse(value);
    OptionalLong time = HttpDates.parse(lastModified);
    return date.isPresent() && time.isPresent() && date.getAsLong() == time.getAsLong();
  }

  private static boolean modified(String header, long mtime, IfModifiedSince mode) {
    if (mode == IfModifiedSince.OFF) {
      return true;
    }
    OptionalLong since = HttpDates.parse(header);
    if (since.isEmpty()) {
      return true;
    }
    if (since.getAsLong() == mtime) {
      return false;
    }
    return mode == IfModifiedSince.EXACT || since.getAsLong() < mtime;
  }

  /**
   * Whether {@code etag} is in the list {@code header} ({@code *} matches any); with {@code weak}, a {@code W/}
   * before a listed tag is ignored (If-None-Match's weak comparison).
   */
  static boolean matches(String header, String etag, boolean weak) {
    if (etag == null) {
      return false;
    }
    if (header.trim().equals("*")) {
      return true;
    }
    String tag = etag;
    if (weak && tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    int i = 0;
    int n = header.length();
    while (i < n) {
      if (weak && n - i > 2 && header.charAt(i) == 'W' && header.charAt(i + 1) == '/') {
        i += 2;
      }
      if (header.startsWith(tag, i)) {
        int j = i + tag.length();
        while (j < n && (header.charAt(j) == ' ' || header.charAt(j) == '\t')) {
          j++;
        }
        if (j == n || header.charAt(j) == ',') {
          return true;
        }
      }
      while (i < n && header.charAt(i) != ',') {
        i++;
      }
      while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t' || header.charAt(i) == ',')) {
        i++;
      }
    }
    return false;
  }
}
