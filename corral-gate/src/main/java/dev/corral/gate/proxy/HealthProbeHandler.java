package dev.corral.gate.proxy;

import dev.corral.gate.config.HealthMatch;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Judges one health-check response, after an {@code HttpClientCodec}: without a {@code match} block a 2xx or 3xx
 * status passes; with one, the status and header fields must pass its tests and, when it has {@code body} tests,
 * so must the first {@link HealthMatch#BODY_LIMIT} bytes of the body. The verdict is given as soon as it is known
 * (at the header when the status or a header fails, or when no body test exists; at the end of the body or at the
 * limit otherwise), and the connection is closed then, so no more than the limit is ever kept or waited for. A
 * malformed or truncated response, an exception or a close before the verdict fails the check.
 *
 * <p>Runs on the probe channel's event loop; one instance per probe connection. {@code verdict} is called at
 * most once by this handler, though the caller may also time the probe out.
 */
final class HealthProbeHandler extends ChannelInboundHandlerAdapter {
  private static final int INITIAL_BODY_CAPACITY = 8 * 1024;

  private final Optional<HealthMatch> match;
  private final Consumer<Boolean> verdict;
  /** Set once the verdict is given; everything read afterwards is dropped. */
  private boolean decided;
  /** The head passed and the body is being collected (only with body tests). */
  private boolean collecting;
  /** The body collected so far, its first {@code bodyLength} bytes; never longer than the limit. */
  private byte[] body = new byte[0];
  private int bodyLength;

  HealthProbeHandler(Optional<HealthMatch> match, Consumer<Boolean> verdict) {
    this.match = match;
    this.verdict = verdict;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!decided && msg instanceof HttpResponse response) {
        head(ctx, response);
      }
      if (!decided && collecting && msg instanceof HttpContent content) {
        content(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void head(ChannelHandlerContext ctx, HttpResponse response) {
    int status = response.status().code();
    if (!response.decoderResult().isSuccess()) {
      decide(ctx, false);
    } else if (match.isEmpty()) {
      decide(ctx, status >= 200 && status < 400);
    } else if (!match.get().acceptsHead(status, response.headers()::getAll)) {
      decide(ctx, false);
    } else if (!match.get().examinesBody()) {
      decide(ctx, true);
    } else {
      collecting = true;
    }
  }

  private void content(ChannelHandlerContext ctx, HttpContent content) {
    if (!content.decoderResult().isSuccess()) {
      decide(ctx, false);
      return;
    }
    append(content.content());
    if (bodyLength == HealthMatch.BODY_LIMIT || content instanceof LastHttpContent) {
      String text = new String(body, 0, bodyLength, StandardCharsets.ISO_8859_1);
      decide(ctx, match.orElseThrow().acceptsBody(text));
    }
  }

  /** Copies as much of {@code data} as fits under the limit, growing the array as needed. */
  private void append(ByteBuf data) {
    int n = Math.min(data.readableBytes(), HealthMatch.BODY_LIMIT - bodyLength);
    if (n == 0) {
      return;
    }
    if (bodyLength + n > body.length) {
      int capacity = Math.max(INITIAL_BODY_CAPACITY, body.length);
      while (capacity < bodyLength + n) {
        capacity *= 2;
      }
      body = Arrays.copyOf(body, Math.min(capacity, HealthMatch.BODY_LIMIT));
    }
    data.getBytes(data.readerIndex(), body, bodyLength, n);
    bodyLength += n;
  }

  private void decide(ChannelHandlerContext ctx, boolean pass) {
    decided = true;
    collecting = false;
    body = new byte[0];
    verdict.accept(pass);
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!decided) {
      decide(ctx, false);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!decided) {
      decide(ctx, false);
    } else {
      ctx.close();
    }
  }
}
