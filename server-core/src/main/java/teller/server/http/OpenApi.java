package teller.server.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3 document of the API, built from the same route table the server registers, so
 * every endpoint that exists is documented (a test holds this) and nothing documented is missing.
 */
final class OpenApi {
    private static final Pattern PATH_PARAM = Pattern.compile("\\{(\\w+)}");

    private OpenApi() {
    }

    static Map<String, Object> document(List<ApiRoute> routes, String version) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Views.mapOf("title", "Teller server-core API", "version", version, "description",
                "Approval queue, double-entry ledger and operations API of Teller. Money is integer minor units "
                        + "with an ISO 4217 currency; ids are strings; times are ISO-8601 UTC."));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (ApiRoute route : routes) {
            String path = route.path();
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, p -> new LinkedHashMap<>());
            item.put(route.method().name().toLowerCase(Locale.ROOT), operation(route));
        }
        doc.put("paths", paths);
        doc.put("components", Views.mapOf(
                "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer")),
                "schemas", schemas()));
        return doc;
    }

    private static Map<String, Object> operation(ApiRoute route) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", route.summary());
        if (route.access().isPublic()) {
            op.put("security", List.of());
        } else {
            op.put("security", List.of(Map.of("bearer", List.of())));
            op.put("x-roles", route.access().roles().stream().map(Enum::name).sorted().toList());
        }
        List<Object> parameters = new java.util.ArrayList<>();
        Matcher m = PATH_PARAM.matcher(route.path());
        while (m.find()) {
            parameters.add(Views.mapOf("name", m.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        if ((route.method() == io.javalin.http.HandlerType.POST || route.method() == io.javalin.http.HandlerType.PUT)
                && !route.access().isPublic()) {
            parameters.add(Views.mapOf("name", IdempotentWrites.HEADER, "in", "header", "required", false,
                    "schema", Map.of("type", "string", "maxLength", IdempotentWrites.KEY_LENGTH_MAX)));
        }
        if (route.access().bySignature()) {
            parameters.add(Views.mapOf("name", route.access().signatureHeader(), "in", "header", "required", true,
                    "schema", Map.of("type", "string")));
        }
        if (!parameters.isEmpty()) {
            op.put("parameters", parameters);
        }
        if (route.requestSchema() != null) {
            op.put("requestBody", Views.mapOf("required", !OPTIONAL_BODIES.contains(route.requestSchema()),
                    "content", Map.of("application/json", Map.of("schema", ref(route.requestSchema())))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        String key = route.method().name() + " " + route.path();
        if (NO_CONTENT.contains(key)) {
            responses.put("204", Map.of("description", "Done; no body"));
        } else if (route.responseSchema() != null) {
            var content = Map.of("application/json", Map.of("schema", ref(route.responseSchema())));
            for (var success : SUCCESSES.getOrDefault(key, Map.of("200", "OK")).entrySet()) {
                responses.put(success.getKey(), Views.mapOf("description", success.getValue(), "content", content));
            }
        } else if (NOT_JSON.containsKey(key)) {
            responses.put("200", Views.mapOf("description", "OK", "content", NOT_JSON.get(key)));
        } else {
            throw new IllegalStateException(key + " documents no success response: name its schema in the route table");
        }
        responses.put("default", Views.mapOf("description", "Error",
                "content", Map.of("application/json", Map.of("schema", ref("Error")))));
        op.put("responses", responses);
        return op;
    }

    /** Routes whose JSON success is not (only) 200: status to what it means. */
    private static final Map<String, Map<String, String>> SUCCESSES = Map.of(
            "POST /api/v1/operators", Map.of("201", "Created"),
            "POST /api/v1/api-tokens", Map.of("201", "Created; the token is shown this once"),
            "POST /api/v1/players", orderedMap("201", "Registered", "200", "Already registered with this id or username"),
            "POST /api/v1/orders", orderedMap("201", "Created", "200", "A duplicate: the order this key already made"),
            "POST /api/v1/orders/{id}/approve", orderedMap("200", "Decided", "202", "EXECUTING: a provider is slow"),
            "POST /api/v1/orders/{id}/retry", orderedMap("200", "Decided", "202", "EXECUTING: a provider is slow"),
            "POST /api/v1/webhooks/payments/{provider}", orderedMap("200", "Recorded",
                    "202", "Recorded; its deposit waits for review"));

    private static Map<String, String> orderedMap(String status, String meaning, String otherStatus, String otherMeaning) {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(status, meaning);
        map.put(otherStatus, otherMeaning);
        return map;
    }

    /** Routes that answer success with 204 and no body. */
    private static final java.util.Set<String> NO_CONTENT = java.util.Set.of(
            "POST /api/v1/auth/logout", "DELETE /api/v1/orders/{id}/claim");

    /** Routes whose success is not a JSON body: media type to schema. */
    private static final Map<String, Map<String, Object>> NOT_JSON = Map.of(
            "GET " + EventRoutes.PATH, Map.of("text/event-stream", Views.mapOf("schema", Map.of("type", "string"),
                    "description", "server-sent events: id (the outbox id), event (the type), data (JSON)")),
            "GET /api/v1/orders/{id}/proof", mediaTypes(java.util.Arrays.stream(teller.server.proof.ProofMediaType.values())
                    .map(teller.server.proof.ProofMediaType::mime).toList(), Map.of("type", "string", "format", "binary")),
            "GET /api/v1/reports/{name}/export", mediaTypes(java.util.Arrays.stream(teller.server.export.ExportFormat.values())
                    .map(f -> f.contentType().split(";")[0]).toList(), Map.of("type", "string", "format", "binary")),
            "GET /metrics", Map.of("text/plain", Views.mapOf("schema", Map.of("type", "string"),
                    "description", "Prometheus text exposition format 0.0.4")),
            "GET /api/v1/openapi.json", Map.of("application/json", Map.of("schema", Views.mapOf("type", "object",
                    "description", "an OpenAPI 3.0 document"))));

    private static Map<String, Object> mediaTypes(List<String> types, Map<String, Object> schema) {
        Map<String, Object> content = new LinkedHashMap<>();
        for (String type : types) {
            content.put(type, Map.of("schema", schema));
        }
        return content;
    }

    /** Request bodies a route may go without. */
    private static final java.util.Set<String> OPTIONAL_BODIES = java.util.Set.of("Note", "ClaimRequest");

    private static Map<String, Object> ref(String schema) {
        return Map.of("$ref", "#/components/schemas/" + schema);
    }

    private static Map<String, Object> object(Object... properties) {
        return Views.mapOf("type", "object", "properties", Views.mapOf(properties));
    }

    private static Map<String, Object> type(String type) {
        return Map.of("type", type);
    }

    private static Map<String, Object> arrayOf(Map<String, Object> items) {
        return Map.of("type", "array", "items", items);
    }

    private static Map<String, Object> pageOf(String item) {
        return object("items", arrayOf(ref(item)), "nextCursor", Map.of("type", "string", "nullable", true));
    }

    private static Map<String, Object> schemas() {
        Map<String, Object> s = new LinkedHashMap<>();
        var string = type("string");
        var integer = Map.of("type", "integer", "format", "int64");
        var time = Map.of("type", "string", "format", "date-time");
        s.put("Error", object("error", object("code", string, "message", string, "details", type("object"))));
        s.put("Health", object("status", string, "version", string));
        s.put("Login", object("username", string, "password", string));
        s.put("Me", object("id", string, "username", string, "roles", arrayOf(string)));
        s.put("LoginResult", object("token", string, "expiresAt", time, "operator", ref("Me")));
        s.put("NewOperator", object("username", string, "password", string, "roles", arrayOf(string)));
        s.put("Operator", object("id", string, "username", string, "roles", arrayOf(string), "active", type("boolean"),
                "createdAt", time, "lockedUntil", time));
        s.put("OperatorList", pageOf("Operator"));
        s.put("OperatorChange", object("roles", arrayOf(string), "active", type("boolean"), "password", string));
        s.put("NewApiToken", object("name", string, "scopes", arrayOf(string)));
        s.put("ApiToken", object("id", string, "name", string, "scopes", arrayOf(string), "active", type("boolean"),
                "createdAt", time, "createdBy", string, "revokedAt", time, "lastUsedAt", time));
        s.put("NewApiTokenResult", Map.of("allOf", List.of(ref("ApiToken"), object("token", string))));
        s.put("ApiTokenList", pageOf("ApiToken"));
        s.put("DualApprovalChange", object("amountMin", Map.of("type", "integer", "format", "int64", "nullable", true)));
        s.put("ApprovalCapChange", object("amountMax", Map.of("type", "integer", "format", "int64", "nullable", true)));
        s.put("ApprovalPolicy", object(
                "dualApproval", arrayOf(object("currency", string, "amountMin", integer)),
                "caps", arrayOf(object("operatorId", string, "currency", string, "amountMax", integer)),
                "confirmAboveAmount", arrayOf(object("currency", string, "amount", integer))));
        s.put("NewPlayer", object("id", string, "username", string, "currency", string, "referrerId", string));
        s.put("Player", object("id", string, "username", string, "currency", string, "status", string,
                "kycStatus", string, "exclusion", type("object"), "balance", integer, "available", integer,
                "held", integer, "walletAccountId", string, "createdAt", time, "duplicate", type("boolean"),
                "fraudScore", type("integer"), "fraudLevel", string,
                "limits", arrayOf(object("rule", string, "defaultValue", integer, "override", integer,
                        "effective", integer))));
        s.put("PlayerListed", object("id", string, "username", string, "currency", string, "status", string,
                "kycStatus", string, "exclusion", type("object"), "balance", integer, "available", integer,
                "walletAccountId", string, "createdAt", time));
        s.put("PlayerPage", pageOf("PlayerListed"));
        s.put("KycChange", object("status", Map.of("type", "string", "enum", List.of("NONE", "PENDING", "VERIFIED", "REJECTED"))));
        s.put("ExclusionChange", object("type", Map.of("type", "string", "enum", List.of("TEMPORARY", "EXTENDED", "PERMANENT")),
                "until", time));
        s.put("LimitOverrides", Views.mapOf("type", "object", "description",
                "rule name (DAILY_DEPOSIT_LIMIT, DAILY_LOSS_LIMIT, WEEKLY_LOSS_LIMIT, MONTHLY_LOSS_LIMIT, MAX_BET_AMOUNT, "
                        + "MAX_PAYOUT_AMOUNT, WITHDRAWAL_COOLDOWN_SECONDS) -> whole number >= 0, or null for the default",
                "additionalProperties", Map.of("type", "integer", "format", "int64", "nullable", true)));
        s.put("NewOrder", object("type", Map.of("type", "string", "enum", List.of("DEPOSIT", "GAME_LOAD", "WITHDRAWAL")),
                "playerId", string, "amount", integer, "currency", string, "gameName", string, "paymentMethod", string,
                "source", object("channel", Map.of("type", "string", "enum", List.of("PORTAL", "CHAT", "API")),
                        "conversationId", string),
                "proofImage", Map.of("type", "string", "format", "byte")));
        s.put("Order", object("id", string, "type", string, "status", Map.of("type", "string", "enum",
                        List.of("PENDING_REVIEW", "EXECUTING", "REJECTED", "APPROVED_EXECUTED", "APPROVED_FAILED", "VOIDED")),
                "playerId", string, "amount", integer, "currency", string, "gameName", string, "paymentMethod", string,
                "source", type("object"), "idempotencyKey", string, "proof", type("object"), "createdBy", type("object"),
                "createdAt", time, "updatedAt", time, "approvedByType", string, "approvedById", string,
                "approvedAt", time, "approvalNote", string, "executionAttempts", type("integer"), "executedAt", time,
                "executionError", string, "executionResult", type("object"), "holdTransactionId", string,
                "postingTransactionId", string, "reversalTransactionId", string, "rejectionReason", string,
                "rejectedById", string, "rejectedAt", time, "voidReason", string, "voidedById", string,
                "voidedAt", time, "duplicate", type("boolean"),
                "limitChecks", arrayOf(object("rule", string, "limit", integer, "current", integer, "outcome",
                        Map.of("type", "string", "enum", List.of("PASS", "FAIL", "NO_LIMIT")), "phase", string,
                        "checkedAt", time)),
                "approvals", ref("Approvals"), "approvedByUsername", string, "rejectedByUsername", string,
                "voidedByUsername", string, "claimedBy", object("id", string, "username", string),
                "claimExpiresAt", time));
        s.put("Approvals", object("given", type("integer"), "required", type("integer"), "label", string,
                "by", arrayOf(object("type", string, "id", string, "username", string, "at", time))));
        s.put("ApprovalPreview", object("orderId", string, "canApprove", type("boolean"),
                "checks", arrayOf(object("name", string, "outcome", Map.of("type", "string", "enum",
                        List.of("PASS", "BLOCK", "NEEDS_SUPERVISOR", "NEEDS_SECOND_APPROVER")), "detail", string)),
                "postings", arrayOf(object("account", string, "currency", string, "amount", integer,
                        "phase", Map.of("type", "string", "enum", List.of("HOLD", "POST")))),
                "approvals", ref("Approvals"),
                "confirmAboveAmount", Map.of("type", "integer", "format", "int64", "nullable", true)));
        s.put("ClaimRequest", object("takeOver", type("boolean")));
        s.put("Claim", object("claimedBy", object("id", string, "username", string), "claimedAt", time,
                "expiresAt", time));
        s.put("OrderDetail", Map.of("allOf", List.of(ref("Order"), object("ledgerTransactionIds", arrayOf(string),
                "flags", arrayOf(ref("FraudFlag")), "fraudScore", type("integer"), "fraudLevel", string,
                "history", arrayOf(object("at", time, "fromStatus", string, "toStatus", string, "actorType", string,
                        "actorId", string, "note", string))))));
        s.put("OrderPage", pageOf("Order"));
        s.put("OrderCase", object("order", ref("Order"), "approvals", ref("Approvals"),
                "history", arrayOf(object("at", time, "fromStatus", string, "toStatus", string, "actorType", string,
                        "actorId", string, "note", string)),
                "transactions", arrayOf(ref("Transaction")),
                "attempts", arrayOf(object("number", type("integer"), "startedAt", time, "startedByType", string,
                        "startedById", string, "endedAt", time, "outcome", string, "note", string)),
                "audit", arrayOf(ref("AuditEntry")), "auditTruncated", type("boolean")));
        s.put("Note", object("note", string));
        s.put("Reason", object("reason", string));
        s.put("BulkRetry", object("orderIds", arrayOf(string)));
        s.put("BulkRetryResult", object("results", type("object"), "retried", integer, "refused", integer));
        s.put("Account", object("id", string, "code", string, "type", string, "currency", string, "balance", integer,
                "available", integer, "held", integer, "posted", integer, "pendingDebits", integer,
                "pendingCredits", integer, "lowerBound", integer));
        s.put("AccountPage", pageOf("Account"));
        s.put("Entry", object("id", string, "transactionId", string, "accountId", string, "amount", integer,
                "kind", string, "status", string, "orderId", string, "createdAt", time, "balanceAfter", integer));
        s.put("EntryPage", pageOf("Entry"));
        s.put("Transaction", object("id", string, "idempotencyKey", string, "kind", string, "orderId", string,
                "status", string, "currency", string, "reversesId", string, "createdAt", time, "finalizedAt", time,
                "integrityHash", string, "entries", arrayOf(object("id", string, "accountId", string,
                        "accountCode", string, "amount", integer))));
        s.put("LedgerVerification", object("balanced", type("boolean"), "transactionsChecked", integer,
                "accountsChecked", integer, "discrepancies", arrayOf(object("kind", string, "subject", string,
                        "expected", string, "actual", string, "message", string))));
        s.put("ProviderList", object("items", arrayOf(object("id", string, "kind", string, "label", string,
                "configured", type("boolean"), "sandbox", type("boolean"), "baseUrl", string,
                "breaker", object("state", string, "since", time), "circuitBreakerState", string,
                "failureRatePercent", type("number"), "lastError", object("code", string, "message", string, "at", time)))));
        s.put("AuditPage", pageOf("AuditEntry"));
        s.put("AuditEntry", object("id", string, "at", time, "actorType", string, "actorId", string,
                "actorUsername", string, "action", string,
                "resourceType", string, "resourceId", string, "resourceUsername", string, "origin", string,
                "outcome", string, "details", type("object"), "sealed", type("boolean")));
        s.put("Report", object("name", string, "from", string, "to", string, "granularity", string,
                "generatedAt", time, "columns", arrayOf(string), "rows", arrayOf(type("object")),
                "summary", type("object")));
        s.put("Dashboard", object("generatedAt", time,
                "kpis", object("pending", arrayOf(object("type", string, "currency", string, "orders", integer,
                                "amount", integer)), "pendingOrders", integer, "oldestPendingSeconds", integer,
                        "approvedToday", integer, "rejectedToday", integer, "approvalRateToday", type("number"),
                        "approvedFailedToday", integer),
                "alerts", arrayOf(object("name", string, "active", type("boolean"), "message", string,
                        "details", type("object")))));
        s.put("AuditVerification", object("intact", type("boolean"), "rowsChecked", integer, "firstBrokenId", string,
                "problem", string, "unsealed", integer));
        s.put("PaymentNotice", object("chargeId", string, "playerId", string, "amount", integer, "currency", string,
                "status", Map.of("type", "string", "enum", List.of("succeeded", "pending", "failed", "canceled", "refunded"))));
        s.put("PaymentReceipt", object("provider", string, "chargeId", string, "status", string, "deliveries", integer,
                "duplicate", type("boolean"), "orderId", string, "orderStatus", string, "lastError", string));
        s.put("ReferrerChange", object("referrerId", string));
        s.put("Referrals", object("playerId", string, "referrerId", string, "referredPlayers", integer, "level", integer,
                "percent", integer, "items", arrayOf(object("id", string, "buyerId", string, "orderId", string,
                        "level", integer, "percent", integer, "depositAmount", integer, "amount", integer,
                        "currency", string, "status", string, "attempts", integer, "lastError", string,
                        "transactionId", string, "createdAt", time, "grantedAt", time)),
                "nextCursor", Map.of("type", "string", "nullable", true)));
        s.put("ProofForward", object("id", string, "orderId", string, "sha256", string, "status", Map.of("type", "string",
                        "enum", List.of("QUEUED", "SENT", "RETRYING", "FAILED", "EXPIRED")), "attempts", type("integer"),
                "lastError", string, "nextAttemptAt", time, "messageRef", string, "spooled", type("boolean"),
                "mediaType", string, "sizeBytes", integer, "width", type("integer"), "height", type("integer"),
                "createdAt", time, "updatedAt", time, "expiresAt", time));
        s.put("ProofForwardPage", pageOf("ProofForward"));
        s.put("TelegramWebhookAnswer", object("ok", type("boolean"), "updateId", integer, "outcome", Map.of("type",
                "string", "enum", List.of("DECIDED", "REFUSED", "IGNORED", "PROCESSING")), "answer", string,
                "duplicate", type("boolean")));
        s.put("FraudFlag", object("id", string, "playerId", string, "orderId", string, "rule", Map.of("type", "string",
                        "enum", java.util.Arrays.stream(teller.server.risk.FraudRule.values()).map(Enum::name).toList()),
                "points", type("integer"), "evidence", type("object"),
                "status", Map.of("type", "string", "enum", List.of("OPEN", "RESOLVED")), "resolution", string,
                "note", string, "resolvedBy", string, "resolvedByUsername", string, "resolvedAt", time, "createdAt", time,
                "playerScore", type("integer"), "playerLevel", string));
        s.put("FraudFlagPage", pageOf("FraudFlag"));
        s.put("FlagResolution", object("resolution", Map.of("type", "string",
                "enum", List.of("CONFIRMED_FRAUD", "FALSE_POSITIVE", "ACCEPTED_RISK")), "note", string));
        return s;
    }
}
