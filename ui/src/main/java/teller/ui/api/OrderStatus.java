package teller.ui.api;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** Order statuses of the API; {@link #UNKNOWN} stands for a status a newer server may add. */
public enum OrderStatus {
    PENDING_REVIEW,
    EXECUTING,
    APPROVED_EXECUTED,
    APPROVED_FAILED,
    REJECTED,
    VOIDED,
    @JsonEnumDefaultValue
    UNKNOWN;
}
