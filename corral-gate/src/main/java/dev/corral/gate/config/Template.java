package dev.corral.gate.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A string with nginx variables ({@code $name} or <code>${name}</code>), compiled once at load time so that rendering
 * is a walk over literal and variable parts. Every variable is checked against the known set when compiled, so an
 * unknown variable is a configuration error, never an empty string at run time. Each reference is compiled to a
 * {@link Variable} (its kind, and the header, cookie or argument name already cut out), so rendering does no
 * look-up by name. The variables of {@code set}, {@code map} and named captures are those of the configuration
 * being compiled ({@link UserVariables#current()}). Immutable and thread-safe.
 */
public final class Template {
  private final String source;
  private final String[] literals;
  private final Variable[] variables;

  private Template(String source, List<String> literals, List<Variable> variables) {
    this.source = source;
    this.literals = literals.toArray(new String[0]);
    this.variables = variables.toArray(new Variable[0]);
  }

  /** Gives a variable's value for one request; {@code ""} when it has none. */
  @FunctionalInterface
  public interface Resolver {
    String resolve(Variable variable);
  }

  /**
   * Compiles {@code text}.
   *
   * @throws ConfigException naming {@code position} if a variable is unknown or <code>${</code> is not closed
   */
  public static Template compile(String text, SourcePosition position) {
    List<String> literals = new ArrayList<>();
    List<Variable> variables = new ArrayList<>();
    UserVariables users = UserVariables.current();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        literal.append(c);
        i++;
        continue;
      }
      int start;
      int end;
      int next;
      if (text.charAt(i + 1) == '{') {
        start = i + 2;
        end = text.indexOf('}', start);
        if (end < 0) {
          throw new ConfigException("the closing bracket in \"" + text.substring(start) + "\" variable is missing",
              position);
        }
        next = end + 1;
      } else {
        start = i + 1;
        end = start;
        if (Character.isDigit(text.charAt(start))) {
          end = start + 1; // $1..$9: one digit, as nginx ("$1x" is capture 1 then "x")
        }
        while (end == start && end < text.length() && isNameChar(text.charAt(end))) {
          end++;
        }
        while (end > start && !Character.isDigit(text.charAt(start)) && end < text.length()
            && isNameChar(text.charAt(end))) {
          end++;
        }
        next = end;
      }
      if (end == start) {
        literal.append(c);
        i++;
        continue;
      }
      String name = text.substring(start, end).toLowerCase(java.util.Locale.ROOT);
      Variable variable = Variable.named(name, users);
      if (variable == null) {
        throw new ConfigException("unknown \"" + name + "\" variable", position);
      }
      literals.add(literal.toString());
      literal.setLength(0);
      variables.add(variable);
      i = next;
    }
    literals.add(literal.toString());
    return new Template(text, List.copyOf(literals), List.copyOf(variables));
  }

  /** A template with no variables. */
  public static Template literal(String text) {
    return new Template(text, List.of(text), List.of());
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** Renders the template, asking {@code resolver} for each variable. */
  public String render(Resolver resolver) {
    Variable[] vars = variables;
    String[] lits = literals;
    if (vars.length == 0) {
      return lits[0];
    }
    if (vars.length == 1 && lits[0].isEmpty() && lits[1].isEmpty()) {
      // A bare "$name" (a limit zone's key, most often): its value as it is, without a copy.
      return resolver.resolve(vars[0]);
    }
    StringBuilder out = new StringBuilder(source.length() + 32);
    for (int i = 0; i < vars.length; i++) {
      out.append(lits[i]).append(resolver.resolve(vars[i]));
    }
    return out.append(lits[vars.length]).toString();
  }

  /** Whether the template has no variables (its value is fixed). */
  public boolean isConstant() {
    return variables.length == 0;
  }

  /** The variables named, in order. */
  public List<Variable> variables() {
    return List.of(variables);
  }

  /** Whether the template is exactly one variable and nothing else. */
  public boolean isSingleVariable() {
    return variables.length == 1 && literals[0].isEmpty() && literals[1].isEmpty();
  }

  /** The text as written in the configuration. */
  @Override
  public String toString() {
    return source;
  }
}
