package dev.corral.gate.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Range: bytes=…} header of a request, read as nginx's range filter reads it (ngx_http_range_parse):
 * {@code start-end}, {@code start-} and {@code -suffix} parts separated by commas, spaces allowed around them;
 * parts that begin past the end are skipped. Stateless and thread-safe.
 */
public final class ByteRanges {
  /** One satisfiable range, {@code start} inclusive, {@code end} exclusive. */
  public record Range(long start, long end) {
    /** Its length in bytes. */
    public long length() {
      return end - start;
    }
  }

  /** What a Range header asks for a file of a given length. */
  public sealed interface Result {}

  /** Send the whole file with 200 (no usable header, too many ranges, or ranges that overlap to more bytes). */
  public record Whole() implements Result {}

  /** 416: the header is malformed or no range is satisfiable. */
  public record NotSatisfiable() implements Result {}

  /** 206 with these ranges, in the order asked. */
  public record Partial(List<Range> ranges) implements Result {
    public Partial {
      ranges = List.copyOf(ranges);
    }
  }

  private static final Whole WHOLE = new Whole();
  private static final NotSatisfiable NOT_SATISFIABLE = new NotSatisfiable();

  private ByteRanges() {}

  /** Whether {@code header} is a byte-range header at all (else it is ignored and the file sent whole). */
  public static boolean isByteRange(String header) {
    return header.length() >= 7 && header.substring(0, 6).toLowerCase(Locale.ROOT).equals("bytes=");
  }

  /**
   * Reads {@code header} (which {@link #isByteRange}) for a file of {@code length} bytes.
   *
   * @param maxRanges the most ranges allowed ({@code max_ranges}), -1 for no limit
   */
  public static Result parse(String header, long length, int maxRanges) {
    String p = header.substring(6);
    int i = 0;
    int n = p.length();
    long size = 0;
    int left = maxRanges < 0 ? Integer.MAX_VALUE : maxRanges;
    List<Range> ranges = new ArrayList<>();
    while (true) {
      long start = 0;
      long end = 0;
      boolean suffix = false;
      i = spaces(p, i);
      boolean openEnd = false;
      if (i < n && p.charAt(i) != '-') {
        if (!digit(p, i)) {
          return NOT_SATISFIABLE;
        }
        while (digit(p, i)) {
          if (start > (Long.MAX_VALUE - 9) / 10) {
            return NOT_SATISFIABLE;
          }
          start = start * 10 + (p.charAt(i++) - '0');
        }
        i = spaces(p, i);
        if (i >= n || p.charAt(i++) != '-') {
          return NOT_SATISFIABLE;
        }
        i = spaces(p, i);
        if (i >= n || p.charAt(i) == ',') {
          end = length;
          openEnd = true;
        }
      } else {
        suffix = true;
        i++;
      }
      if (!openEnd) {
        if (!digit(p, i)) {
          return NOT_SATISFIABLE;
        }
        while (digit(p, i)) {
          if (end > (Long.MAX_VALUE - 9) / 10) {
            return NOT_SATISFIABLE;
          }
          end = end * 10 + (p.charAt(i++) - '0');
        }
        i = spaces(p, i);
        if (i < n && p.charAt(i) != ',') {
          return NOT_SATISFIABLE;
        }
        if (suffix) {
          start = end < length ? length - end : 0;
          end = length - 1;
        }
        end = end >= length ? length : end + 1;
      }
      if (start < end) {
        ranges.add(new Range(start, end));
        size += end - start;
        if (left-- == 0) {
          return WHOLE;
        }
      } else if (start == 0) {
        return WHOLE;
      }
      if (i >= n || p.charAt(i++) != ',') {
        break;
      }
    }
    if (ranges.isEmpty()) {
      return NOT_SATISFIABLE;
    }
    if (size > length) {
      return WHOLE;
    }
    return new Partial(ranges);
  }

  private static int spaces(String p, int i) {
    while (i < p.length() && p.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static boolean digit(String p, int i) {
    return i < p.length() && p.charAt(i) >= '0' && p.charAt(i) <= '9';
  }
}
