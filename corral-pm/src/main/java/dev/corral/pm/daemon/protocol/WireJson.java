package dev.corral.pm.daemon.protocol;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
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
 * writes them), enums (by name), other numbers and collections; {@link #read} turns a parsed value back into a
 * record. The protocol's codec ({@link ProtocolCodec}) uses it on both sides; the daemon keeps Jackson for its
 * files.
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

  /**
   * {@code value} (as {@link #parse} returns it) read as a {@code type}: a record by component, with its
   * canonical constructor (so the record validates it); unknown fields are ignored and missing ones are
   * {@code null}, 0 or {@code false}, as Jackson reads them. Components may be strings, {@code int}, {@code long},
   * {@code double}, {@code boolean} (or their boxes), enums, records, {@code List<T>} and {@code Map<String, T>}.
   *
   * @throws IllegalArgumentException naming the field, its value and what was expected, or the record's own
   *     validation error
   */
  public static <T> T read(Object value, Class<T> type) {
    return type.cast(read(value, type, ""));
  }

  static Object read(Object v, Type type, String at) {
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (v == null) {
        return null;
      }
      Type item = p.getActualTypeArguments()[p.getActualTypeArguments().length - 1];
      if (List.class.isAssignableFrom(raw)) {
        if (!(v instanceof List<?> list)) {
          throw mismatch(at, v, "a list");
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          out.add(read(list.get(i), item, at + "[" + i + "]"));
        }
        return out;
      }
      if (Map.class.isAssignableFrom(raw)) {
        if (!(v instanceof Map<?, ?> map)) {
          throw mismatch(at, v, "an object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, x) -> out.put(String.valueOf(k), read(x, item, field(at, String.valueOf(k)))));
        return out;
      }
      throw new IllegalStateException("cannot read a " + type + " from JSON");
    }
    if (!(type instanceof Class<?> c)) {
      throw new IllegalStateException("cannot read a " + type + " from JSON");
    }
    if (v == null) {
      return c == int.class ? (Object) 0 : c == long.class ? (Object) 0L : c == double.class ? (Object) 0.0
          : c == boolean.class ? (Object) false : null;
    }
    if (c == Object.class) {
      return v;
    }
    if (c == String.class) {
      if (v instanceof String s) {
        return s;
      }
      throw mismatch(at, v, "a string");
    }
    if (c == boolean.class || c == Boolean.class) {
      if (v instanceof Boolean b) {
        return b;
      }
      throw mismatch(at, v, "true or false");
    }
    if (c == int.class || c == Integer.class) {
      if (v instanceof Long n && n == n.intValue()) {
        return n.intValue();
      }
      throw mismatch(at, v, "a whole number");
    }
    if (c == long.class || c == Long.class) {
      if (v instanceof Long n) {
        return n;
      }
      throw mismatch(at, v, "a whole number");
    }
    if (c == double.class || c == Double.class) {
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      throw mismatch(at, v, "a number");
    }
    if (c.isEnum()) {
      for (Object constant : c.getEnumConstants()) {
        if (((Enum<?>) constant).name().equals(v)) {
          return constant;
        }
      }
      throw mismatch(at, v, "one of " + List.of(c.getEnumConstants()));
    }
    if (c.isRecord()) {
      if (!(v instanceof Map<?, ?> map)) {
        throw mismatch(at, v, "an object");
      }
      RecordComponent[] components = c.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      Object[] args = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        args[i] = read(map.get(components[i].getName()), components[i].getGenericType(),
            field(at, components[i].getName()));
      }
      try {
        Constructor<?> canonical = c.getDeclaredConstructor(types);
        canonical.setAccessible(true);
        return canonical.newInstance(args);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof IllegalArgumentException invalid) {
          throw invalid;
        }
        throw new IllegalStateException("cannot build a " + c.getSimpleName() + ": " + e.getCause(), e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot build a " + c.getSimpleName() + ": " + e, e);
      }
    }
    throw new IllegalStateException("cannot read a " + c.getName() + " from JSON");
  }

  private static String field(String at, String name) {
    return at.isEmpty() ? name : at + "." + name;
  }

  private static IllegalArgumentException mismatch(String at, Object v, String expected) {
    return new IllegalArgumentException((at.isEmpty() ? "value" : at) + ": " + write(v) + " (expected: " + expected
        + ")");
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
