package dev.materia.controlplane.agents;

import dev.materia.api.agent.AgentProtocol;
import dev.materia.api.agent.WorkItem;
import dev.materia.api.agent.WorkResponse;
import dev.materia.controlplane.access.AgentCaller;
import dev.materia.controlplane.access.TokenKind;
import dev.materia.controlplane.api.ApiError;
import dev.materia.controlplane.api.ApiException;
import dev.materia.controlplane.api.ProtocolVersion;
import dev.materia.controlplane.queue.LongPolls;
import dev.materia.controlplane.runs.Dispatcher;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agents' long poll: held until work for one of the token's deployments arrives or the wait
 * runs out. No thread waits for a held poll (see {@link LongPolls}); when the agent hangs up, its
 * poll is dropped, and work claimed for it just then goes back to the queue at once.
 */
@ApiResponse(
    responseCode = "4XX",
    description = "Refused; the body says why in the one error shape",
    content =
        @Content(mediaType = "application/json", schema = @Schema(implementation = ApiError.class)))
@Controller(AgentProtocol.WORK_PATH)
@Tag(name = "agent protocol")
final class WorkController {
  private static final Pattern WAIT = Pattern.compile("^(\\d{1,7})(ms|s)?$");

  private final LongPolls polls;
  private final Dispatcher dispatcher;
  private final Duration maxWait;
  private final Duration pollInterval;
  private final Duration heartbeatInterval;

  WorkController(
      LongPolls polls,
      Dispatcher dispatcher,
      @Value("${materia.queue.max-wait:60s}") Duration maxWait,
      @Value("${materia.agents.poll-interval:0s}") Duration pollInterval,
      @Value("${materia.agents.heartbeat-interval:10s}") Duration heartbeatInterval) {
    this.polls = polls;
    this.dispatcher = dispatcher;
    this.maxWait = maxWait;
    this.pollInterval = pollInterval;
    this.heartbeatInterval = heartbeatInterval;
  }

  /**
   * Claims the token's deployments' work, waiting up to {@code wait} for some.
   *
   * @param wait {@code 25s}, {@code 500ms} or seconds; 0 answers at once; at most 60 s
   */
  @Get
  CompletableFuture<WorkResponse> work(
      HttpRequest<?> request,
      AgentCaller caller,
      @Nullable @Header(AgentProtocol.HEADER) String protocol,
      @Nullable @QueryValue(AgentProtocol.WAIT_PARAM) String wait) {
    ProtocolVersion.require(protocol);
    if (caller.kind() != TokenKind.AGENT) {
      throw ApiException.forbidden(
          "wrong_token_kind", "only agent tokens (mta_) poll for work; run tokens ship events");
    }
    Duration held = parseWait(wait);
    CompletableFuture<List<WorkItem>> poll =
        polls.hold(
            caller.orgId(),
            caller.deploymentIds(),
            held,
            () -> dispatcher.claim(caller),
            items -> dispatcher.release(caller, items));
    Channel channel =
        request instanceof NettyHttpRequest<?> netty
            ? netty.getChannelHandlerContext().channel()
            : null;
    if (channel == null) {
      return poll.thenApply(this::response);
    }
    // The agent hung up: end its poll (empty, nobody reads it), so no work is claimed for it.
    ChannelFutureListener hungUp = closed -> poll.complete(List.of());
    channel.closeFuture().addListener(hungUp);
    poll.whenComplete((items, error) -> channel.closeFuture().removeListener(hungUp));
    return poll.thenApply(
        items -> {
          if (!items.isEmpty() && !channel.isActive()) {
            dispatcher.release(caller, items); // it hung up while we claimed
          }
          return response(items);
        });
  }

  private WorkResponse response(List<WorkItem> items) {
    return new WorkResponse(items, pollInterval.toMillis(), heartbeatInterval.toMillis());
  }

  private Duration parseWait(@Nullable String wait) {
    if (wait == null || wait.isBlank()) {
      return Duration.ZERO;
    }
    Matcher m = WAIT.matcher(wait.trim());
    if (!m.matches()) {
      throw ApiException.invalid(
          AgentProtocol.WAIT_PARAM,
          "wait '" + wait + "' is not a duration: use 25s, 500ms or a number of seconds");
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration =
        "ms".equals(m.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    if (duration.compareTo(maxWait) > 0) {
      throw ApiException.invalid(
          AgentProtocol.WAIT_PARAM,
          "wait " + wait + " is longer than this server holds a poll (" + maxWait + ")");
    }
    return duration;
  }
}
