package io.fulcrum.election.raft;

import com.alipay.sofa.jraft.Node;
import com.alipay.sofa.jraft.entity.PeerId;
import com.alipay.sofa.jraft.entity.Task;
import com.alipay.sofa.jraft.rpc.RpcContext;
import com.alipay.sofa.jraft.rpc.RpcProcessor;
import com.alipay.sofa.jraft.rpc.impl.cli.CliClientServiceImpl;
import io.fulcrum.election.DocumentConflictException;
import io.fulcrum.election.NoLeaderException;
import io.fulcrum.election.state.Command;
import io.fulcrum.election.state.CommandCodec;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Sends commands to the group's log: applies them directly on the leader, or forwards them to the
 * leader from a follower ({@link ForwardRequest}); {@link #processor()} is the leader's receiving
 * side. A future completes once the leader has applied the entry, exceptionally with a {@link
 * DocumentConflictException} for a refused conditional document write, or with a {@link
 * NoLeaderException} when the command never reached a leader (safe to send again).
 */
final class CommandProxy {
  private static final int FORWARD_TIMEOUT_MS = 1000;
  private static final String NOT_LEADER = "not the leader";

  private volatile Node node;
  private volatile CliClientServiceImpl client;

  /** Starts sending through {@code node} (and forwarding with {@code client}). */
  void attach(Node node, CliClientServiceImpl client) {
    this.node = node;
    this.client = client;
  }

  CompletableFuture<Void> submit(Command c) {
    byte[] bytes = CommandCodec.encode(c);
    Node n = node;
    if (n == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not started"));
    }
    if (n.isLeader()) {
      return applyHere(n, bytes);
    }
    PeerId leader = n.getLeaderId();
    if (leader == null || leader.isEmpty()) {
      return CompletableFuture.failedFuture(new NoLeaderException("no leader"));
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    try {
      client
          .getRpcClient()
          .invokeAsync(
              leader.getEndpoint(),
              new ForwardRequest(bytes),
              (result, err) -> {
                if (err != null) {
                  f.completeExceptionally(err);
                } else if (result instanceof ForwardResponse r && r.ok) {
                  f.complete(null);
                } else if (result instanceof ForwardResponse r && r.conflict) {
                  f.completeExceptionally(new DocumentConflictException(r.error));
                } else if (result instanceof ForwardResponse r && NOT_LEADER.equals(r.error)) {
                  f.completeExceptionally(new NoLeaderException(leader + " is " + NOT_LEADER));
                } else {
                  String why = result instanceof ForwardResponse r ? r.error : "" + result;
                  f.completeExceptionally(new IllegalStateException(why));
                }
              },
              FORWARD_TIMEOUT_MS);
    } catch (Exception e) {
      // refused before anything was sent (no connection to the leader, e.g. it just died)
      f.completeExceptionally(
          new NoLeaderException("leader " + leader + " unreachable: " + e.getMessage()));
    }
    return f;
  }

  private static CompletableFuture<Void> applyHere(Node n, byte[] bytes) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    n.apply(
        new Task(
            ByteBuffer.wrap(bytes),
            status -> {
              if (status.isOk()) {
                f.complete(null);
              } else if (status.getCode() == ElectionFsm.CONFLICT) {
                f.completeExceptionally(new DocumentConflictException(status.getErrorMsg()));
              } else {
                f.completeExceptionally(new IllegalStateException(status.getErrorMsg()));
              }
            }));
    return f;
  }

  /** The leader's side of forwarding: serves {@link ForwardRequest}s. */
  RpcProcessor<ForwardRequest> processor() {
    return new ForwardAdapter();
  }

  private final class ForwardAdapter implements RpcProcessor<ForwardRequest> {
    @Override
    public void handleRequest(RpcContext ctx, ForwardRequest request) {
      Node n = node;
      if (n == null || !n.isLeader()) {
        ctx.sendResponse(new ForwardResponse(false, NOT_LEADER));
        return;
      }
      try {
        CommandCodec.decode(request.command); // reject garbage before it reaches the log
      } catch (IllegalArgumentException e) {
        ctx.sendResponse(new ForwardResponse(false, e.getMessage()));
        return;
      }
      applyHere(n, request.command)
          .whenComplete(
              (ok, err) ->
                  ctx.sendResponse(
                      new ForwardResponse(
                          err == null,
                          err == null ? null : err.getMessage(),
                          err instanceof DocumentConflictException)));
    }

    @Override
    public String interest() {
      return ForwardRequest.class.getName();
    }
  }
}
