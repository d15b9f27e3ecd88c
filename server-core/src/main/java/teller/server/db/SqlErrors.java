package teller.server.db;

import java.sql.SQLException;
import java.util.Map;
import teller.server.common.ConflictException;
import teller.server.common.DatabaseUnavailableException;
import teller.server.common.OverloadedException;
import teller.server.ledger.InsufficientFundsException;

/** Turns database refusals that are expected outcomes into domain errors; the rest stay failures. */
final class SqlErrors {
    private static final String CHECK_VIOLATION = "23514";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK_DETECTED = "40P01";
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String QUERY_CANCELED = "57014";

    private SqlErrors() {
    }

    static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    static boolean isRetryableConflict(Throwable error) {
        String state = sqlState(error);
        return SERIALIZATION_FAILURE.equals(state) || DEADLOCK_DETECTED.equals(state);
    }

    /**
     * The database could not be reached or went away under the statement: no connection within the
     * pool's timeout, SQLSTATE class 08 (connection exception), or PostgreSQL shutting down, crashed
     * or still starting (57P01, 57P02, 57P03).
     */
    static boolean isDatabaseUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    static RuntimeException translate(RuntimeException error) {
        if (isDatabaseUnavailable(error)) {
            return new DatabaseUnavailableException("the database is unavailable at the moment; try again shortly", error);
        }
        String state = sqlState(error);
        if (LOCK_NOT_AVAILABLE.equals(state)) {
            // lock_timeout (DATABASE_LOCK_TIMEOUT_MS): another transaction holds the row; the
            // statement rolled back with its transaction, so nothing was written (decision 0101).
            return new OverloadedException("BUSY", "a record this request needs is held by another request; retry shortly");
        }
        if (QUERY_CANCELED.equals(state)) {
            // statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS); the transaction rolled back.
            return new OverloadedException("BUSY", "the database did not finish this request in time; retry shortly");
        }
        String message = messageOf(error);
        if (CHECK_VIOLATION.equals(state) && message.contains("account_balances_available_ck")) {
            return new InsufficientFundsException("the wallet's available balance does not cover this amount");
        }
        if (message.contains("ORDER_ILLEGAL_TRANSITION")) {
            return new ConflictException("ORDER_ILLEGAL_TRANSITION", "the order is not in a state that allows this",
                    Map.of());
        }
        return error;
    }

    private static String messageOf(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                all.append(t.getMessage()).append('\n');
            }
        }
        return all.toString();
    }
}
