package teller.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import teller.server.approval.ApprovalReceipt;
import teller.server.approval.ApprovalResult;
import teller.server.common.ConflictException;
import teller.server.common.DatabaseUnavailableException;
import teller.server.common.DomainException;
import teller.server.common.IdempotencyRecords;
import teller.server.common.InvalidInputException;
import teller.server.common.OverloadedException;
import teller.server.common.TooManyRequestsException;
import teller.server.common.UnavailableException;
import teller.server.common.RuleViolationException;
import teller.server.common.Sha256;

/**
 * Replays writes sent with an {@code Idempotency-Key}: the first request with a key runs and its
 * response (success or refusal; not bad input, which writes nothing) is stored; the same key and body later, or concurrently, gets that
 * response again with {@code "duplicate": true}; the same key with another body is refused (422).
 * A request that finds the key claimed by a process that died takes the claim over and runs
 * (decision 0070); one claimed by a live process waits for its answer, up to {@link #WAIT_FOR_ORIGINAL}.
 */
final class IdempotentWrites {
    static final String HEADER = "Idempotency-Key";
    static final int KEY_LENGTH_MAX = 200;
    private static final Duration WAIT_FOR_ORIGINAL = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    /** A response to send: status and JSON body. */
    record Response(int status, Object body) {
    }

    interface Write {
        Response run();
    }

    private final IdempotencyRecords records;
    private final ObjectMapper json;

    IdempotentWrites(IdempotencyRecords records, ObjectMapper json) {
        this.records = records;
        this.json = json;
    }

    void handle(Context ctx, Principal principal, Write write) throws JsonProcessingException {
        String key = ctx.header(HEADER);
        if (key == null) {
            send(ctx, write.run());
            return;
        }
        if (key.isBlank() || key.length() > KEY_LENGTH_MAX) {
            throw new InvalidInputException(HEADER, HEADER + " must be 1-" + KEY_LENGTH_MAX + " characters");
        }
        String owner = owner(principal);
        String methodPath = methodPath(ctx);
        String requestHash = requestHash(ctx);
        long deadline = System.nanoTime() + WAIT_FOR_ORIGINAL.toNanos();
        while (true) {
            if (records.claim(owner, key, methodPath, requestHash)) {
                runAndStore(ctx, owner, key, write);
                return;
            }
            var stored = records.find(owner, key);
            if (stored.isPresent()) {
                if (!stored.get().methodPath().equals(methodPath) || !stored.get().requestHash().equals(requestHash)) {
                    throw new RuleViolationException("IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_KEY",
                            "this Idempotency-Key was used for a different request", Map.of());
                }
                if (stored.get().completed()) {
                    replay(ctx, stored.get());
                    return;
                }
            }
            // Running in a live process: wait for its answer. Claimed by a dead one, or released by a
            // failure a moment ago: the claim at the top of the next round takes it.
            if (System.nanoTime() > deadline) {
                throw new ConflictException("IDEMPOTENCY_IN_PROGRESS",
                        "a request with this Idempotency-Key is still running", Map.of());
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConflictException("IDEMPOTENCY_IN_PROGRESS", "interrupted while waiting", Map.of());
            }
        }
    }

    private static String owner(Principal principal) {
        return principal.actor().type() + ":" + principal.actor().id();
    }

    private static String methodPath(Context ctx) {
        return ctx.method() + " " + ctx.path();
    }

    private static String requestHash(Context ctx) {
        return Sha256.hex(methodPath(ctx) + "\n" + ctx.body());
    }

    /**
     * The request's Idempotency-Key as a receipt the approval batch claims and answers in its own
     * transaction (decision 0102), or null when the request has no key. The answers are the ones
     * {@link #handle} would store: the response, or a refusal's error body; nothing for a refusal
     * that asks to try again later or for bad input (the batch then gives the key up).
     */
    ApprovalReceipt receipt(Context ctx, Principal principal, Function<ApprovalResult, Response> answer) {
        String key = ctx.header(HEADER);
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > KEY_LENGTH_MAX) {
            throw new InvalidInputException(HEADER, HEADER + " must be 1-" + KEY_LENGTH_MAX + " characters");
        }
        return new ApprovalReceipt(records, owner(principal), key, methodPath(ctx), requestHash(ctx),
                new ApprovalReceipt.Answers() {
                    @Override
                    public ApprovalReceipt.Stored decided(ApprovalResult result) {
                        Response response = answer.apply(result);
                        return new ApprovalReceipt.Stored(response.status(), text(response.body()));
                    }

                    @Override
                    public ApprovalReceipt.Stored refused(DomainException refusal) {
                        if (!stored(refusal)) {
                            return null;
                        }
                        return new ApprovalReceipt.Stored(ErrorMapper.status(refusal),
                                text(ErrorMapper.body(refusal.code(), refusal.getMessage(), refusal.details())));
                    }
                });
    }

    /** Whether a refusal is the request's answer to replay: not bad input, not "try again later". */
    private static boolean stored(DomainException refusal) {
        return !(refusal instanceof InvalidInputException || refusal instanceof DatabaseUnavailableException
                || refusal instanceof OverloadedException || refusal instanceof TooManyRequestsException
                || refusal instanceof UnavailableException || ErrorMapper.status(refusal) == 503);
    }

    private String text(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }

    /** Sends a response that was stored already (by the approval batch, with its receipt). */
    void respond(Context ctx, Response response) throws JsonProcessingException {
        send(ctx, response);
    }

    private void runAndStore(Context ctx, String owner, String key, Write write) throws JsonProcessingException {
        Response response;
        try {
            response = write.run();
        } catch (InvalidInputException badInput) {
            // Bad input is not a result worth replaying and must leave nothing written: the
            // client may fix the request and send it again under the same key.
            records.release(owner, key);
            throw badInput;
        } catch (DatabaseUnavailableException | OverloadedException | TooManyRequestsException
                 | UnavailableException tryLater) {
            // "Try again later" must not be replayed to the retry it asks for. With the database
            // gone the release fails too; the claim is then taken over once this process's owner
            // session is gone or replaced (decision 0070).
            releaseIfPossible(owner, key);
            throw tryLater;
        } catch (DomainException refusal) {
            if (ErrorMapper.status(refusal) == 503) {
                // Unavailable for now (a provider down, the server busy): nothing was written, and
                // the same request under the same key must be able to succeed once it is back.
                releaseIfPossible(owner, key);
                throw refusal;
            }
            Map<String, Object> body = ErrorMapper.body(refusal.code(), refusal.getMessage(), refusal.details());
            records.complete(owner, key, ErrorMapper.status(refusal), json.writeValueAsString(body));
            throw refusal;
        } catch (RuntimeException failure) {
            records.release(owner, key);
            throw failure;
        }
        records.complete(owner, key, response.status(), json.writeValueAsString(response.body()));
        send(ctx, response);
    }

    private void releaseIfPossible(String owner, String key) {
        try {
            records.release(owner, key);
        } catch (RuntimeException databaseGone) {
            // see the caller
        }
    }

    private void replay(Context ctx, IdempotencyRecords.Stored stored) throws JsonProcessingException {
        ctx.attribute(ApiServer.REPLAYED_ATTRIBUTE, true);
        var body = json.readTree(stored.responseBody());
        if (body instanceof ObjectNode object && !object.has("error")) {
            object.put("duplicate", true);
        }
        ctx.status(stored.statusCode()).contentType("application/json").result(json.writeValueAsString(body));
    }

    private void send(Context ctx, Response response) throws JsonProcessingException {
        ctx.status(response.status()).contentType("application/json").result(json.writeValueAsString(response.body()));
    }
}
