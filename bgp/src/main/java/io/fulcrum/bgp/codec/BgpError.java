package io.fulcrum.bgp.codec;

/** NOTIFICATION error codes and subcodes (RFC 4271 4.5, 6; RFC 4486; RFC 6608; RFC 7313). */
public final class BgpError {
  private BgpError() {}

  public static final int HEADER = 1;
  public static final int HEADER_NOT_SYNCHRONIZED = 1;
  public static final int HEADER_BAD_LENGTH = 2;
  public static final int HEADER_BAD_TYPE = 3;

  public static final int OPEN = 2;
  public static final int OPEN_UNSPECIFIC = 0;
  public static final int OPEN_UNSUPPORTED_VERSION = 1;
  public static final int OPEN_BAD_PEER_AS = 2;
  public static final int OPEN_BAD_BGP_ID = 3;
  public static final int OPEN_UNSUPPORTED_OPT_PARAM = 4;
  public static final int OPEN_UNACCEPTABLE_HOLD_TIME = 6;
  public static final int OPEN_UNSUPPORTED_CAPABILITY = 7;

  public static final int UPDATE = 3;
  public static final int UPDATE_MALFORMED_ATTRIBUTE_LIST = 1;
  public static final int UPDATE_UNRECOGNIZED_WELL_KNOWN = 2;
  public static final int UPDATE_MISSING_WELL_KNOWN = 3;
  public static final int UPDATE_ATTRIBUTE_FLAGS = 4;
  public static final int UPDATE_ATTRIBUTE_LENGTH = 5;
  public static final int UPDATE_INVALID_ORIGIN = 6;
  public static final int UPDATE_INVALID_NEXT_HOP = 8;
  public static final int UPDATE_OPTIONAL_ATTRIBUTE = 9;
  public static final int UPDATE_INVALID_NETWORK = 10;
  public static final int UPDATE_MALFORMED_AS_PATH = 11;

  public static final int HOLD_TIMER_EXPIRED = 4;

  public static final int FSM = 5;
  public static final int FSM_UNSPECIFIED = 0;
  public static final int FSM_OPEN_SENT = 1;
  public static final int FSM_OPEN_CONFIRM = 2;
  public static final int FSM_ESTABLISHED = 3;

  public static final int CEASE = 6;
  public static final int CEASE_MAX_PREFIXES = 1;
  public static final int CEASE_ADMIN_SHUTDOWN = 2;
  public static final int CEASE_PEER_DECONFIGURED = 3;
  public static final int CEASE_ADMIN_RESET = 4;
  public static final int CEASE_CONNECTION_REJECTED = 5;
  public static final int CEASE_OTHER_CONFIG_CHANGE = 6;
  public static final int CEASE_COLLISION = 7;
  public static final int CEASE_OUT_OF_RESOURCES = 8;

  public static final int ROUTE_REFRESH = 7;
  public static final int ROUTE_REFRESH_BAD_LENGTH = 1;

  /** A short human-readable name for a code/subcode pair, for logs and status. */
  public static String describe(int code, int subcode) {
    String c =
        switch (code) {
          case HEADER -> "message header error";
          case OPEN -> "OPEN message error";
          case UPDATE -> "UPDATE message error";
          case HOLD_TIMER_EXPIRED -> "hold timer expired";
          case FSM -> "finite state machine error";
          case CEASE -> "cease";
          case ROUTE_REFRESH -> "ROUTE-REFRESH message error";
          default -> "error code " + code;
        };
    return c + " (" + code + "/" + subcode + ")";
  }
}
