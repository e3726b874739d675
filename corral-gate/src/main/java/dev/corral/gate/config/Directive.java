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
}
