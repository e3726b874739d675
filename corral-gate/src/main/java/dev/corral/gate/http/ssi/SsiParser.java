package dev.corral.gate.http.ssi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A streaming parser of SSI tags, as nginx's {@code ngx_http_ssi_parse}: feed it a body in chunks of any size (a
 * tag may be split anywhere, even inside {@code <!--#}) and it reports text, commands and errors to an
 * {@link SsiSink} in document order. It holds at most one tag in progress, bounded by nginx's limits: a command or
 * parameter name of {@value #NAME_LIMIT} bytes, {@value #PARAM_LIMIT} parameters, and a value of
 * {@code ssi_value_length} bytes. A tag is {@code <!--#}, optional white space, the command, then
 * {@code name="value"} or {@code name='value'} parameters ({@code \} escapes the quote character), then
 * {@code -->}. Anything else after {@code <!--#} is an error; the parser then skips to the next {@code -->}, as
 * nginx does. One parser per response; not thread-safe.
 */
public final class SsiParser {
  /** nginx's NGX_HTTP_SSI_COMMAND_LEN and NGX_HTTP_SSI_PARAM_LEN. */
  public static final int NAME_LIMIT = 32;

  /** nginx's NGX_HTTP_SSI_MAX_PARAMS. */
  public static final int PARAM_LIMIT = 16;

  private static final byte[] OPENING = "<!--".getBytes(StandardCharsets.US_ASCII);

  private enum State {
    TEXT, LT, BANG, DASH1, DASH2,
    PRECOMMAND, COMMAND, PREPARAM, PARAM, PREEQUAL, PREVALUE, VALUE, VALUE_ESCAPE, POSTVALUE,
    END1, END2, ERROR, ERROR_END1, ERROR_END2
  }

  private final int valueLimit;
  private State state = State.TEXT;
  private final Bytes name = new Bytes();
  private final Bytes key = new Bytes();
  private final Bytes value = new Bytes();
  private byte quote;
  private String command;
  private Map<String, String> params = new LinkedHashMap<>();

  /** A parser whose parameter values may be {@code valueLimit} bytes long ({@code ssi_value_length}, 256 by default). */
  public SsiParser(int valueLimit) {
    if (valueLimit < 1) {
      throw new IllegalArgumentException("ssi_value_length must be positive: " + valueLimit);
    }
    this.valueLimit = valueLimit;
  }

  /** Parses {@code length} bytes of the body from {@code offset}, reporting to {@code sink}. */
  public void feed(byte[] bytes, int offset, int length, SsiSink sink) {
    int end = offset + length;
    int textStart = state == State.TEXT ? offset : -1;
    for (int i = offset; i < end; i++) {
      byte ch = bytes[i];
      switch (state) {
        case TEXT -> {
          if (ch == '<') {
            flush(bytes, textStart, i, sink);
            textStart = -1;
            state = State.LT;
          }
        }
        case LT, BANG, DASH1 -> {
          int matched = state.ordinal() - State.TEXT.ordinal();
          if (ch == OPENING[matched]) {
            state = State.values()[state.ordinal() + 1];
          } else {
            textStart = notATag(matched, bytes, i, sink);
          }
        }
        case DASH2 -> {
          if (ch == '#') {
            state = State.PRECOMMAND;
          } else {
            textStart = notATag(OPENING.length, bytes, i, sink);
          }
        }
        case PRECOMMAND -> {
          if (!isSpace(ch)) {
            if (ch == '-') {
              fail("unexpected \"-\" symbol in SSI command", sink, ch);
            } else {
              name.add(ch);
              state = State.COMMAND;
            }
          }
        }
        case COMMAND -> {
          if (isSpace(ch)) {
            command = name.take();
            state = State.PREPARAM;
          } else if (ch == '-') {
            command = name.take();
            state = State.END1;
          } else if (name.length() == NAME_LIMIT) {
            fail("the \"" + name.take() + "...\" SSI command is too long", sink, ch);
          } else {
            name.add(ch);
          }
        }
        case PREPARAM -> {
          if (ch == '-') {
            state = State.END1;
          } else if (!isSpace(ch)) {
            if (params.size() == PARAM_LIMIT) {
              fail("too many SSI command parameters: \"" + command + "\"", sink, ch);
            } else if (ch == '=' || ch == '"' || ch == '\'') {
              fail("unexpected \"" + (char) ch + "\" symbol in \"" + command + "\" SSI command", sink, ch);
            } else {
              key.add(ch);
              state = State.PARAM;
            }
          }
        }
        case PARAM -> {
          if (ch == '=') {
            state = State.PREVALUE;
          } else if (isSpace(ch)) {
            state = State.PREEQUAL;
          } else if (ch == '-' || ch == '"' || ch == '\'') {
            fail("unexpected \"" + (char) ch + "\" symbol after \"" + key.take() + "\" parameter in \""
                + command + "\" SSI command", sink, ch);
          } else if (key.length() == NAME_LIMIT) {
            fail("too long \"" + key.take() + "...\" parameter in \"" + command + "\" SSI command", sink, ch);
          } else {
            key.add(ch);
          }
        }
        case PREEQUAL -> {
          if (ch == '=') {
            state = State.PREVALUE;
          } else if (!isSpace(ch)) {
            fail("unexpected \"" + (char) ch + "\" symbol after \"" + key.take() + "\" parameter in \""
                + command + "\" SSI command", sink, ch);
          }
        }
        case PREVALUE -> {
          if (ch == '"' || ch == '\'') {
            quote = ch;
            state = State.VALUE;
          } else if (!isSpace(ch)) {
            fail("unexpected \"" + (char) ch + "\" symbol before value of \"" + key.take() + "\" parameter in \""
                + command + "\" SSI command", sink, ch);
          }
        }
        case VALUE, VALUE_ESCAPE -> {
          if (state == State.VALUE && ch == '\\') {
            state = State.VALUE_ESCAPE;
            continue;
          }
          if (state == State.VALUE && ch == quote) {
            String k = key.take();
            if (params.containsKey(k)) {
              fail("duplicate \"" + k + "\" parameter in \"" + command + "\" SSI command", sink, ch);
            } else {
              params.put(k, value.take());
              state = State.POSTVALUE;
            }
            continue;
          }
          boolean escapedOther = state == State.VALUE_ESCAPE && ch != quote;
          if (value.length() + (escapedOther ? 2 : 1) > valueLimit) {
            fail("too long \"" + value.take() + "...\" value of \"" + key.take() + "\" parameter in \"" + command
                + "\" SSI command", sink, ch);
            continue;
          }
          if (escapedOther) {
            value.add((byte) '\\');
          }
          value.add(ch);
          state = State.VALUE;
        }
        case POSTVALUE -> {
          if (isSpace(ch)) {
            state = State.PREPARAM;
          } else if (ch == '-') {
            state = State.END1;
          } else {
            fail("unexpected \"" + (char) ch + "\" symbol after value of parameter in \"" + command
                + "\" SSI command", sink, ch);
          }
        }
        case END1 -> {
          if (ch == '-') {
            state = State.END2;
          } else {
            fail("unexpected \"" + (char) ch + "\" symbol in \"" + command + "\" SSI command", sink, ch);
          }
        }
        case END2 -> {
          if (ch == '>') {
            SsiCommand done = new SsiCommand(command, params);
            reset();
            state = State.TEXT;
            textStart = i + 1;
            sink.command(done);
          } else {
            fail("unexpected \"" + (char) ch + "\" symbol in \"" + command + "\" SSI command", sink, ch);
            if (ch == '-') {
              state = State.ERROR_END2;
            }
          }
        }
        case ERROR -> {
          if (ch == '-') {
            state = State.ERROR_END1;
          }
        }
        case ERROR_END1 -> state = ch == '-' ? State.ERROR_END2 : State.ERROR;
        case ERROR_END2 -> {
          if (ch == '>') {
            state = State.TEXT;
            textStart = i + 1;
          } else if (ch != '-') {
            state = State.ERROR;
          }
        }
      }
    }
    if (state == State.TEXT) {
      flush(bytes, textStart, end, sink);
    }
  }

  /**
   * The body has ended. A held {@code <}, {@code <!} or {@code <!-} ... is text and is written out; a tag still
   * open is an error ({@code unterminated SSI command}) and its bytes are dropped.
   */
  public void finish(SsiSink sink) {
    switch (state) {
      case TEXT -> { }
      case LT, BANG, DASH1, DASH2 -> sink.text(OPENING, 0, state.ordinal() - State.TEXT.ordinal());
      case ERROR, ERROR_END1, ERROR_END2 -> { }
      default -> sink.error("unterminated SSI command");
    }
    reset();
    state = State.TEXT;
  }

  /** Writes the {@code matched} bytes of "<!--" held so far as text; the current byte starts again. */
  private int notATag(int matched, byte[] bytes, int i, SsiSink sink) {
    sink.text(OPENING, 0, matched);
    if (bytes[i] == '<') {
      state = State.LT;
      return -1;
    }
    state = State.TEXT;
    return i;
  }

  /** Reports the error and skips to the tag's {@code -->}; a {@code -} that caused it may begin that end. */
  private void fail(String message, SsiSink sink, byte ch) {
    reset();
    state = ch == '-' ? State.ERROR_END1 : State.ERROR;
    sink.error(message);
  }

  private void reset() {
    name.take();
    key.take();
    value.take();
    command = null;
    params = new LinkedHashMap<>();
  }

  private static void flush(byte[] bytes, int from, int to, SsiSink sink) {
    if (from >= 0 && to > from) {
      sink.text(bytes, from, to - from);
    }
  }

  private static boolean isSpace(byte ch) {
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
  }

  /** A growable byte buffer for the name or value being read. */
  private static final class Bytes {
    private byte[] data = new byte[32];
    private int length;

    void add(byte b) {
      if (length == data.length) {
        data = Arrays.copyOf(data, length * 2);
      }
      data[length++] = b;
    }

    int length() {
      return length;
    }

    /** The bytes read so far as UTF-8, and empties the buffer. */
    String take() {
      String s = new String(data, 0, length, StandardCharsets.UTF_8);
      length = 0;
      return s;
    }
  }
}
