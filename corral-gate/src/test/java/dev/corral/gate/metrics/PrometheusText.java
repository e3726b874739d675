package dev.corral.gate.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4) and of OpenMetrics 1.0 text, for tests: it
 * scans characters instead of matching patterns, and fails on anything the formats do not allow — a malformed
 * name, label or value, a sample before its family's {@code # TYPE}, a family split in two, a histogram whose
 * buckets are not cumulative or lack {@code +Inf} equal to {@code _count}, and, for OpenMetrics, a missing final
 * {@code # EOF}.
 */
public final class PrometheusText {
  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its type and samples, in order. */
  public record Family(String name, String type, List<Sample> samples) {}

  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
  private static final Set<String> OPEN_METRICS_TYPES =
      Set.of("counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown");

  private final boolean openMetrics;
  private final Map<String, Family> families = new LinkedHashMap<>();
  private String text;
  private int pos;
  private int line = 1;
  private Family current;

  private PrometheusText(boolean openMetrics) {
    this.openMetrics = openMetrics;
  }

  /** Parses Prometheus text 0.0.4. */
  public static Map<String, Family> parse(String text) {
    return new PrometheusText(false).run(text);
  }

  /** Parses OpenMetrics 1.0 text. */
  public static Map<String, Family> parseOpenMetrics(String text) {
    return new PrometheusText(true).run(text);
  }

  private Map<String, Family> run(String input) {
    text = input;
    boolean eof = false;
    while (pos < text.length()) {
      if (eof) {
        throw fail("text after # EOF");
      }
      if (peek() == '#') {
        eof = comment();
      } else if (!openMetrics && peek() == '\n') {
        pos++;
        line++;
      } else {
        sample();
      }
    }
    if (openMetrics && !eof) {
      throw fail("OpenMetrics text must end with # EOF");
    }
    families.values().forEach(this::checkHistogram);
    return families;
  }

  /** Reads a comment line; true for OpenMetrics' {@code # EOF}. */
  private boolean comment() {
    expect('#');
    if (openMetrics && text.startsWith(" EOF", pos)
        && (pos + 4 == text.length() || text.charAt(pos + 4) == '\n')) {
      pos = Math.min(text.length(), pos + 5);
      return true;
    }
    if (peek() != ' ') {
      if (openMetrics) {
        throw fail("a comment must be # HELP, # TYPE, # UNIT or # EOF");
      }
      restOfLine();
      return false;
    }
    pos++;
    String keyword = word();
    switch (keyword) {
      case "HELP" -> {
        expect(' ');
        String name = metricName();
        familyFor(name, false);
        if (peek() == ' ') {
          pos++;
          escaped('\n');
        }
        endOfLine();
      }
      case "TYPE" -> {
        expect(' ');
        String name = metricName();
        expect(' ');
        String type = word();
        if (!(openMetrics ? OPEN_METRICS_TYPES : TYPES).contains(type)) {
          throw fail("unknown type \"" + type + "\"");
        }
        Family f = familyFor(name, false);
        if (f.type() != null) {
          throw fail("a second # TYPE for " + name);
        }
        if (!f.samples().isEmpty()) {
          throw fail("# TYPE after samples of " + name);
        }
        Family typed = new Family(name, type, f.samples());
        families.put(name, typed);
        current = typed;
        endOfLine();
      }
      case "UNIT" -> {
        if (!openMetrics) {
          restOfLine();
          return false;
        }
        expect(' ');
        familyFor(metricName(), false);
        if (peek() == ' ') {
          pos++;
          restOfLine();
        } else {
          endOfLine();
        }
      }
      default -> {
        if (openMetrics) {
          throw fail("unknown comment keyword \"" + keyword + "\"");
        }
        restOfLine();
      }
    }
    return false;
  }

  private void sample() {
    String name = metricName();
    Map<String, String> labels = new LinkedHashMap<>();
    if (peek() == '{') {
      pos++;
      while (peek() != '}') {
        String label = labelName();
        expect('=');
        expect('"');
        String value = escaped('"');
        expect('"');
        if (labels.put(label, value) != null) {
          throw fail("label " + label + " twice");
        }
        if (peek() == ',') {
          pos++;
        } else if (peek() != '}') {
          throw fail("expected , or } in the labels");
        }
      }
      pos++;
    }
    expect(' ');
    double value = number(word());
    if (peek() == ' ') {
      pos++;
      number(word()); // a timestamp
    }
    endOfLine();
    Family family = familyOfSample(name);
    family.samples().add(new Sample(name, labels, value));
  }

  /** The family a sample belongs to: its own name, or its name less a histogram/summary/counter suffix. */
  private Family familyOfSample(String name) {
    if (current != null && belongs(current, name)) {
      return current;
    }
    for (Family f : families.values()) {
      if (belongs(f, name)) {
        throw fail("samples of " + f.name() + " are not together");
      }
    }
    if (openMetrics) {
      throw fail("sample " + name + " has no # TYPE before it");
    }
    current = familyFor(name, true);
    return current;
  }

  private boolean belongs(Family f, String name) {
    String type = f.type() == null ? "" : f.type();
    if (name.equals(f.name())) {
      // A histogram has only suffixed samples; so has an OpenMetrics counter (_total).
      return !type.equals("histogram") && !type.equals("gaugehistogram") && !(openMetrics && type.equals("counter"));
    }
    List<String> suffixes = switch (type) {
      case "histogram", "gaugehistogram" -> List.of("_bucket", "_sum", "_count", "_created", "_gsum", "_gcount");
      case "summary" -> List.of("_sum", "_count", "_created");
      case "counter" -> List.of("_total", "_created");
      case "info" -> List.of("_info");
      default -> List.of();
    };
    for (String s : suffixes) {
      if (name.equals(f.name() + s)) {
        return true;
      }
    }
    return false;
  }

  private Family familyFor(String name, boolean untyped) {
    Family f = families.get(name);
    if (f == null) {
      f = new Family(name, untyped ? "untyped" : null, new ArrayList<>());
      families.put(name, f);
    }
    return f;
  }

  private void checkHistogram(Family f) {
    if (!"histogram".equals(f.type())) {
      return;
    }
    Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
    Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      if (s.name().endsWith("_bucket")) {
        Map<String, String> rest = new LinkedHashMap<>(s.labels());
        if (rest.remove("le") == null) {
          throw new IllegalArgumentException(f.name() + ": a bucket without le");
        }
        buckets.computeIfAbsent(rest, k -> new ArrayList<>()).add(s);
      } else if (s.name().endsWith("_count")) {
        counts.put(s.labels(), s.value());
      }
    }
    buckets.forEach((labels, series) -> {
      double previousLe = Double.NEGATIVE_INFINITY;
      double previous = 0;
      for (Sample b : series) {
        double le = number(b.labels().get("le"));
        if (le <= previousLe || b.value() < previous) {
          throw new IllegalArgumentException(f.name() + labels + ": buckets not cumulative at le=" + le);
        }
        previousLe = le;
        previous = b.value();
      }
      if (previousLe != Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException(f.name() + labels + ": no +Inf bucket");
      }
      Double count = counts.get(labels);
      if (count == null || count != previous) {
        throw new IllegalArgumentException(f.name() + labels + ": +Inf bucket " + previous + " != _count " + count);
      }
    });
  }

  // ---- lexical pieces ----

  private String metricName() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      boolean ok = c == '_' || c == ':' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
          || pos > start && c >= '0' && c <= '9';
      if (!ok) {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw fail("expected a metric name");
    }
    return text.substring(start, pos);
  }

  private String labelName() {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      boolean ok = c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || pos > start && c >= '0' && c <= '9';
      if (!ok) {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw fail("expected a label name");
    }
    return text.substring(start, pos);
  }

  /** Text up to {@code end} (not consumed) with \\, \" and \n escapes. */
  private String escaped(char end) {
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw fail("unterminated text");
      }
      char c = text.charAt(pos);
      if (c == end) {
        return out.toString();
      }
      if (c == '\n') {
        throw fail("a line break inside a value");
      }
      if (c == '\\') {
        pos++;
        char e = peek();
        switch (e) {
          case '\\' -> out.append('\\');
          case 'n' -> out.append('\n');
          case '"' -> out.append('"');
          default -> throw fail("bad escape \\" + e);
        }
      } else {
        out.append(c);
      }
      pos++;
    }
  }

  private String word() {
    int start = pos;
    while (pos < text.length() && text.charAt(pos) != ' ' && text.charAt(pos) != '\n') {
      pos++;
    }
    if (pos == start) {
      throw fail("expected a word");
    }
    return text.substring(start, pos);
  }

  private double number(String word) {
    switch (word) {
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN" -> {
        return Double.NaN;
      }
      default -> {
        for (int i = 0; i < word.length(); i++) {
          char c = word.charAt(i);
          if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
            throw fail("not a number: \"" + word + "\"");
          }
        }
        try {
          return Double.parseDouble(word);
        } catch (NumberFormatException e) {
          throw fail("not a number: \"" + word + "\"");
        }
      }
    }
  }

  private void restOfLine() {
    while (pos < text.length() && text.charAt(pos) != '\n') {
      pos++;
    }
    endOfLine();
  }

  private void endOfLine() {
    if (pos >= text.length() || text.charAt(pos) != '\n') {
      throw fail("expected the end of the line");
    }
    pos++;
    line++;
  }

  private char peek() {
    if (pos >= text.length()) {
      throw fail("unexpected end of text");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw fail("expected '" + c + "', got '" + peek() + "'");
    }
    pos++;
  }

  private IllegalArgumentException fail(String message) {
    int from = text.lastIndexOf('\n', Math.max(0, pos - 1)) + 1;
    int to = text.indexOf('\n', pos);
    return new IllegalArgumentException("line " + line + ": " + message + ": \""
        + text.substring(from, to < 0 ? text.length() : to) + "\"");
  }
}
