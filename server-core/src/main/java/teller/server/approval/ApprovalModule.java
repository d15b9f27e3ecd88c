package teller.server.approval;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import teller.server.audit.AuditLog;
import teller.server.common.Transactor;
import teller.server.events.Outbox;
import teller.server.ledger.Ledger;
import teller.server.orders.OrderStore;
import teller.server.provider.ExecutionProvider;
import teller.server.provider.ProviderKind;
import teller.server.risk.RiskSettings;
import teller.server.risk.RiskStore;

/**
 * The approval path assembled: the rules, the deposit batcher, the provider executions, claims and
 * the service in front of them, all over the same stores and the same rules. Built once per server
 * by the composition root ({@code teller.server.DomainWiring}), which production and tests share.
 */
public final class ApprovalModule implements AutoCloseable {
    private final ApprovalService service;
    private final OrderClaims claims;
    private final DepositBatcher batcher;

    /** What the approval path reads and writes; every store joins the caller's transaction. */
    public record Stores(OrderStore orders, ApprovalStore approvals, ApprovalFactsStore facts, ApprovalPolicyStore policy,
                         ClaimStore claims, RiskStore risk, Ledger ledger, AuditLog audit, Outbox outbox) {
    }

    /** The bounds of the path: deposit group commit (decision 0002), execution, claims and the rules' limits. */
    public record Settings(ApprovalSettings approval, ClaimSettings claims, RiskSettings risk, int batchSizeMax,
                           int batchFlushers, int queueCapacity) {
    }

    public ApprovalModule(Transactor tx, Stores stores, Map<ProviderKind, ExecutionProvider> providers,
                          Executor executions, Clock clock, Settings settings) {
        ApprovalRules rules = new ApprovalRules(settings.risk());
        DecisionWrites writes = new DecisionWrites(stores.risk(), stores.policy(), stores.audit(), stores.outbox());
        this.claims = new OrderClaims(tx, stores.approvals(), stores.orders(), stores.claims(), stores.audit(),
                stores.outbox(), clock, settings.claims());
        ProviderExecutions execution = new ProviderExecutions(tx, stores.orders(), stores.approvals(), stores.ledger(),
                stores.audit(), stores.outbox(), providers, executions, clock, settings.approval());
        this.batcher = new DepositBatcher(tx, new DepositBatch(stores.approvals(), stores.facts(), rules, claims, execution,
                clock), settings.batchSizeMax(), settings.batchFlushers(), settings.queueCapacity());
        this.service = new ApprovalService(tx, stores.orders(), stores.approvals(), stores.facts(), stores.ledger(),
                stores.audit(), stores.outbox(), batcher, execution, rules, writes, claims, clock, settings.approval());
    }

    public ApprovalService service() {
        return service;
    }

    public OrderClaims claims() {
        return claims;
    }

    /** The deposit batcher, for its metrics (batches and approvals flushed). */
    public DepositBatcher deposits() {
        return batcher;
    }

    @Override
    public void close() {
        batcher.close();
    }
}
