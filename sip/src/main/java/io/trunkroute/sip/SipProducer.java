package io.trunkroute.sip;

import io.trunkroute.sip.client.RequestSpec;
import java.time.Duration;
import javax.sip.message.Request;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Sends one request per exchange without blocking a thread while the carrier thinks: the exchange
 * completes when the final response arrives, with it in the {@link SipConstants} output headers,
 * or with a {@link io.trunkroute.sip.client.SipRequestException} on timeout or transport failure.
 */
final class SipProducer extends DefaultAsyncProducer {

    SipProducer(SipEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public SipEndpoint getEndpoint() {
        return (SipEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        SipEndpoint endpoint = getEndpoint();
        SipComponent component = endpoint.getComponent();
        Request request;
        try {
            RequestSpec spec = SipBinding.toRequestSpec(exchange.getIn(), endpoint.getConfiguration());
            request = component.requestFactory().create(spec);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        component.client()
                .send(request, SipBinding.credentials(exchange.getIn()),
                        Duration.ofMillis(endpoint.getConfiguration().getRequestTimeout()), null)
                .whenComplete((result, failure) -> {
                    if (failure != null) {
                        exchange.setException(failure instanceof java.util.concurrent.CompletionException
                                && failure.getCause() != null ? failure.getCause() : failure);
                    } else {
                        SipBinding.fromResult(result, exchange.getMessage());
                    }
                    callback.done(false);
                });
        return false;
    }
}
