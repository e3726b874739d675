package dev.corral.gate.config;

import java.util.List;
import java.util.Optional;

/**
 * One directive of the syntax tree: a name, its arguments and, for a block directive, its children. This is the
 * untyped layer; {@link GateConfigCompiler} turns it into the typed model. Immutable.
 *
 * @param name the directive's name, e.g. {@code proxy_pass}
 * @param args the arguments, quotes removed
 * @param block the children if the directive ended with a block, else empty
 * @param position where the directive's name was written
 */
public record Directive(String name, List<String> args, Optional<List<Directive>> block, SourcePosition position) {
  public Directive {
    args = List.copyOf(args);
    block = block.map(List::copyOf);
  }

  /** The argument at {@code index}; callers check the count first. */
  String arg(int index) {
    return args.get(index);
  }

  /** The children, or an empty list for a simple directive. */
  List<Directive> children() {
    return block.orElse(List.of());
  }

  /** Prints the directive back in nginx syntax, indented by {@code depth} levels (for {@code -T}). */
  void appendTo(StringBuilder out, int depth) {
    out.append("    ".repeat(depth)).append(name);
    for (String arg : args) {
      out.append(' ').append(quoteIfNeeded(arg));
    }
    if (block.isPresent()) {
      out.append(" {\n");
      for (Directive child : block.get()) {
        child.appendTo(out, depth + 1);
      }
      out.append("    ".repeat(depth)).append("}\n");
    } else {
      out.append(";\n");
    }
  }

  private static String quoteIfNeeded(String arg) {
    if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == ';' || c == '{'
        || c == '}' || c == '"' || c == '\'' || c == '#')) {
      return arg;
    }
    return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
