package dev.corral.pm.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4) and of OpenMetrics text (1.0): the dashboard
 * reads a gate's {@code /metrics} with it, and the tests read ours. It
 * walks each line character by character and refuses what a Prometheus server would refuse — a bad metric or label
 * name, an unterminated or badly escaped label value, a value that is not a float, a TYPE after its samples or
 * twice, a family's samples not together, a histogram whose buckets are not cumulative or lack {@code +Inf}, and,
 * in OpenMetrics, a missing {@code # EOF} or anything after it.
 */
public final class PrometheusText {
  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  /** A metric family: its samples in the order written. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  /** The text is not a valid exposition; the message names the line. */
  public static final class ParseException extends RuntimeException {
    ParseException(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  private static final List<String> SUFFIXES = List.of("_total", "_created", "_bucket", "_count", "_sum", "_info",
      "_gcount", "_gsum");

  private final boolean openMetrics;
  private final Map<String, Family> families = new LinkedHashMap<>();
  private String currentFamily;
  private int lineNo;

  private PrometheusText(boolean openMetrics) {
    this.openMetrics = openMetrics;
  }

  /**
   * The families of {@code text}, by name, in the order written.
   *
   * @param openMetrics read it as OpenMetrics (ends with {@code # EOF}) rather than the Prometheus text format
   * @throws ParseException at the first line a Prometheus server would refuse
   */
  public static Map<String, Family> parse(String text, boolean openMetrics) {
    PrometheusText p = new PrometheusText(openMetrics);
    p.run(text);
    p.families.values().forEach(p::checkHistogram);
    return p.families;
  }

  private void run(String text) {
    if (!text.endsWith("\n")) {
      throw new ParseException(0, "the exposition does not end with a newline");
    }
    String[] lines = text.split("\n", -1);
    boolean eof = false;
    for (int i = 0; i < lines.length - 1; i++) {
      lineNo = i + 1;
      String line = lines[i];
      if (eof) {
        throw new ParseException(lineNo, "text after # EOF");
      }
      if (line.isEmpty()) {
        if (openMetrics) {
          throw new ParseException(lineNo, "blank line (not allowed in OpenMetrics)");
        }
        continue;
      }
      if (line.equals("# EOF")) {
        if (!openMetrics) {
          throw new ParseException(lineNo, "# EOF in the Prometheus text format");
        }
        eof = true;
      } else if (line.startsWith("# HELP ") || line.startsWith("# TYPE ") || line.startsWith("# UNIT ")) {
        descriptor(line);
      } else if (line.startsWith("#")) {
        if (openMetrics) {
          throw new ParseException(lineNo, "comment line (OpenMetrics allows only HELP, TYPE, UNIT and EOF)");
        }
      } else {
        sample(line);
      }
    }
    if (openMetrics && !eof) {
      throw new ParseException(lineNo, "no # EOF at the end");
    }
  }

  private void descriptor(String line) {
    String kind = line.substring(2, 6);
    String rest = line.substring(7);
    int space = rest.indexOf(' ');
    String name = space < 0 ? rest : rest.substring(0, space);
    String value = space < 0 ? "" : rest.substring(space + 1);
    checkMetricName(name);
    Family f = families.get(name);
    if (f != null && !name.equals(currentFamily)) {
      throw new ParseException(lineNo, "# " + kind + " of " + name + " apart from its family");
    }
    if (f == null) {
      f = new Family(name, "untyped", "", new ArrayList<>());
    }
    if (kind.equals("TYPE")) {
      if (!f.type().equals("untyped") || !f.samples().isEmpty()) {
        throw new ParseException(lineNo, "# TYPE of " + name + " again or after its samples");
      }
      if (!List.of("counter", "gauge", "histogram", "summary", "untyped", "unknown", "info", "stateset",
          "gaugehistogram").contains(value)) {
        throw new ParseException(lineNo, "type " + value + " unknown");
      }
      f = new Family(name, value, f.help(), f.samples());
    } else if (kind.equals("HELP")) {
      f = new Family(name, f.type(), value, f.samples());
    }
    families.put(name, f);
    currentFamily = name;
  }

  private void sample(String line) {
    int i = 0;
    while (i < line.length() && nameChar(line.charAt(i), i == 0, true)) {
      i++;
    }
    String name = line.substring(0, i);
    checkMetricName(name);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new ParseException(lineNo, "expected a space before the value in: " + line);
    }
    String[] rest = line.substring(i + 1).split(" ", -1);
    if (rest.length > 2 || rest[0].isEmpty()) {
      throw new ParseException(lineNo, "expected a value and at most a timestamp in: " + line);
    }
    double value = number(rest[0]);
    if (rest.length == 2) {
      number(rest[1]);
    }
    String family = familyOf(name);
    if (currentFamily != null && !family.equals(currentFamily) && families.containsKey(family)
        && !families.get(family).samples().isEmpty()) {
      throw new ParseException(lineNo, "sample of " + family + " apart from its family");
    }
    Family f = families.computeIfAbsent(family, n -> new Family(n, "untyped", "", new ArrayList<>()));
    if (openMetrics && f.type().equals("counter") && !name.equals(family + "_total")
        && !name.equals(family + "_created")) {
      throw new ParseException(lineNo, "OpenMetrics counter sample " + name + " (expected: " + family + "_total)");
    }
    f.samples().add(new Sample(name, labels, value));
    currentFamily = family;
  }

  private int labels(String line, int i, Map<String, String> labels) {
    while (true) {
      if (i < line.length() && line.charAt(i) == '}') {
        return i + 1;
      }
      int start = i;
      while (i < line.length() && nameChar(line.charAt(i), i == start, false)) {
        i++;
      }
      String label = line.substring(start, i);
      if (label.isEmpty()) {
        throw new ParseException(lineNo, "empty label name in: " + line);
      }
      if (i + 1 >= line.length() || line.charAt(i) != '=' || line.charAt(i + 1) != '"') {
        throw new ParseException(lineNo, "expected =\" after label " + label);
      }
      i += 2;
      StringBuilder value = new StringBuilder();
      while (true) {
        if (i >= line.length()) {
          throw new ParseException(lineNo, "unterminated value of label " + label);
        }
        char c = line.charAt(i++);
        if (c == '"') {
          break;
        }
        if (c == '\\') {
          char e = i < line.length() ? line.charAt(i++) : 0;
          value.append(switch (e) {
            case '\\' -> '\\';
            case '"' -> '"';
            case 'n' -> '\n';
            default -> throw new ParseException(lineNo, "bad escape \\" + e + " in label " + label);
          });
        } else {
          value.append(c);
        }
      }
      if (labels.put(label, value.toString()) != null) {
        throw new ParseException(lineNo, "label " + label + " twice");
      }
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      } else if (i >= line.length() || line.charAt(i) != '}') {
        throw new ParseException(lineNo, "expected , or } after label " + label);
      }
    }
  }

  private String familyOf(String sample) {
    if (families.containsKey(sample) && !families.get(sample).type().equals("untyped")) {
      return sample;
    }
    for (String suffix : SUFFIXES) {
      if (sample.endsWith(suffix)) {
        String base = sample.substring(0, sample.length() - suffix.length());
        if (families.containsKey(base)) {
          return base;
        }
      }
    }
    return sample;
  }

  private void checkHistogram(Family f) {
    if (!f.type().equals("histogram")) {
      return;
    }
    Map<Map<String, String>, List<Sample>> bySeries = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      if (s.name().equals(f.name() + "_bucket")) {
        Map<String, String> key = new LinkedHashMap<>(s.labels());
        if (key.remove("le") == null) {
          throw new ParseException(0, f.name() + "_bucket without le");
        }
        bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      }
    }
    bySeries.forEach((key, buckets) -> {
      double last = -1;
      for (Sample b : buckets) {
        if (b.value() < last) {
          throw new ParseException(0, f.name() + key + ": buckets not cumulative");
        }
        last = b.value();
      }
      if (!buckets.get(buckets.size() - 1).labels().get("le").equals("+Inf")) {
        throw new ParseException(0, f.name() + key + ": no +Inf bucket last");
      }
    });
  }

  private void checkMetricName(String name) {
    if (name.isEmpty()) {
      throw new ParseException(lineNo, "empty metric name");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!nameChar(name.charAt(i), i == 0, true)) {
        throw new ParseException(lineNo, "bad metric name " + name);
      }
    }
  }

  private static boolean nameChar(char c, boolean first, boolean colon) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || colon && c == ':'
        || !first && c >= '0' && c <= '9';
  }

  private double number(String s) {
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
      case "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        for (char c : s.toCharArray()) {
          if (!(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+')) {
            throw new ParseException(lineNo, "not a number: " + s);
          }
        }
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          throw new ParseException(lineNo, "not a number: " + s);
        }
    }
  }
}
