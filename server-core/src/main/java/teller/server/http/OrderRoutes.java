package teller.server.http;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import teller.server.approval.ApprovalReceipt;
import teller.server.approval.ApprovalResult;
import teller.server.approval.ApprovalService;
import teller.server.approval.OrderClaims;
import teller.server.auth.Role;
import teller.server.auth.Scopes;
import teller.server.orders.IntakeRequest;
import teller.server.orders.ListedOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderFilter;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderQueries;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderType;
import teller.server.proof.ProofQueries;
import teller.server.risk.RiskService;

/**
 * Intake, the queue and every decision; decisions all go to {@link ApprovalService}. Path and body
 * are parsed before an Idempotency-Key is claimed, so malformed input never leaves a record behind.
 */
final class OrderRoutes {
    /** Who may read a preview: those who decide, and auditors, who read everything (decision 0060). */
    static final Access PREVIEW = Access.of(Role.APPROVER, Role.SUPERVISOR, Role.ADMIN, Role.AUDITOR);
    /** Orders one bulk retry may name; each is a provider call, so the request stays bounded. */
    static final int BULK_RETRY_MAX = 100;
    /** The hash of the proof as recorded at intake, so a client can check the bytes it received. */
    static final String PROOF_SHA256_HEADER = "X-Proof-Sha256";

    private final OrderIntakeService intake;
    private final OrderClaims claims;
    private final OrderQueries queries;
    private final ApprovalService approvals;
    private final RiskService risk;
    private final ProofQueries proofs;
    private final teller.server.risk.FraudService fraud;
    private final IdempotentWrites idempotent;
    private final ObjectMapper json;

    /** CONFIRM_ABOVE_AMOUNT of a currency, or null: served with the preview (decision 0145). */
    private final java.util.function.Function<String, Long> confirmAboveAmount;

