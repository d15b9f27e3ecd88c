package teller.ui.common;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one source of what an operator reads for the server's codes (issue 16: every enum shown has a
 * label and a tooltip): order statuses and types, fraud levels, rules, flag states and resolutions,
 * limits and their outcomes, check outcomes, roles, player and KYC states, actor types. The codes
 * stay what is sent to the server and what filters hold; screens show {@link #label} and put
 * {@link #tooltip} on the control. An unknown code (a newer server) reads as its words.
 */
public final class Labels {
    /** Where a code means something else than its unscoped entry: a ledger transaction's status. */
    public static final String TRANSACTION = "transaction";
    /** A player's identity check (KYC) status. */
    public static final String KYC = "kyc";
    /** A provider's circuit breaker state. */
    public static final String BREAKER = "breaker";

    private record Text(String label, String tooltip) {
    }

    private static final Map<String, Text> TEXTS = new HashMap<>();

    static {
        // Order statuses.
        put("PENDING_REVIEW", "Waiting for review", "Entered and waiting for an operator to approve or reject it.");
        put("EXECUTING", "Executing", "Approved; the payment or game provider is carrying it out now.");
        put("APPROVED_EXECUTED", "Approved, done", "Approved and carried out: the money moved.");
        put("APPROVED_FAILED", "Approved, failed", "Approved, but the provider failed to carry it out: no money"
                + " moved. Retry it or void it from Failed executions.");
        put("REJECTED", "Rejected", "Refused by an operator; the player was told the reason.");
        put("VOIDED", "Voided", "A failed or refunded order closed for good; nothing more happens to it.");
        // Order types.
        put("DEPOSIT", "Deposit", "The player pays money in; approving credits their wallet.");
        put("GAME_LOAD", "Game load", "Credits from the player's wallet loaded into a game.");
        put("WITHDRAWAL", "Withdrawal", "The player takes money out; approving pays it to them.");
        // Fraud levels (the player's, from the open flags' points).
        put("SAFE", "Safe", "No open fraud flags worth mentioning: score below the suspicious level.");
        put("SUSPICIOUS", "Suspicious", "Open flags put the player's score at the suspicious level: look at"
                + " the evidence before approving.");
        put("RISKY", "Risky", "The player's open flags add up to the risky level: only a SUPERVISOR or ADMIN"
                + " may approve their orders.");
        put("FRAUDULENT", "Fraudulent", "The player's open flags add up to the highest level: only a SUPERVISOR"
                + " or ADMIN may approve their orders.");
        // Fraud rules.
        put("VELOCITY", "Many orders in an hour", "More orders from the player within an hour than the"
                + " velocity threshold allows.");
        put("RAPID_WITHDRAWAL", "Quick withdrawal after a deposit", "A withdrawal requested soon after one of"
                + " the player's deposits was paid in.");
        put("WINNING_STREAK", "Winning streak", "Several withdrawals in a row each took out more than the"
                + " player had paid in since the one before.");
        put("DUPLICATE_PROOF", "Proof used twice", "The same payment proof image is attached to another order.");
        put("AMOUNT_ANOMALY", "Unusual amount", "The amount is many times the player's usual amount for this"
                + " type of order.");
        put("REFUND", "Refunded payment", "The payment provider refunded the charge behind a deposit.");
        // Flag states and resolutions.
        put("OPEN", "Open", "Not reviewed yet: its points count in the player's risk score.");
        put("RESOLVED", "Resolved", "Reviewed and closed by a supervisor; see its resolution.");
        put("CONFIRMED_FRAUD", "Confirmed fraud", "Closes the flag as fraud found. The player stays as they"
                + " are: suspending them is a separate step on the player.");
        put("FALSE_POSITIVE", "False positive", "Closes the flag: the rule tripped on legitimate behaviour."
                + " The player's risk score is worked out again.");
        put("ACCEPTED_RISK", "Accepted risk", "Closes the flag: suspicious, but accepted after review (e.g. a"
                + " known high roller). The player's risk score is worked out again.");
        // Limits, their outcomes and when they were checked.
        put("DAILY_DEPOSIT_LIMIT", "Daily deposit limit", "Approved deposits in the last 24 hours, this one included.");
        put("DAILY_LOSS_LIMIT", "Daily loss limit", "Net loss (game loads minus withdrawals) in the last 24 hours.");
        put("WEEKLY_LOSS_LIMIT", "Weekly loss limit", "Net loss (game loads minus withdrawals) in the last 7 days.");
        put("MONTHLY_LOSS_LIMIT", "Monthly loss limit", "Net loss (game loads minus withdrawals) in the last 30 days.");
        put("MAX_BET_AMOUNT", "Largest game load", "The most one game load may put at risk at once.");
        put("MAX_PAYOUT_AMOUNT", "Largest withdrawal", "The most one withdrawal may pay out.");
        put("WITHDRAWAL_COOLDOWN_SECONDS", "Time between withdrawals", "How long must pass between two approved"
                + " withdrawals of a player.");
        put("PASS", "Passed", "Within the limit, or the check lets the approval through.");
        put("FAIL", "Over the limit", "Over the limit: approving is blocked.");
        put("NO_LIMIT", "No limit set", "No limit of this kind is set for this player or this server.");
        put("BLOCK", "Blocked", "This check refuses the approval.");
        put("NEEDS_SUPERVISOR", "Needs a supervisor", "Only a SUPERVISOR or ADMIN may approve it.");
        put("NEEDS_SECOND_APPROVER", "Needs a second approver", "This approval counts as the first of two;"
                + " a different operator gives the second.");
        put("INTAKE", "At entry", "Checked when the order was entered.");
        put("APPROVAL", "At approval", "Checked when an operator approved (or tried to).");
        // Roles.
        put("VIEWER", "Viewer", "Sees orders, players and reports; decides nothing.");
        put("APPROVER", "Approver", "Approves and rejects orders within the approval caps.");
        put("SUPERVISOR", "Supervisor", "Approves risky players' orders, resolves fraud flags, retries and voids"
                + " failed executions.");
        put("ADMIN", "Administrator", "Everything, including operators, settings and the approval policy.");
        put("AUDITOR", "Auditor", "Reads the audit log and reports; decides nothing.");
        // Players and KYC.
        put("ACTIVE", "Active", "May play and have orders approved.");
        put("SUSPENDED", "Suspended", "Orders are refused until an operator lifts the suspension.");
        put("SELF_EXCLUDED", "Self-excluded", "The player excluded themselves: orders are refused until the"
                + " exclusion ends.");
        put("VERIFIED", "Verified", "The player's identity is verified.");
        put("PENDING", "Pending", "Identity documents are being checked.");
        put("NONE", "Not started", "The player has not started identity verification.");
        // Who acted, and how an audited action ended.
        put("OPERATOR", "Operator", "A person signed in to the console.");
        put("INTEGRATION", "Integration", "A system with an API token (e.g. the chat intake).");
        put("TELEGRAM_BOT", "Telegram bot", "The Telegram bot, on a player's message.");
        put("SYSTEM", "Teller itself", "The server on its own, e.g. an automatic retry or the first start.");
        put("ANONYMOUS", "Not signed in", "A request without a session or token (e.g. a failed sign-in).");
        put("SUCCESS", "Done", "The action was carried out.");
        put("FAILURE", "Failed", "The action was tried and failed.");
        put("DENIED", "Refused", "The action was refused: no permission, or a rule stopped it.");
        put(KYC, "PENDING", "Pending", "Identity documents are being checked.");
        put(KYC, "REJECTED", "Rejected", "The identity documents were not accepted.");
        // Self-exclusions.
        put("TEMPORARY", "Temporary", "The player is excluded for a short, set time.");
        put("EXTENDED", "Extended", "The player is excluded for a long, set time.");
        put("PERMANENT", "Permanent", "The player is excluded for good.");
        // Ledger: transactions, their kinds and the accounts' types.
        put(TRANSACTION, "PENDING", "Held", "Reserved for an order that is still being carried out: posted or"
                + " released when it ends.");
        put("POSTED", "Posted", "Booked in the ledger: the balances include it.");
        put(TRANSACTION, "VOIDED", "Voided", "Undone by a later reversal; it no longer counts in the balances.");
        put("HOLD", "Hold", "Money set aside for a withdrawal or game load while the provider carries it out.");
        put("RELEASE", "Release", "A hold given back: the order ended without moving the money.");
        put("REVERSAL", "Reversal", "Undoes an earlier transaction, e.g. when its order is voided.");
        put("VOID_DEPOSIT", "Voided deposit", "Takes back a deposit's credit when the deposit is voided.");
        put("VOID_GAME_LOAD", "Voided game load", "Gives back a game load's money when the load is voided.");
        put("VOID_WITHDRAWAL", "Voided withdrawal", "Gives back a withdrawal's money when the withdrawal is voided.");
        put("REFERRAL_REWARD", "Referral reward", "A reward paid to a player for a player they referred.");
        put("ASSET", "Asset", "Money the house holds, e.g. at a payment provider.");
        put("LIABILITY", "Liability", "Money the house owes, e.g. the players' wallets.");
        put("EQUITY", "Equity", "The house's own money.");
        put("REVENUE", "Revenue", "What the house earns, e.g. players' losses in games.");
        put("EXPENSE", "Expense", "What the house pays out, e.g. referral rewards.");
        // Ledger check (reconciliation) findings.
        put("BALANCE_MISMATCH", "Balance differs", "An account's stored balance is not the sum of its entries.");
        put("BELOW_LOWER_BOUND", "Below its floor", "An account's balance is below what it may hold (e.g. a"
                + " wallet below zero).");
        put("DUPLICATE_IDEMPOTENCY_KEY", "Sent twice", "Two transactions carry the same idempotency key.");
        put("INTEGRITY_HASH_MISMATCH", "Entries changed", "A transaction's integrity hash no longer matches its"
                + " entries: they were changed outside Teller.");
        put("ORDER_LEDGER_MISMATCH", "Order and ledger differ", "An order's status does not match what the"
                + " ledger booked for it.");
        put("ORDER_POSTED_TWICE", "Order booked twice", "The ledger holds two postings for one order.");
        put("PROVIDER_EXECUTED_BUT_FAILED", "Provider paid, ledger released", "The provider moved the money,"
                + " but the ledger released it as failed.");
        put("PROVIDER_NOT_EXECUTED", "Ledger paid, provider did not", "The ledger moved money that the"
                + " provider did not.");
        put("STRANDED_HOLD", "Hold left over", "A hold keeps money reserved that no execution will settle.");
        put("UNBALANCED_TRANSACTION", "Unbalanced", "A transaction's entries do not add up to zero.");
        // Payment proof forwarding.
        put("QUEUED", "Queued", "Waiting to be sent to the proof chat.");
        put("SENT", "Sent", "Delivered to the proof chat.");
        put("RETRYING", "Retrying", "A send failed; it is tried again after a pause.");
        put("FAILED", "Failed", "Every attempt failed; re-queue it to try again.");
        put("EXPIRED", "Expired", "The proof image was deleted before it could be sent.");
        // Circuit breakers.
        put(BREAKER, "CLOSED", "Closed", "Calls go through to the provider as normal.");
        put(BREAKER, "OPEN", "Open", "Too many calls failed: calls are refused for a while, then a trial"
                + " call is let through.");
        put(BREAKER, "HALF_OPEN", "Trying", "A few trial calls go through; success closes the breaker, failure"
                + " opens it again.");
    }

    private Labels() {
    }

    private static void put(String code, String label, String tooltip) {
        TEXTS.put(code, new Text(label, tooltip));
    }

    private static void put(String scope, String code, String label, String tooltip) {
        TEXTS.put(scope + ":" + code, new Text(label, tooltip));
    }

    private static String key(String scope, String code) {
        return scope != null && code != null && TEXTS.containsKey(scope + ":" + code) ? scope + ":" + code : code;
    }

    /** The label of {@code code} where it means what {@code scope} says (e.g. {@link #TRANSACTION}), else its own. */
    public static String label(String scope, String code) {
        String key = key(scope, code);
        Text text = key == null ? null : TEXTS.get(key);
        return text != null ? text.label() : label(code);
    }

    /** As {@link #tooltip(String)}, in {@code scope}. */
    public static String tooltip(String scope, String code) {
        String key = key(scope, code);
        Text text = key == null ? null : TEXTS.get(key);
        return text != null ? text.tooltip() + " (" + code + ")" : tooltip(code);
    }

    /** As {@link #known(String)}, in {@code scope}. */
    public static boolean known(String scope, String code) {
        return TEXTS.containsKey(key(scope, code));
    }

    /** "Waiting for review" for PENDING_REVIEW; an unknown code as its words ("NEW_THING" → "New thing"). */
    public static String label(String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        Text text = TEXTS.get(code);
        return text != null ? text.label() : words(code);
    }

    /** The label of an enum constant, by its name. */
    public static String label(Enum<?> code) {
        return code == null ? "" : label(code.name());
    }

    /** What the code means, for the control's tooltip; the code itself (as the server sends it) is named last. */
    public static String tooltip(String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        Text text = TEXTS.get(code);
        return (text != null ? text.tooltip() + " " : "") + "(" + code + ")";
    }

    /** What the code means in a sentence, without the code; empty for an unknown code. */
    public static String meaning(String scope, String code) {
        Text text = code == null ? null : TEXTS.get(key(scope, code));
        return text == null ? "" : text.tooltip();
    }

    /** What the code means in a sentence, without the code; empty for an unknown code. */
    public static String meaning(String code) {
        Text text = code == null ? null : TEXTS.get(code);
        return text == null ? "" : text.tooltip();
    }

    public static String tooltip(Enum<?> code) {
        return code == null ? "" : tooltip(code.name());
    }

    /** Whether the code has a label of its own (an operator never reads a bare code for it). */
    public static boolean known(String code) {
        return TEXTS.containsKey(code);
    }

    /** A code's words: {@code NEW_THING} → "New thing". */
    public static String words(String code) {
        String words = code.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
