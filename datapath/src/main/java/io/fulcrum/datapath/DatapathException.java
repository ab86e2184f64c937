package io.fulcrum.datapath;

/** A data plane operation failed; carries the errno when the kernel gave one. */
public class DatapathException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int errno;

  public DatapathException(String message, int errno) {
    super(errno == 0 ? message : message + " (errno " + errno + ")");
    this.errno = errno;
  }

  public DatapathException(String message) {
    this(message, 0);
  }

  /** The kernel's errno, or 0 when the failure was not a system call. */
  public int errno() {
    return errno;
  }
}