    OrderRoutes(OrderIntakeService intake, OrderQueries queries, ApprovalService approvals, OrderClaims claims,
                RiskService risk, ProofQueries proofs, teller.server.risk.FraudService fraud, IdempotentWrites idempotent,
                ObjectMapper json, java.util.function.Function<String, Long> confirmAboveAmount) {
        this.confirmAboveAmount = confirmAboveAmount;
        this.intake = intake;
        this.claims = claims;
        this.fraud = fraud;
        this.risk = risk;
        this.proofs = proofs;
        this.queries = queries;
        this.approvals = approvals;
        this.idempotent = idempotent;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(POST, "/api/v1/orders", Access.DECIDE.orScope(Scopes.ORDERS_CREATE), "Submit an order into the approval queue",
                        "NewOrder", "Order", ctx -> {
                    var body = Bodies.read(ctx, json, RequestBodies.NewOrder.class);
                    var source = body.source();
                    var request = new IntakeRequest(body.type(), body.playerId(), body.amount(), body.currency(),
                            body.gameName(), body.paymentMethod(), source == null ? null : source.channel(),
                            source == null ? null : source.conversationId(), body.proofImage());
                    var submitted = intake.submit(request, ctx.header(IdempotentWrites.HEADER),
                            Requests.principal(ctx).actor());
                    if (submitted.duplicate()) {
                        ctx.attribute(ApiServer.REPLAYED_ATTRIBUTE, true);
                    }
                    ctx.status(submitted.duplicate() ? 200 : 201)
                            .json(Views.withDuplicate(withRisk(Views.order(submitted.order()), submitted.order()),
                                    submitted.duplicate()));
                }),
                new ApiRoute(GET, "/api/v1/orders", Access.SIGNED_IN.orScope(Scopes.ORDERS_READ),
                        "List orders (PENDING_REVIEW oldest first, others newest first); filters type, currency, playerId, "
                                + "amountMin/amountMax, flagged, claimed=me|unclaimed, olderThanMinutes or createdBefore; "
                                + "sort=age|amount|risk with a keyset cursor; "
                                + "from= (inclusive) and to= (exclusive) bound createdAt; id= picks one order", null, "OrderPage", ctx -> {
                    var filter = filter(ctx);
                    var page = queries.list(filter, ctx.queryParam("cursor"), Requests.limit(ctx));
                    ctx.json(Views.page(page, this::listed));
                }),
                new ApiRoute(GET, "/api/v1/orders/{id}", Access.SIGNED_IN.orScope(Scopes.ORDERS_READ),
                        "One order with execution tracking, history and ledger transactions", null, "OrderDetail", ctx -> {
                    var detail = queries.detail(Requests.idParam(ctx, "id"));
                    ctx.json(withFraud(withRisk(Views.orderDetail(detail.listed(), approvals.progress(detail.listed()),
                            detail.history(), detail.ledgerTransactionIds()), detail.order()), detail.order()));
                }),
                new ApiRoute(GET, "/api/v1/orders/{id}/case", Access.INSPECT,
                        "Everything about one order read at one moment (REPEATABLE READ): the order with its approvals, "
                                + "status history, ledger transactions with entries, execution attempts and audit trail",
                        null, "OrderCase", ctx -> {
                    var orderCase = queries.orderCase(Requests.idParam(ctx, "id"));
                    ctx.json(Views.orderCase(orderCase, approvals.progress(orderCase.listed())));
                }),
                new ApiRoute(GET, "/api/v1/orders/{id}/preview", PREVIEW,
                        "What approving the order now would do, for the caller: every check, the ledger postings and "
                                + "the approvals so far; changes nothing", null, "ApprovalPreview", ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    Principal principal = Requests.principal(ctx);
                    var preview = approvals.preview(id, principal.actor(), mayDecide(principal));
                    ctx.json(Views.preview(preview, confirmAboveAmount.apply(preview.currency())));
                }),
                new ApiRoute(GET, "/api/v1/orders/{id}/proof", PREVIEW,
                        "The order's payment proof image (its own content type, X-Proof-Sha256 the hash recorded at "
                                + "intake) while the spool keeps it; 404 NO_PROOF, 410 PROOF_EXPIRED; each view audited "
                                + "PROOF_VIEWED", null, null, ctx -> {
                    var image = proofs.image(Requests.idParam(ctx, "id"), Requests.principal(ctx).actor());
                    ctx.header(PROOF_SHA256_HEADER, image.sha256()).header("Cache-Control", "no-store")
                            .contentType(image.mediaType()).result(image.bytes());
                }),
                new ApiRoute(POST, "/api/v1/orders/{id}/claim", Access.DECIDE,
                        "Claim a pending order for a while (ORDER_CLAIM_SECONDS), or extend one's claim; "
                                + "{\"takeOver\": true} lets a supervisor take another's claim", "ClaimRequest", "Claim",
                        ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    var body = Bodies.readOptional(ctx, json, RequestBodies.ClaimRequest.class,
                            new RequestBodies.ClaimRequest(null));
                    Principal principal = Requests.principal(ctx);
                    ctx.json(Views.claim(claims.claim(id, principal.actor(), principal.session().operator().roles(),
                            Boolean.TRUE.equals(body.takeOver()))));
                }),
                new ApiRoute(DELETE, "/api/v1/orders/{id}/claim", Access.DECIDE, "Release one's claim on an order",
                        null, null, ctx -> {
                    claims.release(Requests.idParam(ctx, "id"), Requests.principal(ctx).actor());
                    ctx.status(204);
                }),
                new ApiRoute(POST, "/api/v1/orders/{id}/approve", Access.DECIDE,
                        "Approve: the order ends APPROVED_EXECUTED or APPROVED_FAILED (202 while EXECUTING)", "Note",
                        "Order", ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    var note = Bodies.readOptional(ctx, json, RequestBodies.Note.class, new RequestBodies.Note(null));
                    Principal principal = Requests.principal(ctx);
                    ApprovalReceipt receipt = idempotent.receipt(ctx, principal, this::decided);
                    if (receipt == null) {
                        idempotent.handle(ctx, principal, () -> decided(approvals.approve(id, principal.actor(), note.note())));
                        return;
                    }
                    // The key is claimed and answered in the deciding batch's transaction (decision 0102).
                    var batched = approvals.approveRecorded(id, principal.actor(), note.note(), receipt);
                    switch (batched.kind()) {
                        case APPROVED, FIRST_APPROVAL_RECORDED, EXECUTION_BEGUN ->
                                idempotent.respond(ctx, decided(batched.result()));
                        case ALREADY_RECORDED -> idempotent.handle(ctx, principal,
                                () -> decided(approvals.approve(id, principal.actor(), note.note())));
                    }
                }),
                new ApiRoute(POST, "/api/v1/orders/{id}/reject", Access.DECIDE, "Reject a pending order (reason required)",
                        "Reason", "Order", ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    var reason = Bodies.read(ctx, json, RequestBodies.Reason.class);
                    idempotent.handle(ctx, Requests.principal(ctx), () -> new IdempotentWrites.Response(200,
                            listed(approvals.reject(id, Requests.principal(ctx).actor(), reason.reason()))));
                }),
                new ApiRoute(POST, "/api/v1/orders/{id}/retry", Access.SUPERVISE,
                        "Execute an APPROVED_FAILED order again as a new attempt", null, "Order",
                        ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    idempotent.handle(ctx, Requests.principal(ctx),
                            () -> decided(approvals.retry(id, Requests.principal(ctx).actor())));
                }),
                new ApiRoute(POST, "/api/v1/orders/retry", Access.SUPERVISE,
                        "Retry up to " + BULK_RETRY_MAX + " APPROVED_FAILED orders, one by one; answers per order under "
                                + "its id: {status, order} or {status, error}", "BulkRetry", "BulkRetryResult", ctx -> {
                    List<Long> ids = bulkRetryIds(Bodies.read(ctx, json, RequestBodies.BulkRetry.class));
                    Principal principal = Requests.principal(ctx);
                    idempotent.handle(ctx, principal, () -> new IdempotentWrites.Response(200,
                            bulkRetry(ids, principal.actor())));
                }),
                new ApiRoute(POST, "/api/v1/orders/{id}/void", Access.SUPERVISE,
                        "Void an APPROVED_EXECUTED order with a reversing posting (reason required)", "Reason", "Order",
                        ctx -> {
                    long id = Requests.idParam(ctx, "id");
                    var reason = Bodies.read(ctx, json, RequestBodies.Reason.class);
                    idempotent.handle(ctx, Requests.principal(ctx), () -> new IdempotentWrites.Response(200,
                            listed(approvals.voidOrder(id, Requests.principal(ctx).actor(), reason.reason()))));
                }));
    }

    /** Adds what risk and proof intake know of the order: its limit checks and its proof's forwarding. */
    private Map<String, Object> withRisk(Map<String, Object> view, Order order) {
        view.put("limitChecks", Views.limitChecks(risk.checks(order.id())));
        view.put("proof", Views.proof(order.proofSha256(), proofs.forwardOf(order.id())));
        return view;
    }

    /** The queue's filters from the query string; each bad value is refused naming its parameter. */
    private static OrderFilter filter(io.javalin.http.Context ctx) {
        Principal principal = Requests.principal(ctx);
        Long operatorId = principal.session() == null ? null : principal.session().operator().id();
        String claimedRaw = ctx.queryParam("claimed");
        OrderFilter.Claimed claimed = null;
        if (claimedRaw != null && !claimedRaw.isBlank()) {
            claimed = switch (claimedRaw.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "me" -> OrderFilter.Claimed.ME;
                case "unclaimed" -> OrderFilter.Claimed.UNCLAIMED;
                default -> throw new teller.server.common.InvalidInputException("claimed", "claimed must be me or unclaimed");
            };
        }
        Long olderThanMinutes = longParam(ctx, "olderThanMinutes");
        String currency = ctx.queryParam("currency");
        String playerId = ctx.queryParam("playerId");
        return new OrderFilter(Requests.enumParam(ctx, "status", OrderStatus.class),
                Requests.enumParam(ctx, "type", OrderType.class), playerId == null || playerId.isBlank() ? null : playerId.trim(),
                flaggedParam(ctx.queryParam("flagged")),
                currency == null || currency.isBlank() ? null : currency.trim().toUpperCase(java.util.Locale.ROOT),
                longParam(ctx, "amountMin"), longParam(ctx, "amountMax"), claimed, operatorId,
                olderThanMinutes == null ? null : java.time.Duration.ofMinutes(olderThanMinutes),
                Requests.instantParam(ctx, "createdBefore"), Requests.enumParam(ctx, "sort", teller.server.orders.OrderSort.class),
                Requests.instantParam(ctx, "from"), Requests.instantParam(ctx, "to"), Requests.optionalIdParam(ctx, "id"));
    }

    /** A whole number in the query string, null when absent. */
    private static Long longParam(io.javalin.http.Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new teller.server.common.InvalidInputException(name, name + " must be a whole number");
        }
    }

    /** {@code ?flagged=true|false}: orders with (or without) an open fraud flag; absent for all. */
    private static Boolean flaggedParam(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new teller.server.common.InvalidInputException("flagged", "flagged must be true or false");
        };
    }

    /**
     * The order's fraud flags and its player's score and level now. Only on the detail an operator
     * reads: intake answers to integrations never say what the fraud rules found.
     */
    private Map<String, Object> withFraud(Map<String, Object> view, Order order) {
        view.put("flags", fraud.flagsOf(order.id()).stream().map(FraudRoutes::view).toList());
        var score = fraud.score(order.playerId());
        view.put("fraudScore", score.score());
        view.put("fraudLevel", score.level().name());
        return view;
    }

    /** Checks every id before anything runs: bad input names the field (the element), and nothing is written. */
    static List<Long> bulkRetryIds(RequestBodies.BulkRetry body) {
        List<Object> raw = body == null ? null : body.orderIds();
        if (raw == null || raw.isEmpty()) {
            throw new teller.server.common.InvalidInputException("orderIds", "orderIds must list 1-" + BULK_RETRY_MAX + " order ids");
        }
        if (raw.size() > BULK_RETRY_MAX) {
            throw new teller.server.common.InvalidInputException("orderIds", "orderIds lists " + raw.size()
                    + " orders; at most " + BULK_RETRY_MAX + " per request");
        }
        java.util.LinkedHashSet<Long> ids = new java.util.LinkedHashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            String field = "orderIds[" + i + "]";
            long id;
            try {
                Object value = raw.get(i);
                id = value instanceof String || value instanceof Integer || value instanceof Long
                        ? Long.parseLong(String.valueOf(value).trim()) : -1;
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id <= 0) {
                throw new teller.server.common.InvalidInputException(field, field + " must be an order id, got '" + raw.get(i) + "'");
            }
            if (!ids.add(id)) {
                throw new teller.server.common.InvalidInputException(field, field + " repeats order " + id);
            }
        }
        return List.copyOf(ids);
    }

    /**
     * Retries each order through the one approval path, each on its own (one failing does not stop
     * the others), and answers under each order's id what a single retry would have answered.
     */
    private Map<String, Object> bulkRetry(List<Long> ids, teller.server.common.Actor actor) {
        Map<String, Object> results = new java.util.LinkedHashMap<>();
        int retried = 0;
        for (long id : ids) {
            Map<String, Object> result = new java.util.LinkedHashMap<>();
            try {
                ApprovalResult done = approvals.retry(id, actor);
                result.put("status", done.inFlight() ? 202 : 200);
                result.put("order", listed(done.listed()));
                retried++;
            } catch (teller.server.common.DomainException refusal) {
                result.put("status", ErrorMapper.status(refusal));
                result.putAll(ErrorMapper.body(refusal.code(), refusal.getMessage(), refusal.details()));
            }
            results.put(String.valueOf(id), result);
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("results", results);
        body.put("retried", retried);
        body.put("refused", ids.size() - retried);
        return body;
    }

    private IdempotentWrites.Response decided(ApprovalResult result) {
        return new IdempotentWrites.Response(result.inFlight() ? 202 : 200, listed(result.listed()));
    }

    /** An order as lists, details and decisions show it: with names, approvals and its claim. */
    private Map<String, Object> listed(ListedOrder listed) {
        return Views.order(listed, approvals.progress(listed));
    }

    /** Whether the caller's roles may approve at all (the approve route's own access), for the preview. */
    private static boolean mayDecide(Principal principal) {
        return principal.session() != null && principal.session().operator().hasAny(Access.DECIDE.roles());
    }
}
