package io.trunkroute.sip;

import io.trunkroute.sip.stack.IncomingRequest;
import io.trunkroute.sip.stack.IncomingRequestHandler;
import io.trunkroute.sip.stack.SipNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sip.message.Response;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Receives new requests of the configured methods. After the route ran, the request is answered
 * with {@link SipConstants#STATUS_CODE} (and reason), or 500 when the route failed; a route that
 * answered on its own (B2BUA) sets {@link SipConstants#RESPONDED}.
 */
final class SipConsumer extends DefaultConsumer implements IncomingRequestHandler {

    private List<String> methods = List.of();

    SipConsumer(SipEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public SipEndpoint getEndpoint() {
        return (SipEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        methods = Arrays.stream(getEndpoint().getConfiguration().getMethods().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).toList();
        SipNode node = getEndpoint().getComponent().getNode();
        for (String method : methods) {
            node.registerHandler(method, this);
        }
    }

    @Override
    protected void doStop() throws Exception {
        SipComponent component = getEndpoint().getComponent();
        if (component.isStarted()) {
            for (String method : methods) {
                component.getNode().unregisterHandler(method, this);
            }
        }
        super.doStop();
    }

    @Override
    public void onRequest(IncomingRequest incoming) {
        Exchange exchange = createExchange(true);
        SipBinding.fromIncoming(incoming, exchange);
        getAsyncProcessor().process(exchange, doneSync -> {
            try {
                answer(incoming, exchange);
            } finally {
                releaseExchange(exchange, false);
            }
        });
    }

    private void answer(IncomingRequest incoming, Exchange exchange) {
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("route failed for " + incoming.request().getMethod(),
                    exchange, exchange.getException());
            incoming.respond(Response.SERVER_INTERNAL_ERROR, null);
            return;
        }
        if (Boolean.TRUE.equals(exchange.getMessage().getHeader(SipConstants.RESPONDED, Boolean.class))) {
            return;
        }
        Integer code = exchange.getMessage().getHeader(SipConstants.STATUS_CODE, Integer.class);
        String reason = exchange.getMessage().getHeader(SipConstants.REASON_PHRASE, String.class);
        incoming.respond(code == null ? Response.SERVER_INTERNAL_ERROR : code, reason);
    }
}
