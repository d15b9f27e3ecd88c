package teller.server.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import teller.server.approval.ApprovalPreview;
import teller.server.approval.ApprovalProgress;
import teller.server.audit.AuditEntry;
import teller.server.auth.Operator;
import teller.server.common.Page;
import teller.server.ledger.AccountView;
import teller.server.ledger.EntryView;
import teller.server.ledger.TransactionView;
import teller.server.orders.ListedOrder;
import teller.server.orders.Order;
import teller.server.orders.OrderPeople;
import teller.server.orders.OrderHistoryEntry;
import teller.server.players.PlayerAccount;
import teller.server.players.PlayerStatus;
import teller.server.proof.ProofForwardStore;
import teller.server.risk.EffectiveLimit;
import teller.server.risk.LimitCheck;

/** The JSON shapes of API.md. Ids are strings; money is integer minor units with a currency. */
final class Views {
    private Views() {
    }

    static Map<String, Object> order(Order o) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", String.valueOf(o.id()));
        v.put("type", o.type().name());
        v.put("status", o.status().name());
        v.put("playerId", o.playerId());
        v.put("amount", o.amount());
        v.put("currency", o.currency());
        v.put("gameName", o.gameName());
        v.put("paymentMethod", o.paymentMethod());
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("channel", o.channel().name());
        source.put("conversationId", o.conversationId());
        v.put("source", source);
        v.put("idempotencyKey", o.idempotencyKey());
        v.put("proof", o.proofSha256() == null ? null : Map.of("sha256", o.proofSha256()));
        Map<String, Object> createdBy = new LinkedHashMap<>();
        createdBy.put("type", o.createdByType());
        createdBy.put("id", o.createdById());
        v.put("createdBy", createdBy);
        v.put("createdAt", o.createdAt());
        v.put("updatedAt", o.updatedAt());
        v.put("approvedByType", o.approval().byType());
        v.put("approvedById", o.approval().byId());
        v.put("approvedAt", o.approval().at());
        v.put("approvalNote", o.approval().note());
        v.put("executionAttempts", o.execution().attempts());
        v.put("executedAt", o.execution().executedAt());
        v.put("executionError", o.execution().error());
        v.put("executionResult", o.execution().result());
        v.put("holdTransactionId", idOrNull(o.execution().holdTransactionId()));
        v.put("postingTransactionId", idOrNull(o.execution().postingTransactionId()));
        v.put("reversalTransactionId", idOrNull(o.execution().reversalTransactionId()));
        v.put("rejectionReason", o.rejection().reason());
        v.put("rejectedById", o.rejection().byId());
        v.put("rejectedAt", o.rejection().at());
        v.put("voidReason", o.voiding().reason());
        v.put("voidedById", o.voiding().byId());
        v.put("voidedAt", o.voiding().at());
        return v;
    }

    /**
     * An order as operators read it (lists, details, decisions): with the names of the people on it,
     * its approvals ("1 of 2", by whom and when) and who holds a live claim on it.
     */
    static Map<String, Object> order(ListedOrder listed, ApprovalProgress approvals) {
        Map<String, Object> v = order(listed.order());
        OrderPeople people = listed.people();
        @SuppressWarnings("unchecked")
        Map<String, Object> createdBy = (Map<String, Object>) v.get("createdBy");
        createdBy.put("username", people.createdByUsername());
        v.put("approvedByUsername", people.approvedByUsername());
        v.put("rejectedByUsername", people.rejectedByUsername());
        v.put("voidedByUsername", people.voidedByUsername());
        v.put("approvals", approvals(approvals));
        OrderPeople.Claim claim = people.claim();
        v.put("claimedBy", claim == null ? null : mapOf("id", claim.operatorId(), "username", claim.username()));
        v.put("claimExpiresAt", claim == null ? null : claim.expiresAt());
        return v;
    }

    static Map<String, Object> claim(OrderPeople.Claim claim) {
        return mapOf("claimedBy", mapOf("id", claim.operatorId(), "username", claim.username()),
                "claimedAt", claim.claimedAt(), "expiresAt", claim.expiresAt());
    }

    /**
     * What approving would do now: {@code orderId, canApprove, checks, postings, approvals} (decision 0060),
     * and {@code confirmAboveAmount}: CONFIRM_ABOVE_AMOUNT of the order's currency, or null (decision 0145).
     */
    static Map<String, Object> preview(ApprovalPreview p, Long confirmAboveAmount) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("orderId", String.valueOf(p.orderId()));
        v.put("canApprove", p.canApprove());
        v.put("checks", p.checks().stream().map(c -> mapOf("name", c.name(), "outcome", c.outcome().name(),
                "detail", c.detail())).toList());
        v.put("postings", p.postings().stream().map(l -> mapOf("account", l.account(), "currency", l.currency(),
                "amount", l.amount(), "phase", l.phase().name())).toList());
        v.put("approvals", approvals(p.approvals()));
        v.put("confirmAboveAmount", confirmAboveAmount);
        return v;
    }

    /** {@code {"given":1,"required":2,"label":"1 of 2","by":[{"type","id","username","at"}]}}. */
    private static Map<String, Object> approvals(ApprovalProgress a) {
        return mapOf("given", a.given(), "required", a.required(), "label", a.label(),
                "by", a.by().stream().map(b -> mapOf("type", b.type(), "id", b.id(), "username", b.username(),
                        "at", b.at())).toList());
    }

    static Map<String, Object> orderDetail(ListedOrder listed, ApprovalProgress approvals, List<OrderHistoryEntry> history,
                                           List<Long> ledgerTransactionIds) {
        Map<String, Object> v = order(listed, approvals);
        v.put("ledgerTransactionIds", ledgerTransactionIds.stream().map(String::valueOf).toList());
        v.put("history", history.stream().map(h -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("at", h.at());
            e.put("fromStatus", h.fromStatus());
            e.put("toStatus", h.toStatus());
            e.put("actorType", h.actorType());
            e.put("actorId", h.actorId());
            e.put("note", h.note());
            return e;
        }).toList());
        return v;
    }

    /** The order's case (decision 0115): everything read in one snapshot. */
    static Map<String, Object> orderCase(teller.server.orders.OrderQueries.Case c, ApprovalProgress approvals) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("order", order(c.listed(), approvals));
        v.put("history", c.history().stream().map(h -> mapOf("at", h.at(), "fromStatus", h.fromStatus(),
                "toStatus", h.toStatus(), "actorType", h.actorType(), "actorId", h.actorId(), "note", h.note())).toList());
        v.put("transactions", c.transactions().stream().map(Views::transaction).toList());
        v.put("attempts", c.attempts().stream().map(a -> mapOf("number", a.number(), "startedAt", a.startedAt(),
                "startedByType", a.startedByType(), "startedById", a.startedById(), "endedAt", a.endedAt(),
                "outcome", a.outcome(), "note", a.note())).toList());
        v.put("approvals", approvals(approvals));
        v.put("audit", c.audit().stream().map(Views::audit).toList());
        v.put("auditTruncated", c.auditTruncated());
        return v;
    }

    static List<Map<String, Object>> limitChecks(List<LimitCheck> checks) {
        return checks.stream().map(c -> mapOf("rule", c.rule().name(), "limit", c.limit(), "current", c.current(),
                "outcome", c.outcome().name(), "phase", c.phase().name(), "checkedAt", c.checkedAt())).toList();
    }

    static Map<String, Object> proof(String sha256, java.util.Optional<ProofForwardStore.Forward> forward) {
        if (sha256 == null) {
            return null;
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("sha256", sha256);
        v.put("forwarding", forward.map(f -> mapOf("id", String.valueOf(f.id()), "status", f.status(),
                "attempts", f.attempts(), "lastError", f.lastError(), "nextAttemptAt", f.nextAttemptAt(),
                "messageRef", f.messageRef(), "spooled", f.spooled(), "mediaType", f.mediaType(),
                "sizeBytes", f.sizeBytes(), "width", f.width(), "height", f.height(), "createdAt", f.createdAt(),
                "updatedAt", f.updatedAt(), "expiresAt", f.expiresAt())).orElse(null));
        return v;
    }

    static Map<String, Object> withDuplicate(Map<String, Object> view, boolean duplicate) {
        view.put("duplicate", duplicate);
        return view;
    }

    static Map<String, Object> player(PlayerAccount p, List<EffectiveLimit> limits, boolean excluded) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.player().id());
        v.put("username", p.player().username());
        v.put("currency", p.player().currency());
        // An exclusion that has ended no longer makes the player SELF_EXCLUDED.
        String status = p.player().status().name();
        if (p.player().status() == PlayerStatus.SELF_EXCLUDED && !excluded) {
            status = PlayerStatus.ACTIVE.name();
        }
        v.put("status", status);
        v.put("kycStatus", p.player().kycStatus().name());
        v.put("exclusion", p.player().exclusionType() == null ? null
                : mapOf("type", p.player().exclusionType(), "until", p.player().exclusionUntil(), "active", excluded));
        v.put("limits", limits.stream().map(l -> mapOf("rule", l.rule().name(), "defaultValue", l.defaultValue(),
                "override", l.override(), "effective", l.effective())).toList());
        v.put("balance", p.balance());
        v.put("available", p.available());
        v.put("held", p.wallet().held());
        v.put("walletAccountId", String.valueOf(p.wallet().id()));
        v.put("createdAt", p.player().createdAt());
        return v;
    }

    /** A player as the search lists it: stored status, KYC, exclusion and the wallet's figures. */
    static Map<String, Object> playerListed(PlayerAccount p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", p.player().id());
        v.put("username", p.player().username());
        v.put("currency", p.player().currency());
        v.put("status", p.player().status().name());
        v.put("kycStatus", p.player().kycStatus().name());
        v.put("exclusion", p.player().exclusionType() == null ? null
                : mapOf("type", p.player().exclusionType(), "until", p.player().exclusionUntil()));
        v.put("balance", p.balance());
        v.put("available", p.available());
        v.put("walletAccountId", String.valueOf(p.wallet().id()));
        v.put("createdAt", p.player().createdAt());
        return v;
    }

    static Map<String, Object> account(AccountView a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", String.valueOf(a.id()));
        v.put("code", a.code());
        v.put("type", a.type().name());
        v.put("currency", a.currency());
        v.put("balance", a.balance());
        v.put("available", a.available());
        v.put("held", a.held());
        v.put("posted", a.posted());
        v.put("pendingDebits", a.pendingDebits());
        v.put("pendingCredits", a.pendingCredits());
        v.put("lowerBound", a.lowerBound());
        return v;
    }

    static Map<String, Object> entry(EntryView e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", String.valueOf(e.id()));
        v.put("transactionId", String.valueOf(e.transactionId()));
        v.put("accountId", String.valueOf(e.accountId()));
        v.put("amount", e.amount());
        v.put("kind", e.kind());
        v.put("status", e.status().name());
        v.put("orderId", idOrNull(e.orderId()));
        v.put("createdAt", e.createdAt());
        return v;
    }

    static Map<String, Object> statementLine(teller.server.ledger.LedgerQueries.StatementLine line) {
        Map<String, Object> v = entry(line.entry());
        v.put("balanceAfter", line.balanceAfter());
        return v;
    }

    static Map<String, Object> transaction(TransactionView t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", String.valueOf(t.id()));
        v.put("idempotencyKey", t.idempotencyKey());
        v.put("kind", t.kind());
        v.put("orderId", idOrNull(t.orderId()));
        v.put("status", t.status().name());
        v.put("currency", t.currency());
        v.put("reversesId", idOrNull(t.reversesId()));
        v.put("createdAt", t.createdAt());
        v.put("finalizedAt", t.finalizedAt());
        v.put("integrityHash", t.integrityHash());
        v.put("entries", t.entries().stream().map(e -> mapOf("id", String.valueOf(e.id()), "accountId",
                String.valueOf(e.accountId()), "accountCode", e.accountCode(), "amount", e.amount())).toList());
        return v;
    }

    static Map<String, Object> operator(Operator o) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", String.valueOf(o.id()));
        v.put("username", o.username());
        v.put("roles", o.roles().stream().map(Enum::name).sorted().toList());
        v.put("active", o.active());
        v.put("createdAt", o.createdAt());
        v.put("lockedUntil", o.lockedUntil());
        return v;
    }

    static Map<String, Object> audit(AuditEntry a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", String.valueOf(a.id()));
        v.put("at", a.at());
        v.put("actorType", a.actorType());
        v.put("actorId", a.actorId());
        v.put("actorUsername", a.actorUsername());
        v.put("action", a.action());
        v.put("resourceType", a.resourceType());
        v.put("resourceId", a.resourceId());
        v.put("resourceUsername", a.resourceUsername());
        v.put("origin", a.origin());
        v.put("outcome", a.outcome());
        v.put("details", a.details());
        v.put("sealed", a.chainSeq() != null);
        return v;
    }

    static <T> Map<String, Object> page(Page<T> page, java.util.function.Function<T, Map<String, Object>> view) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("items", page.items().stream().map(view).toList());
        v.put("nextCursor", page.nextCursor());
        return v;
    }

    private static String idOrNull(Long id) {
        return id == null ? null : String.valueOf(id);
    }

    /** A map that, unlike Map.of, keeps nulls and order. */
    static Map<String, Object> mapOf(Object... keyValues) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            v.put((String) keyValues[i], keyValues[i + 1]);
        }
        return v;
    }
}
