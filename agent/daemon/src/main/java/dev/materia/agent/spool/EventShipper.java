package dev.materia.agent.spool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.materia.agent.client.Backoff;
import dev.materia.agent.client.ControlPlaneException;
import dev.materia.agent.client.EventBatchSender;
import dev.materia.api.RunEvent;
import dev.materia.api.agent.EventBatchAck;
import dev.materia.api.agent.SeqRange;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships one run's events from its {@link EventSpool} to the control plane in batches bounded by
 * size and time, on its own thread, until every event is acknowledged.
 *
 * <pre>{@code
 * EventShipper shipper = EventShipper.start(runId, spool, controlPlane.events(runToken), BatchLimits.DEFAULT, Backoff.DEFAULT, json);
 * shipper.append(event);                       // spooled at once, shipped soon
 * shipper.awaitShipped(Duration.ofSeconds(30)); // after the last event
 * shipper.close();
 * }</pre>
 *
 * <p>Each batch is fsync'd in the spool before it is sent, and always starts after the highest
 * acknowledged seq, so a lost answer or a gap the server reports just resends. Failures back off
 * with jitter and never stop the shipper; a rejected token (401), 403 or 404 stops it, leaving the
 * events in the spool for the agent to replay with its own token. A batch the control plane refuses
 * for what it holds (400, 409, 413, 422) is not sent again (it would be refused again and keep the
 * run from ending): it is said once in the log, and each of its events is replaced by a stand-in
 * with the same seq (an ERROR log line naming the refusal; a {@code run_finished} keeps its
 * status), so the run's seqs stay whole and it still ends.
 */
