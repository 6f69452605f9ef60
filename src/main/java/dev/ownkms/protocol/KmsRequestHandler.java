package dev.ownkms.protocol;

import dev.ownkms.api.Execution;
import dev.ownkms.api.KmsRequest;
import dev.ownkms.api.Operation;
import dev.ownkms.api.OperationTable;
import dev.ownkms.domain.Caller;
import dev.ownkms.domain.EventLoop;
import dev.ownkms.error.KmsException;
import dev.ownkms.error.KmsException.KMSInternalException;
import dev.ownkms.error.KmsException.UnknownOperationException;
import dev.ownkms.protocol.auth.AdminToken;
import dev.ownkms.protocol.auth.RequestAuthenticator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMS endpoint: {@code POST /} with {@code X-Amz-Target}. Routes, authenticates, decodes,
 * then runs the operation on the event loop (INLINE) or a virtual thread (BLOCKING) and writes
 * its answer. Nothing here knows keys; nothing below here writes HTTP.
 *
 * <p>One instance per connection: responses must leave in request order (HTTP/1.1 pipelining),
 * so while a request of this connection runs on a virtual thread, later ones wait. The two
 * fields below are touched only on the connection's event loop.
 */
final class KmsRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger log = LoggerFactory.getLogger(KmsRequestHandler.class);

  private final OperationTable operations;
  private final RequestAuthenticator authenticator;
  private final AdminToken adminToken;
  private final JsonCodec json;
  private final KmsResponses responses;
  private final Executor blockingExecutor;
  private final ExecutionStats stats;
  private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
  private boolean busy;

  KmsRequestHandler(OperationTable operations, RequestAuthenticator authenticator,
      AdminToken adminToken, JsonCodec json, KmsResponses responses, Executor blockingExecutor,
      ExecutionStats stats) {
    this.operations = operations;
    this.authenticator = authenticator;
    this.adminToken = adminToken;
    this.json = json;
    this.responses = responses;
    this.blockingExecutor = blockingExecutor;
    this.stats = stats;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (busy) {
      waiting.add(request.retain());
      return;
    }
    handle(ctx, request);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    waiting.forEach(FullHttpRequest::release);
    waiting.clear();
    super.channelInactive(ctx);
  }

  private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
    String requestId = RequestIds.next();
    try {
      if (!request.method().equals(HttpMethod.POST) || !"/".equals(pathOf(request.uri()))) {
        throw new UnknownOperationException();
      }
      Operation<?> operation = operations.lookup(request.headers().get("X-Amz-Target"));
      byte[] body = ByteBufUtil.getBytes(request.content());
      Caller caller = operation.admin()
          ? adminToken.authenticate(request.headers().get(AdminToken.HEADER))
          : authenticator.authenticate(new NettySignedRequest(request, body));
      KmsRequest input = json.read(body, operation.requestType());
      if (operation.execution() == Execution.INLINE) {
        runInline(ctx, requestId, operation, caller, input);
      } else {
        runBlocking(ctx, requestId, operation, caller, input);
      }
    } catch (RuntimeException e) {
      ctx.writeAndFlush(failure(requestId, "(before the operation)", e));
    }
  }

  /**
   * Runs on the event loop; at the first blocking resource it needs (a cache miss) the operation
   * stops, having changed nothing yet, and runs again on a virtual thread.
   */
  private void runInline(ChannelHandlerContext ctx, String requestId, Operation<?> operation,
      Caller caller, KmsRequest input) {
    FullHttpResponse response;
    try {
      response = ScopedValue.where(EventLoop.ACTIVE, true)
          .call(() -> run(requestId, operation, caller, input));
    } catch (EventLoop.MustBlockException needsBlocking) {
      stats.movedOffEventLoop.increment();
      runBlocking(ctx, requestId, operation, caller, input);
      return;
    }
    stats.servedOnEventLoop.increment();
    ctx.writeAndFlush(response);
  }

  private void runBlocking(ChannelHandlerContext ctx, String requestId, Operation<?> operation,
      Caller caller, KmsRequest input) {
    busy = true;
    blockingExecutor.execute(() -> {
      FullHttpResponse response = run(requestId, operation, caller, input);
      ctx.executor().execute(() -> {
        ctx.writeAndFlush(response);
        busy = false;
        drain(ctx);
      });
    });
  }

  /** Serves requests that arrived while one ran, in order, until one runs off the loop again. */
  private void drain(ChannelHandlerContext ctx) {
    while (!busy && !waiting.isEmpty()) {
      FullHttpRequest next = waiting.poll();
      try {
        handle(ctx, next);
      } finally {
        next.release();
      }
    }
  }

  private FullHttpResponse run(
      String requestId, Operation<?> operation, Caller caller, KmsRequest input) {
    try {
      return responses.success(requestId, operation.invoke(caller, input));
    } catch (EventLoop.MustBlockException e) {
      throw e;
    } catch (RuntimeException e) {
      return failure(requestId, operation.name(), e);
    }
  }

  private FullHttpResponse failure(String requestId, String operation, RuntimeException e) {
    if (e instanceof KmsException kms) {
      log.debug("{} {} -> {}: {}", requestId, operation, kms.type(), kms.getMessage());
      return responses.error(requestId, kms);
    }
    log.error("{} {} failed unexpectedly", requestId, operation, e);
    return responses.error(requestId, new KMSInternalException());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("connection closed after an error: {}", cause.toString());
    ctx.close();
  }

  private static String pathOf(String uri) {
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
  }
}
