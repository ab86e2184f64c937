package io.fulcrum.election;

/**
 * A conditional write of a {@link Document} was refused because the document's version was no
 * longer the one the writer read: another write won. Read the document again and retry.
 */
public final class DocumentConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DocumentConflictException(String message) {
    super(message);
  }
}
