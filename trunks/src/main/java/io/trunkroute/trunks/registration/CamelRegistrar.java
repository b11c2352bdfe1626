package io.trunkroute.trunks.registration;

import io.trunkroute.sip.SipConstants;
import io.trunkroute.sip.auth.DigestCredentials;
import io.trunkroute.sip.client.SipRequestException;
import io.trunkroute.trunks.model.Trunk;
import io.trunkroute.trunks.model.TrunkAuth;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;

/** Sends a trunk's REGISTER through the {@code sip:} component's producer. */
public final class CamelRegistrar implements Registrar {

    private final ProducerTemplate template;
    private final String endpointUri;

    public CamelRegistrar(CamelContext context, Duration requestTimeout) {
        this.template = context.createProducerTemplate();
        this.endpointUri = "sip:register?method=REGISTER&requestTimeout=" + requestTimeout.toMillis();
    }

    @Override
    public CompletionStage<RegisterOutcome> send(RegisterAttempt attempt) {
        Trunk trunk = attempt.trunk();
        if (!(trunk.auth() instanceof TrunkAuth.Password auth)) {
            throw new IllegalArgumentException("trunk " + trunk.id() + " uses IP authentication and never registers");
        }
        String hostPort = hostPort(trunk.server(), trunk.port());
        return template.asyncSend(endpointUri, exchange -> {
            Message in = exchange.getIn();
            in.setHeader(SipConstants.REQUEST_URI, "sip:" + hostPort);
            in.setHeader(SipConstants.FROM, "sip:" + auth.username() + "@" + hostPort);
            in.setHeader(SipConstants.CONTACT, attempt.contactUri());
            if (!attempt.removeContacts().isEmpty()) {
                in.setHeader(SipConstants.EXTRA_CONTACTS, attempt.removeContacts().stream()
                        .map(c -> "<" + c + ">;expires=0").toList());
            }
            in.setHeader(SipConstants.EXPIRES, attempt.expires());
            in.setHeader(SipConstants.CALL_ID, attempt.callId());
            in.setHeader(SipConstants.CSEQ, attempt.cseq());
            in.setHeader(SipConstants.TRANSPORT, trunk.transport().token());
            if (trunk.outboundProxy() != null) {
                String proxy = trunk.outboundProxy();
                in.setHeader(SipConstants.OUTBOUND_PROXY, proxy.startsWith("sip") ? proxy : "sip:" + proxy);
            }
            in.setHeader(SipConstants.CREDENTIALS, new DigestCredentials(auth.username(), auth.authUsername(),
                    auth.password().reveal()));
        }).thenApply(exchange -> outcome(exchange, attempt));
    }

    @SuppressWarnings("unchecked")
    private static RegisterOutcome outcome(Exchange exchange, RegisterAttempt attempt) {
        Exception failure = exchange.getException();
        if (failure instanceof SipRequestException e) {
            return new RegisterOutcome.Unanswered(e.kind() == SipRequestException.Kind.TIMEOUT, e.getMessage());
        }
        if (failure != null) {
            return new RegisterOutcome.Unanswered(false, failure.getMessage());
        }
        Message m = exchange.getMessage();
        int code = m.getHeader(SipConstants.STATUS_CODE, Integer.class);
        Integer granted = null;
        if (code / 100 == 2) {
            granted = ContactUris.grantedExpires(m.getHeader(SipConstants.RESPONSE_CONTACTS, List.class),
                    m.getHeader(SipConstants.RESPONSE_EXPIRES, Integer.class), attempt.contactUri(), attempt.expires());
        }
        return new RegisterOutcome.Answered(code, m.getHeader(SipConstants.REASON_PHRASE, String.class), granted,
                m.getHeader(SipConstants.MIN_EXPIRES, Integer.class), m.getHeader(SipConstants.RETRY_AFTER, Integer.class),
                m.getHeader(SipConstants.CSEQ, Long.class));
    }

    static String hostPort(String server, int port) {
        String host = server.contains(":") && !server.startsWith("[") ? "[" + server + "]" : server;
        return host + ":" + port;
    }
}