public final class EventShipper implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(EventShipper.class);

  private final String runId;
  private final EventSpool spool;
  private final EventBatchSender sender;
  private final BatchLimits limits;
  private final Backoff backoff;
  private final ObjectMapper json;
  private final byte[] bodyHead;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;

  private long oldestUnsentNanos = -1;

  /** The first seq of a batch dropped with its stand-ins refused too (a gap the server keeps). */
  private long firstDropped;

  /** Callers of awaitShipped; while there are any, batches go out without lingering. */
  private int flushWaiters;

  private boolean closing;
  private boolean stopped;
  private IOException stopCause;

  /**
   * Seqs the control plane acknowledged and later lost, which the spool no longer held: the control
   * plane's contiguous seq stays below them for good, so acknowledgements are read past them. Both
   * -1 while nothing is lost. Only the shipping thread uses them.
   */
  private long lostFrom = -1;

  private long lostTo = -1;

  private EventShipper(
      String runId,
      EventSpool spool,
      EventBatchSender sender,
      BatchLimits limits,
      Backoff backoff,
      ObjectMapper json) {
    this.runId = runId;
    this.spool = spool;
    this.sender = sender;
    this.limits = limits;
    this.backoff = backoff;
    this.json = json;
    try {
      this.bodyHead =
          ("{\"runId\":" + json.writeValueAsString(runId) + ",\"events\":[")
              .getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("runId cannot be written as JSON: " + runId, e);
    }
    this.thread = Thread.ofVirtual().name("materia-ship-" + runId).unstarted(this::loop);
  }

  /** Starts shipping what {@code spool} holds and whatever is appended later. */
  public static EventShipper start(
      String runId,
      EventSpool spool,
      EventBatchSender sender,
      BatchLimits limits,
      Backoff backoff,
      ObjectMapper json) {
    Objects.requireNonNull(runId, "runId == null");
    Objects.requireNonNull(spool, "spool == null");
    Objects.requireNonNull(sender, "sender == null");
    Objects.requireNonNull(limits, "limits == null");
    Objects.requireNonNull(backoff, "backoff == null");
    Objects.requireNonNull(json, "json == null");
    var shipper = new EventShipper(runId, spool, sender, limits, backoff, json);
    if (spool.appendedSeq() > spool.ackedSeq()) {
      shipper.oldestUnsentNanos = System.nanoTime() - limits.linger().toNanos();
    }
    shipper.thread.start();
    return shipper;
  }

  /** The spool this shipper drains. */
  public EventSpool spool() {
    return spool;
  }

  /** Spools an event (durably once its batch is sent) and wakes the shipper when a batch is due. */
  public void append(RunEvent event) throws IOException {
    spool.append(event);
    lock.lock();
    try {
      if (oldestUnsentNanos < 0) {
        oldestUnsentNanos = System.nanoTime();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until every appended event is acknowledged.
   *
   * @return false when the timeout passed, or the shipper stopped, with events still unacknowledged
   */
  public boolean awaitShipped(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      flushWaiters++;
      changed.signalAll();
      while (spool.ackedSeq() < spool.appendedSeq()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || stopped) {
          return false;
        }
        changed.awaitNanos(left);
      }
      return true;
    } finally {
      flushWaiters--;
      lock.unlock();
    }
  }

  /** Why the shipper stopped for good (a rejected token, say), or null while it runs. */
  public IOException stopCause() {
    lock.lock();
    try {
      return stopCause;
    } finally {
      lock.unlock();
    }
  }

  /** Stops shipping (events not yet acknowledged stay in the spool) and closes the spool. */
  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      closing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    spool.close();
  }

  private void loop() {
    int failures = 0;
    try {
      while (awaitBatchDue()) {
        List<SpooledEvent> batch =
            spool.read(spool.ackedSeq(), limits.maxEvents(), limits.maxBytes());
        if (batch.isEmpty()) {
          continue;
        }
        long before = spool.ackedSeq();
        try {
          spool.sync();
          EventBatchAck ack = sender.send(runId, body(batch));
          long contiguous = ack.contiguousSeq();
          if (firstDropped > 0
              && contiguous >= firstDropped - 1
              && contiguous < batch.getLast().seq()) {
            contiguous = batch.getLast().seq(); // stored whole; the gap is the dropped batch
          }
          if (contiguous < before) {
            contiguous = afterLoss(ack, batch, before);
            if (spool.ackedSeq() < before) {
              failures = 0; // rewound: send what the spool still holds at once
              continue;
            }
          }
          spool.acknowledge(contiguous);
          if (spool.ackedSeq() > before) {
            failures = 0;
            markSent();
            continue;
          }
          log.warn(
              "run {}: the control plane acknowledged seq {} after a batch of seqs {}..{}; resending",
              runId,
              ack.contiguousSeq(),
              batch.getFirst().seq(),
              batch.getLast().seq());
        } catch (ControlPlaneException e) {
          if (refusesContent(e.status())) {
            drop(batch, e);
            failures = 0;
            markSent();
            continue;
          }
          if (!e.retryable()) {
            stop(e);
            return;
          }
          log.warn("run {}: shipping events failed: {}", runId, e.getMessage());
        } catch (IOException e) {
          if (Thread.currentThread().isInterrupted() || isClosing()) {
            return;
          }
          log.warn("run {}: shipping events failed: {}", runId, e.getMessage());
        }
        failures++;
        if (!pause(backoff.delay(failures))) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      log.error("run {}: the event shipper failed; events stay in {}", runId, spool.dir(), e);
      stop(e instanceof IOException io ? io : new IOException(e));
    } catch (InterruptedException e) {
      // close() interrupts; events not yet acknowledged stay in the spool.
    } finally {
      lock.lock();
      try {
        stopped = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The control plane acknowledged {@code before} earlier but now has less (its database lost
   * committed events): says so once, rewinds the spool to resend what it still holds, and reads
   * acknowledgements past the seqs that are gone from both sides, so shipping never loops on them.
   *
   * @return the seq to acknowledge now
   */
  private long afterLoss(EventBatchAck ack, List<SpooledEvent> batch, long before)
      throws IOException {
    long contiguous = ack.contiguousSeq();
    if (lostTo >= 0 && contiguous == lostFrom - 1) {
      return pastLostSeqs(ack, batch);
    }
    long held = spool.rewind(contiguous);
    if (held == contiguous) {
      log.error(
          "run {}: the control plane had acknowledged seqs up to {} but now holds only up to {}: it"
              + " lost seqs {}..{} after acknowledging them (a database restored, or committing"
              + " without synchronous_commit?); resending them from the spool",
          runId,
          before,
          contiguous,
          contiguous + 1,
          before);
      return contiguous;
    }
    lostFrom = contiguous + 1;
    lostTo = held;
    log.error(
        "run {}: the control plane had acknowledged seqs up to {} but now holds only up to {}: it"
            + " lost seqs {}..{} after acknowledging them (a database restored, or committing"
            + " without synchronous_commit?); seqs {}..{} are no longer in the spool, so they are"
            + " lost for good{}",
        runId,
        before,
        contiguous,
        contiguous + 1,
        before,
        lostFrom,
        lostTo,
        held < before ? "; resending seqs " + (held + 1) + ".." + before + " from the spool" : "");
    return held < before ? held : pastLostSeqs(ack, batch);
  }

  /** The highest seq the control plane holds with every seq below it, the lost ones aside. */
  private long pastLostSeqs(EventBatchAck ack, List<SpooledEvent> batch) {
    List<SeqRange> gaps = ack.gaps();
    if (gaps.isEmpty() || gaps.getFirst().first() != lostFrom) {
      return ack.contiguousSeq();
    }
    if (gaps.getFirst().last() > lostTo) {
      return lostTo; // more is missing after the lost seqs: the spool still has it
    }
    return gaps.size() > 1 ? gaps.get(1).first() - 1 : batch.getLast().seq();
  }

  /** Waits until a batch is due: full, old enough, or wanted now; false when closing. */
  private boolean awaitBatchDue() throws InterruptedException {
    lock.lock();
    try {
      while (!closing) {
        long unsent = spool.appendedSeq() - spool.ackedSeq();
        if (unsent > 0) {
          if (unsent >= limits.maxEvents() || spool.finished() || flushWaiters > 0) {
            return true;
          }
          long waited = System.nanoTime() - oldestUnsentNanos;
          long left = limits.linger().toNanos() - waited;
          if (oldestUnsentNanos < 0 || left <= 0) {
            return true;
          }
          changed.awaitNanos(left);
        } else {
          changed.await();
        }
      }
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void markSent() {
    lock.lock();
    try {
      oldestUnsentNanos = spool.appendedSeq() > spool.ackedSeq() ? System.nanoTime() : -1;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean isClosing() {
    lock.lock();
    try {
      return closing;
    } finally {
      lock.unlock();
    }
  }

  /** Sleeps for a backoff delay unless closing; false when the shipper should stop. */
  private boolean pause(Duration delay) throws InterruptedException {
    lock.lock();
    try {
      long left = delay.toNanos();
      while (!closing && left > 0) {
        left = changed.awaitNanos(left);
      }
      return !closing;
    } finally {
      lock.unlock();
    }
  }

  /** Statuses that refuse a batch for what it holds: sending it again would be refused again. */
  static boolean refusesContent(int status) {
    return status == 400 || status == 409 || status == 413 || status == 422;
  }

  private void drop(List<SpooledEvent> batch, ControlPlaneException refusal) throws IOException {
    long first = batch.getFirst().seq();
    long last = batch.getLast().seq();
    log.error(
        "run {}: the control plane refused events {}..{} ({}); they are not sent again: each is"
            + " replaced by a note with its seq, and shipping goes on",
        runId,
        first,
        last,
        refusal.getMessage());
    String reason = refusal.getMessage();
    if (reason.length() > 500) {
      reason = reason.substring(0, 497) + "...";
    }
    List<SpooledEvent> standIns = new java.util.ArrayList<>(batch.size());
    for (SpooledEvent event : batch) {
      standIns.add(new SpooledEvent(event.seq(), standIn(event, reason)));
    }
    try {
      EventBatchAck ack = sender.send(runId, body(standIns));
      spool.acknowledge(ack.contiguousSeq());
    } catch (ControlPlaneException e) {
      if (!refusesContent(e.status())) {
        throw e;
      }
      log.error("run {}: the notes for events {}..{} were refused too: {}", runId, first, last, e);
      if (firstDropped == 0) {
        firstDropped = first;
      }
    }
    spool.acknowledge(last);
  }

  /**
   * The event that takes a refused event's seq: its {@code run_finished} with the refusal as its
   * message (so the run still ends as it did), else an ERROR log line naming the refusal.
   */
  private byte[] standIn(SpooledEvent event, String reason) throws IOException {
    var original = json.readTree(event.json());
    String type = original.path("type").asText("");
    String timestamp = original.path("timestamp").asText(java.time.Instant.now().toString());
    String note = "the control plane refused event " + event.seq() + " (" + type + "): " + reason;
    var standIn = json.createObjectNode();
    if (type.equals("run_finished") && original.path("status").isTextual()) {
      standIn.put("type", "run_finished");
      standIn.put("runId", runId);
      standIn.put("seq", event.seq());
      standIn.put("timestamp", timestamp);
      standIn.put("status", original.path("status").asText());
      standIn.put("durationMillis", original.path("durationMillis").asLong(0));
      standIn.put("message", note);
    } else {
      standIn.put("type", "log_line");
      standIn.put("runId", runId);
      standIn.put("seq", event.seq());
      standIn.put("timestamp", timestamp);
      standIn.putNull("stepKey");
      standIn.put("level", "ERROR");
      standIn.put("message", note);
    }
    return json.writeValueAsBytes(standIn);
  }

  private void stop(IOException cause) {
    log.error(
        "run {}: the control plane refused its events ({}); they stay in {} for the agent to replay",
        runId,
        cause.getMessage(),
        spool.dir());
    lock.lock();
    try {
      stopCause = cause;
      stopped = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private byte[] body(List<SpooledEvent> batch) {
    int size = bodyHead.length + 2 + batch.size();
    for (SpooledEvent event : batch) {
      size += event.json().length;
    }
    var out = new ByteArrayOutputStream(size);
    out.writeBytes(bodyHead);
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(batch.get(i).json());
    }
    out.write(']');
    out.write('}');
    return out.toByteArray();
  }

  /** For tests: whether the shipping thread has ended. */
  boolean isStopped() {
    lock.lock();
    try {
      return stopped;
    } finally {
      lock.unlock();
    }
  }
}
