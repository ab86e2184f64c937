package io.fulcrum.kubernetes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** In-memory stand-ins of the source's ports. */
final class TestPorts {
  private TestPorts() {}

  static final class Leadership implements LeadershipView {
    private volatile boolean leader;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    Leadership(boolean leader) {
      this.leader = leader;
    }

    void set(boolean leader) {
      this.leader = leader;
      listeners.forEach(Runnable::run);
    }

    @Override
    public boolean isLeader() {
      return leader;
    }

    @Override
    public void addListener(Runnable onChange) {
      listeners.add(onChange);
    }
  }

  static final class Recorder implements DesiredServicesListener {
    final List<KubernetesDesired> history = new CopyOnWriteArrayList<>();
    volatile KubernetesDesired last;

    @Override
    public void onDesired(KubernetesDesired desired) {
      history.add(desired);
      last = desired;
    }
  }
}
