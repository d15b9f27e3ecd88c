package teller.server.http;

import teller.server.auth.Session;
import teller.server.common.Actor;

/** The signed-in caller of a request. */
public record Principal(Session session, Actor actor) {
    static final String ATTRIBUTE = "teller.principal";
}
