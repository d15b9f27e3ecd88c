package teller.server.approval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.OverloadedException;
import teller.server.common.Transactor;

/**
 * Group commit for approvals: every deposit approval, and the first step (hold and EXECUTING) of
 * every game load and withdrawal approval (decision 0135). Concurrent approvals wait in a bounded
 * queue; each flusher takes whatever has gathered (up to {@code batchSizeMax}) and decides it in
 * one database transaction of two round trips ({@link DepositBatch}, decision 0170), so N approvals cost one
 * commit instead of N. A lone approval is
 * a batch of one and waits for nobody. If a batch fails as a whole, its orders are retried one by
 * one so a single bad order cannot fail its neighbours.
 */
public final class DepositBatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DepositBatcher.class);
    private static final long POLL_MILLIS = 200;

    private final Transactor tx;
    private final DepositBatch decider;
    private final int batchSizeMax;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> flushers = new ArrayList<>();
    private final LongAdder batchesFlushed = new LongAdder();
    private final LongAdder approvalsFlushed = new LongAdder();
    private final LongAdder waitedTooLong = new LongAdder();
    private volatile boolean running = true;

    /** Queued, then either taken by a flusher or abandoned by its waiter, never both. */
    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int ABANDONED = 2;

    private record Pending(DepositApproval approval, CompletableFuture<DepositOutcome> result, AtomicInteger state) {
    }

    DepositBatcher(Transactor tx, DepositBatch batch, int batchSizeMax, int flusherCount, int queueCapacity) {
        if (batchSizeMax < 1 || flusherCount < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("batch size, flusher count and queue capacity must be positive");
        }
        this.tx = tx;
        this.decider = batch;
        this.batchSizeMax = batchSizeMax;
        this.queue = new LinkedBlockingQueue<>(queueCapacity);
        for (int i = 0; i < flusherCount; i++) {
            Thread thread = new Thread(this::flushLoop, "deposit-approvals-" + i);
            thread.setDaemon(true);
            thread.start();
            flushers.add(thread);
        }
    }

    /** Queues the approval; the future ends with its outcome or its refusal, with no bound on the wait. */
    public CompletableFuture<DepositOutcome> submit(DepositApproval approval) {
        return enqueue(approval).result();
    }

    private Pending enqueue(DepositApproval approval) {
        if (!running) {
            throw new OverloadedException("the server is shutting down");
        }
        var pending = new Pending(approval, new CompletableFuture<>(), new AtomicInteger(QUEUED));
        if (!queue.offer(pending)) {
            throw new OverloadedException("too many approvals in flight; retry shortly");
        }
        return pending;
    }

    /**
     * Submits the approval and waits for its outcome at most {@code waitMax} while it is queued
     * (decision 0101). Past that, an approval no flusher has taken yet is withdrawn and refused with
     * 503 {@code BUSY}: nothing was written for it. One a flusher has already taken is in its batch's
     * transaction, whose statements are bounded by the pool's lock and statement timeouts, so its
     * outcome (or that transaction's refusal) is awaited: answering before it would hide a write.
     */
    public DepositOutcome approve(DepositApproval approval, Duration waitMax) throws InterruptedException {
        Pending pending = enqueue(approval);
        try {
            return pending.result().get(waitMax.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            if (pending.state().compareAndSet(QUEUED, ABANDONED)) {
                queue.remove(pending);
                waitedTooLong.increment();
                throw new OverloadedException("BUSY", "the approval waited longer than " + waitMax.toMillis()
                        + " ms for its turn; nothing was written; retry shortly");
            }
            try {
                return pending.result().get();
            } catch (ExecutionException e) {
                throw unwrap(e.getCause());
            }
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static RuntimeException unwrap(Throwable cause) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
    }

    /** Approvals refused with BUSY because they waited in the queue past their bound. */
    public long waitedTooLong() {
        return waitedTooLong.sum();
    }

    private void flushLoop() {
        List<Pending> batch = new ArrayList<>(batchSizeMax);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSizeMax - 1);
                // An approval whose waiter gave up is not decided: its 503 promised nothing was written.
                batch.removeIf(p -> !p.state().compareAndSet(QUEUED, TAKEN));
                if (!batch.isEmpty()) {
                    flush(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("deposit approval flusher failed", e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void flush(List<Pending> batch) {
        try {
            complete(batch, execute(batch));
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.get(0).result().completeExceptionally(batchFailure);
                return;
            }
            log.warn("batch of {} deposit approvals failed ({}); retrying one by one", batch.size(), batchFailure.toString());
            for (Pending pending : batch) {
                try {
                    complete(List.of(pending), execute(List.of(pending)));
                } catch (RuntimeException single) {
                    pending.result().completeExceptionally(single);
                }
            }
        }
    }

    /** One transaction for the batch: see {@link DepositBatch#decide}. */
    private List<DepositBatch.Answer> execute(List<Pending> pending) {
        return decideAsOneBatch(pending.stream().map(Pending::approval).toList());
    }

    /**
     * Decides these approvals as one batch in one transaction on the calling thread, exactly as a
     * flusher does with what it took from the queue; tests use it to pin what one batch costs.
     */
    List<DepositBatch.Answer> decideAsOneBatch(List<DepositApproval> approvals) {
        long bucketHint = ThreadLocalRandom.current().nextLong(0, Long.MAX_VALUE);
        List<DepositBatch.Answer> outcomes = tx.inTransaction(() -> decider.decide(approvals, bucketHint));
        batchesFlushed.increment();
        approvalsFlushed.add(approvals.size());
        return outcomes;
    }

    /** Database transactions committed so far; with {@link #approvalsFlushed()} it gives the mean batch size. */
    public long batchesFlushed() {
        return batchesFlushed.sum();
    }

    /** Approvals carried by those transactions (refused ones included). */
    public long approvalsFlushed() {
        return approvalsFlushed.sum();
    }

    /** Each approval gets its outcome, or its refusal as the future's exception. */
    private static void complete(List<Pending> batch, List<DepositBatch.Answer> outcomes) {
        if (outcomes.size() != batch.size()) {
            throw new IllegalStateException("batch of " + batch.size() + " approvals produced " + outcomes.size() + " outcomes");
        }
        for (int i = 0; i < batch.size(); i++) {
            DepositBatch.Answer answer = outcomes.get(i);
            if (answer.refusal() != null) {
                batch.get(i).result().completeExceptionally(answer.refusal());
            } else {
                batch.get(i).result().complete(answer.outcome());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread thread : flushers) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
