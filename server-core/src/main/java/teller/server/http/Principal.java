package teller.server.http;

import teller.server.auth.Session;
import teller.server.common.Actor;

/** The signed-in caller of a request; {@code session} is null for an integration's API token. */
public record Principal(Session session, Actor actor) {
    static final String ATTRIBUTE = "teller.principal";
}
