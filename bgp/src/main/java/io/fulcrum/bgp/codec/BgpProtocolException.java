package io.fulcrum.bgp.codec;

/**
 * A protocol error found while decoding or checking a message: carries the NOTIFICATION error code,
 * subcode and data the RFC prescribes for it.
 */
public final class BgpProtocolException extends Exception {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final int subcode;
  private final transient byte[] data;

  public BgpProtocolException(int code, int subcode, byte[] data, String message) {
    super(message + " (NOTIFICATION " + code + "/" + subcode + ")");
    this.code = code;
    this.subcode = subcode;
    this.data = data == null ? new byte[0] : data.clone();
  }

  public BgpProtocolException(int code, int subcode, String message) {
    this(code, subcode, null, message);
  }

  public int code() {
    return code;
  }

  public int subcode() {
    return subcode;
  }

  public byte[] data() {
    return data.clone();
  }

  /** The NOTIFICATION to send for this error. */
  public BgpMessage.Notification toNotification() {
    return new BgpMessage.Notification(code, subcode, data);
  }
}
