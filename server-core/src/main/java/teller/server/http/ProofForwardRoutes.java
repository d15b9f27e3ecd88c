package teller.server.http;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import java.util.List;
import java.util.Map;
import teller.server.proof.ProofForwardService;
import teller.server.proof.ProofForwardStore;

/** Where each payment proof's forward to the operators' chat stands, and re-queueing one. */
final class ProofForwardRoutes {
    private final ProofForwardService forwards;

    ProofForwardRoutes(ProofForwardService forwards) {
        this.forwards = forwards;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(GET, "/api/v1/proof-forwards", Access.SIGNED_IN,
                        "Proof forwards, newest first (?status=QUEUED|SENT|RETRYING|FAILED|EXPIRED)", null,
                        "ProofForwardPage", ctx -> {
                    var page = forwards.list(ctx.queryParam("status"), ctx.queryParam("cursor"), Requests.limit(ctx));
                    ctx.json(Views.page(page, ProofForwardRoutes::view));
                }),
                // Re-sending is a supervisor's call: it puts a payment proof in front of the chat again.
                new ApiRoute(POST, "/api/v1/proof-forwards/{id}/retry", Access.SUPERVISE,
                        "Re-queue a FAILED forward, or an EXPIRED one whose image is still spooled (409 otherwise)", null,
                        "ProofForward", ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    ctx.json(view(forwards.retry(id, Requests.principal(ctx).actor())));
                }));
    }

    static Map<String, Object> view(ProofForwardStore.Forward f) {
        return Views.mapOf("id", String.valueOf(f.id()), "orderId", String.valueOf(f.orderId()), "sha256", f.sha256(),
                "status", f.status(), "attempts", f.attempts(), "lastError", f.lastError(),
                "nextAttemptAt", f.nextAttemptAt(), "messageRef", f.messageRef(), "spooled", f.spooled(),
                "mediaType", f.mediaType(), "sizeBytes", f.sizeBytes(), "width", f.width(), "height", f.height(),
                "createdAt", f.createdAt(), "updatedAt", f.updatedAt(), "expiresAt", f.expiresAt());
    }
}
