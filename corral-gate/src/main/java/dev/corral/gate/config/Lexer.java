package dev.corral.gate.config;

import java.nio.file.Path;

/**
 * Splits nginx configuration text into tokens, following nginx's rules: words are separated by whitespace,
 * {@code ;}, <code>{</code> and <code>}</code>; a {@code #} at the start of a word starts a comment to the end of the
 * line; a word may be quoted with {@code "} or {@code '} (backslash escapes the quote, a backslash, and {@code \n},
 * {@code \r}, {@code \t}); a {@code $}<code>{</code> inside a word is a variable reference, not a block.
 *
 * <p>Not thread-safe; one lexer reads one file once.
 */
final class Lexer {
  private enum State {
    BETWEEN_TOKENS,
    IN_WORD,
    IN_QUOTES,
    IN_COMMENT
  }

  private final String text;
  private final Path file;
  private int pos;
  private int line = 1;

  Lexer(String text, Path file) {
    this.text = text;
    this.file = file;
  }

  /** Reads the next token; {@link Token.Kind#END} at the end of the text, and forever after. */
  Token next() {
    State state = State.BETWEEN_TOKENS;
    StringBuilder word = new StringBuilder();
    char quote = 0;
    int startLine = line;
    boolean inVariableBraces = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      switch (state) {
        case BETWEEN_TOKENS -> {
          if (c == '\n') {
            line++;
            pos++;
          } else if (Character.isWhitespace(c)) {
            pos++;
          } else if (c == '#') {
            state = State.IN_COMMENT;
            pos++;
          } else if (c == ';' || c == '{' || c == '}') {
            pos++;
            return new Token(punctuation(c), "", false, line);
          } else if (c == '"' || c == '\'') {
            quote = c;
            startLine = line;
            state = State.IN_QUOTES;
            pos++;
          } else {
            startLine = line;
            state = State.IN_WORD;
          }
        }
        case IN_COMMENT -> {
          if (c == '\n') {
            state = State.BETWEEN_TOKENS;
          } else {
            pos++;
          }
        }
        case IN_WORD -> {
          if (inVariableBraces) {
            if (c == '}') {
              inVariableBraces = false;
            } else if (c == '\n' || c == ';' || c == '{') {
              throw new ConfigException("the closing bracket in \"" + word + "\" variable is missing",
                  new SourcePosition(file, line));
            }
            word.append(c);
            pos++;
          } else if (Character.isWhitespace(c) || c == ';' || c == '}') {
            return new Token(Token.Kind.WORD, word.toString(), false, startLine);
          } else if (c == '{') {
            if (word.length() > 0 && word.charAt(word.length() - 1) == '$') {
              inVariableBraces = true;
              word.append(c);
              pos++;
            } else {
              return new Token(Token.Kind.WORD, word.toString(), false, startLine);
            }
          } else if (c == '\\' && pos + 1 < text.length()) {
            appendEscape(word, text.charAt(pos + 1));
            pos += 2;
          } else {
            word.append(c);
            pos++;
          }
        }
        case IN_QUOTES -> {
          pos++;
          if (c == quote) {
            requireSeparatorAfterQuote();
            return new Token(Token.Kind.WORD, word.toString(), true, startLine);
          } else if (c == '\\' && pos < text.length()) {
            appendEscape(word, text.charAt(pos++));
          } else {
            if (c == '\n') {
              line++;
            }
            word.append(c);
          }
        }
      }
    }
    return switch (state) {
      case IN_WORD -> new Token(Token.Kind.WORD, word.toString(), false, startLine);
      case IN_QUOTES -> throw new ConfigException("unexpected end of file, expecting " + quote,
          new SourcePosition(file, line));
      default -> new Token(Token.Kind.END, "", false, line);
    };
  }

  /** nginx's escapes: a quote or backslash stands for itself, n/r/t are controls, anything else keeps its backslash. */
  private static void appendEscape(StringBuilder word, char escaped) {
    switch (escaped) {
      case 'n' -> word.append('\n');
      case 'r' -> word.append('\r');
      case 't' -> word.append('\t');
      case '"', '\'', '\\' -> word.append(escaped);
      default -> word.append('\\').append(escaped);
    }
  }

  private void requireSeparatorAfterQuote() {
    if (pos < text.length()) {
      char after = text.charAt(pos);
      if (!Character.isWhitespace(after) && after != ';' && after != '{' && after != '}') {
        throw new ConfigException("unexpected \"" + after + "\"", new SourcePosition(file, line));
      }
    }
  }

  private static Token.Kind punctuation(char c) {
    return switch (c) {
      case ';' -> Token.Kind.SEMICOLON;
      case '{' -> Token.Kind.OPEN_BRACE;
      default -> Token.Kind.CLOSE_BRACE;
    };
  }
}
