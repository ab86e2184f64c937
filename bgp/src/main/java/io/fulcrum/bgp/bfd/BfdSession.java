package io.fulcrum.bgp.bfd;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One asynchronous-mode BFD session (RFC 5880 6.2, 6.8), pure: packets and clock in, packets and
 * state out. Drive it from one thread: {@link #receive} for each packet from the peer, {@link
 * #poll} often (every 10-20 ms); send what they return.
 */
public final class BfdSession {
  /** While not Up, transmit at most once a second (RFC 5880 6.8.3). */
  static final long SLOW_TX_MICROS = 1_000_000;

  private final long localDiscriminator;
  private final long desiredMinTxMicros;
  private final long requiredMinRxMicros;
  private final int detectMult;
  private final LongSupplier nanos;
  private final Random random;

  private BfdState state = BfdState.DOWN;
  private int localDiag;
  private long remoteDiscriminator;
  private BfdState remoteState = BfdState.DOWN;
  private long remoteMinRxMicros = 1;
  private long remoteDesiredMinTxMicros;
  private int remoteDetectMult;
  private boolean pollActive;
  private boolean pendingFinal;
  private long currentTxMicros = SLOW_TX_MICROS;
  private long nextTx;
  private long detectDeadline = -1;

  public BfdSession(
      long localDiscriminator,
      int desiredMinTxMillis,
      int requiredMinRxMillis,
      int detectMult,
      LongSupplier nanos,
      Random random) {
    if (localDiscriminator == 0) {
      throw new IllegalArgumentException("discriminator must be non-zero");
    }
    this.localDiscriminator = localDiscriminator;
    this.desiredMinTxMicros = desiredMinTxMillis * 1000L;
    this.requiredMinRxMicros = requiredMinRxMillis * 1000L;
    this.detectMult = detectMult;
    this.nanos = nanos;
    this.random = random;
    this.nextTx = nanos.getAsLong();
  }

  public BfdState state() {
    return state;
  }

  public long localDiscriminator() {
    return localDiscriminator;
  }

  /** The diagnostic of the last state change (1 detection time expired, 3 neighbor down...). */
  public int diag() {
    return localDiag;
  }

  /**
   * Takes a checked packet from the peer (RFC 5880 6.8.6). Returns the packet to send at once (the
   * Final answer to a Poll), or null.
   */
  public BfdPacket receive(BfdPacket p) {
    if (p.yourDiscriminator() != 0 && p.yourDiscriminator() != localDiscriminator) {
      return null;
    }
    remoteDiscriminator = p.myDiscriminator();
    remoteState = p.state();
    remoteDesiredMinTxMicros = p.desiredMinTx();
    remoteMinRxMicros = Math.max(1, p.requiredMinRx());
    remoteDetectMult = p.detectMult();
    if (p.fin() && pollActive) {
      pollActive = false;
    }
    if (p.fin() || !pollActive) {
      currentTxMicros = txBase();
    }
    long now = nanos.getAsLong();
    if (state != BfdState.ADMIN_DOWN) {
      if (remoteState == BfdState.ADMIN_DOWN) {
        if (state != BfdState.DOWN) {
          toState(BfdState.DOWN, 3);
        }
      } else if (state == BfdState.DOWN) {
        if (remoteState == BfdState.DOWN) {
          toState(BfdState.INIT, 0);
        } else if (remoteState == BfdState.INIT) {
          toState(BfdState.UP, 0);
        }
      } else if (state == BfdState.INIT) {
        if (remoteState == BfdState.INIT || remoteState == BfdState.UP) {
          toState(BfdState.UP, 0);
        }
      } else if (remoteState == BfdState.DOWN) {
        toState(BfdState.DOWN, 3);
      }
    }
    detectDeadline = now + TimeUnit.MICROSECONDS.toNanos(detectionTimeMicros());
    if (p.poll()) {
      pendingFinal = true;
      BfdPacket fin = packet(false, true);
      pendingFinal = false;
      return fin;
    }
    return null;
  }

  /** Fires the detection timer and the transmit timer; returns a packet to send now, or null. */
  public BfdPacket poll() {
    long now = nanos.getAsLong();
    if (detectDeadline >= 0 && now - detectDeadline >= 0 && state != BfdState.ADMIN_DOWN) {
      detectDeadline = -1;
      if (state == BfdState.UP || state == BfdState.INIT) {
        toState(BfdState.DOWN, 1);
      }
      remoteDiscriminator = 0;
    }
    if (now - nextTx >= 0) {
      long interval = Math.max(currentTxMicros, remoteMinRxMicros);
      double jitter =
          detectMult == 1 ? 0.75 + 0.15 * random.nextDouble() : 0.75 + 0.25 * random.nextDouble();
      nextTx = now + TimeUnit.MICROSECONDS.toNanos((long) (interval * jitter));
      return packet(pollActive, false);
    }
    return null;
  }

  private void toState(BfdState s, int diag) {
    BfdState old = state;
    state = s;
    localDiag = diag;
    if (s == BfdState.UP && old != BfdState.UP && desiredMinTxMicros < SLOW_TX_MICROS) {
      // speed up: a decrease may take effect at once, announced by a Poll sequence
      pollActive = true;
      currentTxMicros = txBase();
      nextTx = nanos.getAsLong();
    } else if (s != BfdState.UP && old == BfdState.UP) {
      currentTxMicros = SLOW_TX_MICROS;
    }
  }

  private long txBase() {
    return state == BfdState.UP ? desiredMinTxMicros : Math.max(desiredMinTxMicros, SLOW_TX_MICROS);
  }

  /** Detection time in asynchronous mode (RFC 5880 6.8.4). */
  long detectionTimeMicros() {
    long agreed = Math.max(requiredMinRxMicros, remoteDesiredMinTxMicros);
    return Math.max(1, remoteDetectMult) * agreed;
  }

  private BfdPacket packet(boolean pollBit, boolean finBit) {
    long tx =
        state == BfdState.UP ? desiredMinTxMicros : Math.max(desiredMinTxMicros, SLOW_TX_MICROS);
    return new BfdPacket(
        localDiag,
        state,
        pollBit && !finBit,
        finBit || pendingFinal,
        detectMult,
        localDiscriminator,
        remoteDiscriminator,
        tx,
        requiredMinRxMicros,
        0);
  }

  /** Administratively disables the session (sent as AdminDown). */
  public void adminDown() {
    state = BfdState.ADMIN_DOWN;
    localDiag = 7;
  }
}
