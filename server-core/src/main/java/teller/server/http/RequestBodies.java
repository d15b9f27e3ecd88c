package teller.server.http;

import java.util.List;

/** JSON request bodies of the API (see API.md); every field may be missing and is validated downstream. */
final class RequestBodies {
    private RequestBodies() {
    }

    record Login(String username, String password) {
    }

    record NewOperator(String username, String password, List<String> roles) {
    }

    record OperatorChange(List<String> roles, Boolean active, String password) {
        @Override
        public String toString() {
            // Never print the password, e.g. in a log line.
            return "OperatorChange[roles=" + roles + ", active=" + active + ", password=" + (password == null ? "unchanged" : "***") + "]";
        }
    }

    record NewApiToken(String name, List<String> scopes) {
    }

    record DualApprovalChange(Long amountMin) {
    }

    record ApprovalCapChange(Long amountMax) {
    }

    record NewPlayer(String id, String username, String currency, String referrerId) {
    }

    record Source(String channel, String conversationId) {
    }

    record NewOrder(String type, String playerId, Long amount, String currency, String gameName, String paymentMethod,
                    Source source, String proofImage) {
    }

    record KycChange(String status) {
    }

    record ExclusionChange(String type, String until) {
    }

    record Note(String note) {
    }

    /** {@code POST /orders/{id}/claim}: a supervisor's {@code takeOver} of another operator's claim. */
    record ClaimRequest(Boolean takeOver) {
    }

    record Reason(String reason) {
    }

    /** {@code POST /orders/retry}: the orders to execute again (ids as strings or numbers). */
    record BulkRetry(List<Object> orderIds) {
    }

    record ReferrerChange(String referrerId) {
    }
}
