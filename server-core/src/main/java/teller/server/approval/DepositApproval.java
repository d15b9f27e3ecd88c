package teller.server.approval;

import teller.server.common.Actor;

public record DepositApproval(long orderId, Actor actor, String note) {
}
