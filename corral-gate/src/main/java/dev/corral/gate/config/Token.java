package dev.corral.gate.config;

/**
 * One lexical token of an nginx configuration file.
 *
 * @param kind what the token is
 * @param text the word's text with quotes removed and escapes resolved; empty for punctuation
 * @param quoted whether the word was written in quotes (a quoted word is never a {@code ;} or brace)
 * @param line the 1-based line the token starts on
 */
record Token(Kind kind, String text, boolean quoted, int line) {
  enum Kind {
    WORD,
    SEMICOLON,
    OPEN_BRACE,
    CLOSE_BRACE,
    END
  }
}
