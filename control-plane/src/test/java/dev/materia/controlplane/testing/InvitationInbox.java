package dev.materia.controlplane.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Catches the invitation links the control plane logs (its default delivery), so tests can accept
 * invitations the way an invitee would, by following the link.
 */
public final class InvitationInbox {
  private static final Pattern TOKEN = Pattern.compile("#token=(mti_[0-9A-Za-z]+)");
  private static final List<String> LINES = new CopyOnWriteArrayList<>();

  static {
    Logger logger =
        (Logger) LoggerFactory.getLogger("dev.materia.controlplane.tenancy.InvitationDelivery");
    AppenderBase<ILoggingEvent> appender =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            LINES.add(event.getFormattedMessage());
          }
        };
    appender.setContext(logger.getLoggerContext());
    appender.start();
    logger.addAppender(appender);
  }

  private InvitationInbox() {}

  /** Call before the invitation is sent, so the appender is in place. */
  public static void open() {
    // Loading the class attaches the appender.
  }

  /** The token of the latest invitation logged for {@code email}. */
  public static Optional<String> latestTokenFor(String email) {
    for (int i = LINES.size() - 1; i >= 0; i--) {
      String line = LINES.get(i);
      if (line.contains("Invitation for " + email + " ")) {
        Matcher matcher = TOKEN.matcher(line);
        if (matcher.find()) {
          return Optional.of(matcher.group(1));
        }
      }
    }
    return Optional.empty();
  }

  /** The whole logged line of the latest invitation for {@code email}. */
  public static Optional<String> latestLineFor(String email) {
    for (int i = LINES.size() - 1; i >= 0; i--) {
      if (LINES.get(i).contains("Invitation for " + email + " ")) {
        return Optional.of(LINES.get(i));
      }
    }
    return Optional.empty();
  }
}
