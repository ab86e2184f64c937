package io.fulcrum.api.port;

import java.util.function.Consumer;

/**
 * Port: where runtime changes made through the API live. Implementations: in memory, a local JSON
 * file (survives restarts), and later the Raft group's replicated state machine (every agent
 * applies the same changes). Changes are applied one at a time, atomically.
 */
public interface RuntimeSettingsStore {
  /** The state now. */
  RuntimeState current();

  /**
   * Applies one change and returns the new state once it is durable (written, or committed by the
   * group).
   *
   * @throws PortException when the change is refused or cannot be stored; the state is unchanged
   */
  RuntimeState apply(RuntimeChange change);

  /**
   * Calls {@code listener} with the new state after every applied change (also changes that other
   * nodes made, for a replicated store). Returns a handle that removes the listener.
   */
  Subscription subscribe(Consumer<RuntimeState> listener);

  /** Removes its listener when closed. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
