package dev.corral.gate.http.ssi;

/**
 * Receives what {@link SsiParser} finds, in document order. Text slices point into the parser's caller's array
 * and are valid only during the call.
 */
public interface SsiSink {
  /** Bytes of the document that are not part of an SSI tag (an ordinary {@code <!-- comment -->} is text). */
  void text(byte[] bytes, int offset, int length);

  /** A complete, syntactically valid tag. */
  void command(SsiCommand command);

  /**
   * A tag that is not valid SSI, at the place where nginx writes its {@code errmsg}; {@code message} is nginx's
   * error-log text. The rest of the tag, up to its {@code -->}, is skipped.
   */
  void error(String message);
}
