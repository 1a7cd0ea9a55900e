package dev.materia.agent.client;

import java.io.IOException;

/** The control plane answered 2xx with a body that is not the record the protocol promises. */
public final class MalformedResponseException extends IOException {
  public MalformedResponseException(String message, Throwable cause) {
    super(message, cause);
  }
}
