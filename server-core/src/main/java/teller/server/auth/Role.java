package teller.server.auth;

/** What an operator may do; see DESIGN.md. Enforced per route in the HTTP layer. */
public enum Role {
    VIEWER, APPROVER, SUPERVISOR, ADMIN, AUDITOR
}
