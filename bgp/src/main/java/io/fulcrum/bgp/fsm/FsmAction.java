package io.fulcrum.bgp.fsm;

import io.fulcrum.bgp.codec.BgpMessage;

/** What the state machine asks its adapter to do. */
public sealed interface FsmAction
    permits FsmAction.Connect,
        FsmAction.Send,
        FsmAction.Disconnect,
        FsmAction.Up,
        FsmAction.Down,
        FsmAction.RoutesReceived,
        FsmAction.Refresh {

  /** Open a TCP connection to the peer. */
  record Connect() implements FsmAction {}

  /** Send a message on the current connection. */
  record Send(BgpMessage message) implements FsmAction {}

  /** Close the current connection (after flushing what was sent). */
  record Disconnect() implements FsmAction {}

  /** The session reached Established: send the Adj-RIB-Out, then End-of-RIB. */
  record Up(Negotiated negotiated) implements FsmAction {}

  /** The session left Established (or failed before it): reason for logs and status. */
  record Down(String reason, boolean wasEstablished) implements FsmAction {}

  /** A checked UPDATE arrived from the peer. */
  record RoutesReceived(BgpMessage.Update update) implements FsmAction {}

  /** The peer asked for our routes of a family again (RFC 2918). */
  record Refresh(int afi) implements FsmAction {}
}
