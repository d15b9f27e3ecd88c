package teller.server.http;

import static io.javalin.http.HandlerType.POST;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;
import teller.server.payments.PaymentNotice;
import teller.server.payments.PaymentWebhookService;
import teller.server.payments.WebhookSignature;

/**
 * Payment provider webhooks. No bearer token: the route is {@link Access#signedBy} the signature
 * header, which the service checks over the raw body before the body is parsed (decision 0036).
 */
final class WebhookRoutes {
    private final PaymentWebhookService payments;
    private final ObjectMapper json;

    WebhookRoutes(PaymentWebhookService payments, ObjectMapper json) {
        this.payments = payments;
        this.json = json;
    }

    List<ApiRoute> routes() {
        return List.of(new ApiRoute(POST, "/api/v1/webhooks/payments/{provider}", Access.signedBy(WebhookSignature.HEADER),
                "A payment provider reports a charge (signed with HMAC-SHA256 of the raw body; idempotent on the charge)",
                "PaymentNotice", "PaymentReceipt", ctx -> {
            // The bytes exactly as sent: the signature covers them, not a re-serialization.
            byte[] raw = ctx.bodyAsBytes();
            var receipt = payments.receive(ctx.pathParam("provider"), ctx.header(WebhookSignature.HEADER), raw, ctx.ip(),
                    body -> Bodies.parse(body, json, PaymentNotice.class));
            var delivery = receipt.delivery();
            Map<String, Object> view = Views.mapOf(
                    "provider", delivery.provider(),
                    "chargeId", delivery.chargeId(),
                    "status", delivery.status().name(),
                    "deliveries", delivery.deliveries(),
                    "duplicate", receipt.duplicate(),
                    "orderId", receipt.order().map(o -> String.valueOf(o.id())).orElse(null),
                    "orderStatus", receipt.order().map(o -> o.status().name()).orElse(null),
                    "lastError", delivery.lastError());
            // 202: the charge is recorded but its order waits for an operator (a rule refused it).
            boolean waiting = receipt.order().map(Order::status).filter(s -> s == OrderStatus.PENDING_REVIEW).isPresent();
            ctx.status(waiting ? 202 : 200).json(view);
        }));
    }
}
