package dev.corral.pm.daemon;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and writer for the CLI's side of the protocol. The CLI is a short-lived JVM, and loading
 * Jackson costs about 200 ms of every command, so the client uses this instead: values are {@code null},
 * {@link Boolean}, {@link Long}, {@link Double}, {@link String}, {@code List<Object>} and
 * {@code Map<String, Object>} (insertion-ordered). {@link #write} also takes records (by component, as Jackson
 * writes them), enums (by name), other numbers and collections. The daemon keeps Jackson.
 *
 * <p>Stateless and thread-safe.
 */
public final class WireJson {
  private final String s;
  private int pos;

  private WireJson(String s) {
    this.s = s;
  }

  /**
   * @throws IllegalArgumentException naming the position of the first syntax error
   */
  public static Object parse(String text) {
    WireJson p = new WireJson(text);
    Object value = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error("trailing characters");
    }
    return value;
  }

  /** The JSON text of {@code value}. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** A field of an object as a string ("" when missing or null). */
  public static String str(Map<String, Object> object, String key) {
    Object v = object.get(key);
    return v == null ? "" : v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : v.toString();
  }

  /** A numeric field of an object (0 when missing). */
  public static long num(Map<String, Object> object, String key) {
    return object.get(key) instanceof Number n ? n.longValue() : 0;
  }

  /** A numeric field as a double (0 when missing). */
  public static double dbl(Map<String, Object> object, String key) {
    return object.get(key) instanceof Number n ? n.doubleValue() : 0;
  }

  /** An object field (empty when missing). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> obj(Map<String, Object> object, String key) {
    return object.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** A value as an object (empty when it is not one). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asObject(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** A value as a list of objects (empty when it is not a list). */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> objects(Object value) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(v -> out.add(v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of()));
    }
    return out;
  }

  private static void write(Object v, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String str) {
      quote(str, out);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) {
      out.append(v);
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      out.append(Double.isFinite(d) ? Double.toString(d) : "null");
    } else if (v instanceof Enum<?> e) {
      quote(e.name(), out);
    } else if (v instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "" : ",");
        first = false;
        quote(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
      }
      out.append('}');
    } else if (v instanceof Collection<?> list) {
      out.append('[');
      boolean first = true;
      for (Object item : list) {
        out.append(first ? "" : ",");
        first = false;
        write(item, out);
      }
      out.append(']');
    } else if (v instanceof Record r) {
      Map<String, Object> fields = new LinkedHashMap<>();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          fields.put(c.getName(), c.getAccessor().invoke(r));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
      }
      write(fields, out);
    } else {
      throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
    }
  }

  private static void quote(String str, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private Object value() {
    skipSpace();
    if (pos >= s.length()) {
      throw error("unexpected end");
    }
    char c = s.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> object() {
    Map<String, Object> map = new LinkedHashMap<>();
    pos++;
    skipSpace();
    if (peek() == '}') {
      pos++;
      return map;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a field name");
      }
      String key = string();
      skipSpace();
      expect(':');
      map.put(key, value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else {
        expect('}');
        return map;
      }
    }
  }

  private List<Object> array() {
    List<Object> list = new ArrayList<>();
    pos++;
    skipSpace();
    if (peek() == ']') {
      pos++;
      return list;
    }
    while (true) {
      list.add(value());
      skipSpace();
      if (peek() == ',') {
        pos++;
      } else {
        expect(']');
        return list;
      }
    }
  }

  private String string() {
    StringBuilder out = new StringBuilder();
    pos++;
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= s.length()) {
        break;
      }
      char e = s.charAt(pos++);
      switch (e) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("short \\u escape");
          }
          out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          pos += 4;
        }
        default -> out.append(e);
      }
    }
    throw error("unterminated string");
  }

  private Object number() {
    int start = pos;
    while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
      pos++;
    }
    String n = s.substring(start, pos);
    try {
      return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.parseDouble(n) : Long.parseLong(n);
    } catch (NumberFormatException e) {
      throw error("bad value '" + n + "'");
    }
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, pos)) {
      throw error("bad literal");
    }
    pos += word.length();
    return value;
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private char peek() {
    return pos < s.length() ? s.charAt(pos) : '\0';
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("bad JSON at offset " + pos + ": " + problem);
  }
}
