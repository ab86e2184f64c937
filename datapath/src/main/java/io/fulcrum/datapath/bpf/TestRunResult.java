package io.fulcrum.datapath.bpf;

/**
 * The outcome of one BPF_PROG_TEST_RUN.
 *
 * @param verdict the XDP action (see {@link XdpVerdict})
 * @param output the packet after the program (rewritten or not)
 * @param durationNs average run time per repetition
 */
public record TestRunResult(XdpVerdict verdict, byte[] output, long durationNs) {}
