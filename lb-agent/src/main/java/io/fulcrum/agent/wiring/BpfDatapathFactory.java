package io.fulcrum.agent.wiring;

import io.fulcrum.agent.config.DataplaneSettings;
import io.fulcrum.datapath.Datapath;
import io.fulcrum.datapath.DatapathException;

/** The real data plane (XDP program in the kernel, maps pinned in bpffs). */
public final class BpfDatapathFactory implements DatapathFactory {

  @Override
  public Datapath open(DataplaneSettings settings) {
    throw new DatapathException("the BPF data plane is not wired into this build yet");
  }

  @Override
  public void teardown(DataplaneSettings settings) {
    throw new DatapathException("the BPF data plane is not wired into this build yet");
  }
}
