package teller.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import teller.server.common.ConflictException;
import teller.server.common.DomainException;
import teller.server.common.IdempotencyRecords;
import teller.server.common.InvalidInputException;
import teller.server.common.RuleViolationException;
import teller.server.common.Sha256;

/**
 * Replays writes sent with an {@code Idempotency-Key}: the first request with a key runs and its
 * response (success or refusal; not bad input, which writes nothing) is stored; the same key and body later, or concurrently, gets that
 * response again with {@code "duplicate": true}; the same key with another body is refused (422).
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
        String owner = principal.actor().type() + ":" + principal.actor().id();
        String methodPath = ctx.method() + " " + ctx.path();
        String requestHash = Sha256.hex(methodPath + "\n" + ctx.body());
        if (records.claim(owner, key, methodPath, requestHash)) {
            Response response;
            try {
                response = write.run();
            } catch (InvalidInputException badInput) {
                // Bad input is not a result worth replaying and must leave nothing written: the
                // client may fix the request and send it again under the same key.
                records.release(owner, key);
                throw badInput;
            } catch (DomainException refusal) {
                if (ErrorMapper.status(refusal) == 503) {
                    // Unavailable for now (a provider down, the server busy): nothing was written, and
                    // the same request under the same key must be able to succeed once it is back.
                    records.release(owner, key);
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
            return;
        }
        replay(ctx, owner, key, methodPath, requestHash);
    }

    private void replay(Context ctx, String owner, String key, String methodPath, String requestHash)
            throws JsonProcessingException {
        long deadline = System.nanoTime() + WAIT_FOR_ORIGINAL.toNanos();
        while (true) {
            var stored = records.find(owner, key);
            if (stored.isEmpty()) {
                throw new ConflictException("IDEMPOTENCY_IN_PROGRESS",
                        "the original request with this key failed; send it again", Map.of());
            }
            if (!stored.get().methodPath().equals(methodPath) || !stored.get().requestHash().equals(requestHash)) {
                throw new RuleViolationException("IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_KEY",
                        "this Idempotency-Key was used for a different request", Map.of());
            }
            if (stored.get().completed()) {
                var body = json.readTree(stored.get().responseBody());
                if (body instanceof ObjectNode object && !object.has("error")) {
                    object.put("duplicate", true);
                }
                ctx.status(stored.get().statusCode()).contentType("application/json").result(json.writeValueAsString(body));
                return;
            }
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

    private void send(Context ctx, Response response) throws JsonProcessingException {
        ctx.status(response.status()).contentType("application/json").result(json.writeValueAsString(response.body()));
    }
}
