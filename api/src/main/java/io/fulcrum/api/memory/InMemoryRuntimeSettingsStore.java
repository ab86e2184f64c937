package io.fulcrum.api.memory;

import io.fulcrum.api.port.RuntimeChange;
import io.fulcrum.api.port.RuntimeSettingsStore;
import io.fulcrum.api.port.RuntimeState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime settings held in memory, changes applied one at a time. Subclasses make the new state
 * durable in {@link #persist(RuntimeState)} before it becomes visible.
 */
public class InMemoryRuntimeSettingsStore implements RuntimeSettingsStore {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryRuntimeSettingsStore.class);
  private final Object lock = new Object();
  private final List<Consumer<RuntimeState>> listeners = new CopyOnWriteArrayList<>();
  private volatile RuntimeState state;

  public InMemoryRuntimeSettingsStore() {
    this(RuntimeState.EMPTY);
  }

  protected InMemoryRuntimeSettingsStore(RuntimeState initial) {
    this.state = initial;
  }

  @Override
  public RuntimeState current() {
    return state;
  }

  @Override
  public RuntimeState apply(RuntimeChange change) {
    synchronized (lock) {
      RuntimeState next = state.apply(change);
      persist(next);
      state = next;
      tell(next);
      return next;
    }
  }

  /**
   * Takes {@code next} as the state, as decided elsewhere (a replicated group): keeps it (a failure
   * to store it locally is logged, the state is taken all the same) and tells the subscribers. A
   * state equal to the current one changes nothing.
   */
  public void adopt(RuntimeState next) {
    synchronized (lock) {
      if (next.equals(state)) {
        return;
      }
      try {
        persist(next);
      } catch (RuntimeException e) {
        LOG.warn(
            "runtime settings revision {} not stored locally: {}", next.revision(), e.getMessage());
      }
      state = next;
      tell(next);
    }
  }

  /**
   * Tells every subscriber, under the lock so that each sees the states in order. The state is
   * applied and stored: a failing subscriber must not make it look refused.
   */
  private void tell(RuntimeState next) {
    for (Consumer<RuntimeState> l : listeners) {
      try {
        l.accept(next);
      } catch (RuntimeException e) {
        LOG.error("runtime settings subscriber failed on revision {}", next.revision(), e);
      }
    }
  }

  /**
   * Makes {@code next} durable; throwing here refuses the change.
   *
   * @throws io.fulcrum.api.port.PortException UNAVAILABLE when it cannot be stored
   */
  protected void persist(RuntimeState next) {}

  @Override
  public Subscription subscribe(Consumer<RuntimeState> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
